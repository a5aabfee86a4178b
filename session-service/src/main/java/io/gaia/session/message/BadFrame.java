package io.gaia.session.message;

/** A client frame that cannot be served: answered with an {@code error} frame, the socket stays open. */
public class BadFrame extends RuntimeException {

    private final String code;
    private final String field;

    public BadFrame(String code, String field, String message) {
        super(message);
        this.code = code;
        this.field = field;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }
}
