package io.gaia.events;

/** The body of every error that crosses a boundary: HTTP error responses and WebSocket {@code error} frames. */
public record ErrorBody(String type, String code, String message) {

    public static final String TYPE = "error";

    public ErrorBody {
        type = TYPE;
        Required.text(code, "code");
        Required.present(message, "message");
    }

    public static ErrorBody of(String code, String message) {
        return new ErrorBody(TYPE, code, message);
    }
}
