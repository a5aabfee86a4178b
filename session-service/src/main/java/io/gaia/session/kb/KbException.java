package io.gaia.session.kb;

/** kb-service refused or failed a call; {@code code} is one of {@code ErrorCodes}. */
public class KbException extends RuntimeException {

    private final String code;
    private final int status;

    public KbException(String code, String message, int status) {
        super(message);
        this.code = code;
        this.status = status;
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }
}
