package io.gaia.kb.command;

/**
 * A command's documented refusal: a code from {@link io.gaia.events.ErrorCodes}
 * and a message for the player. Thrown before any state is changed.
 */
public class GameError extends RuntimeException {

    private final String code;
    private final java.util.Map<String, Object> metadata;

    public GameError(String code, String message) {
        this(code, message, java.util.Map.of());
    }

    /** A refusal with details for the client (e.g. what a destructive command would change). */
    public GameError(String code, String message, java.util.Map<String, Object> metadata) {
        super(message, null, false, false);
        this.code = code;
        this.metadata = metadata;
    }

    public java.util.Map<String, Object> metadata() {
        return metadata;
    }

    public String code() {
        return code;
    }
}
