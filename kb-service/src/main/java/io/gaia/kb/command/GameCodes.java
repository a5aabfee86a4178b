package io.gaia.kb.command;

/**
 * Error codes only kb-service's commands produce (HTTP 400 unless noted), in addition to the shared
 * {@link io.gaia.events.ErrorCodes}. Documented in docs/protocol.md.
 */
public final class GameCodes {

    /** The NPC does not take that item. */
    public static final String NOT_ACCEPTED = "not_accepted";
    /** The item has no use. */
    public static final String NOT_USABLE = "not_usable";

    private GameCodes() {
    }
}
