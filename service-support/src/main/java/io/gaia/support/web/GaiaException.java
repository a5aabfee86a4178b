package io.gaia.support.web;

import org.springframework.http.HttpStatus;

/** An error a handler raises on purpose: a documented code, a message for the client, and its status. */
public class GaiaException extends RuntimeException {

    private final String code;
    private final HttpStatus status;

    public GaiaException(String code, String message) {
        this(code, message, ErrorResponses.statusOf(code));
    }

    public GaiaException(String code, String message, HttpStatus status) {
        super(message);
        this.code = code;
        this.status = status;
    }

    public String code() {
        return code;
    }

    public HttpStatus status() {
        return status;
    }
}
