package io.gaia.support.jwt;

/** A token that must not be accepted; {@code code} is {@code unauthorized} or {@code token_expired}. */
public class InvalidTokenException extends RuntimeException {

    private final String code;

    public InvalidTokenException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
