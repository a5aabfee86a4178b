package io.gaia.kb.world;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A player's two version counters after an action: their world (shared or private) and their own
 * state, and the epoch (history) they belong to.
 */
public record Versions(long world, long player, String epoch) {

    public Versions(long world, long player) {
        this(world, player, null);
    }

    /** {@code {world, player}}: the epoch travels beside it, as {@code epoch}. */
    public Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("world", world);
        out.put("player", player);
        return out;
    }
}
