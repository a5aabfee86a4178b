package io.gaia.kb.command;

/**
 * A command's documented refusal: a code from {@link io.gaia.events.ErrorCodes}
 * and a message for the player. Thrown before any state is changed.
 */
public class GameError extends RuntimeException {

    private final String code;

    public GameError(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
