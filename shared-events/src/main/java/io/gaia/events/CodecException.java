package io.gaia.events;

/**
 * A message that could not be read or written. {@code code} is one of {@link ErrorCodes};
 * {@code field} names the offending wire field when there is one.
 */
public class CodecException extends RuntimeException {

    private final String code;
    private final String field;

    public CodecException(String code, String field, String message, Throwable cause) {
        super(message, cause);
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
