package io.gaia.kb.world;

/**
 * A player's two version counters after an action: their world (in a shared world, the chain of the
 * {@code zone} they stand in; else their private world's) and their own state, and the epoch
 * (history) they belong to.
 */
public record Versions(long world, long player, String epoch, String zone) {

    public Versions(long world, long player) {
        this(world, player, null, null);
    }

    /** {@code {world, player}} as the wire has it: the epoch travels beside it, as {@code epoch}. */
    public io.gaia.events.socket.Versions wire() {
        return new io.gaia.events.socket.Versions(world, player);
    }
}
