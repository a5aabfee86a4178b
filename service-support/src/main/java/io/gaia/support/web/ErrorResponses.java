package io.gaia.support.web;

import io.gaia.events.CodecException;
import io.gaia.events.ErrorBody;
import io.gaia.events.ErrorCodes;
import io.gaia.events.GaiaJson;
import io.gaia.support.jwt.InvalidTokenException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;
import tools.jackson.core.JacksonException;

/**
 * Every HTTP error leaves a GAIA service as {@link ErrorBody} {@code {type, code, message}} with a
 * matching status; nothing reaches a client as a stack trace.
 */
@RestControllerAdvice
public class ErrorResponses {

    private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);

    @ExceptionHandler(InvalidTokenException.class)
    ResponseEntity<ErrorBody> invalidToken(InvalidTokenException e) {
        return respond(HttpStatus.UNAUTHORIZED, e.code(), e.getMessage());
    }

    @ExceptionHandler(CodecException.class)
    ResponseEntity<ErrorBody> codec(CodecException e) {
        return respond(statusOf(e.code()), e.code(), e.getMessage());
    }

    @ExceptionHandler(GaiaException.class)
    ResponseEntity<ErrorBody> gaia(GaiaException e) {
        return respond(e.status(), e.code(), e.getMessage());
    }

    @ExceptionHandler(ServerWebInputException.class)
    ResponseEntity<ErrorBody> input(ServerWebInputException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            // a request record refused its own content (e.g. a missing 'message'): its code stands
            if (cause instanceof GaiaException refused) {
                return gaia(refused);
            }
        }
        if (e.getReason() != null && e.getReason().startsWith("No request body")) {
            return respond(HttpStatus.BAD_REQUEST, ErrorCodes.INVALID_JSON, "empty request body: send a JSON object");
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof DataBufferLimitException) {
                return respond(HttpStatus.CONTENT_TOO_LARGE, ErrorCodes.PAYLOAD_TOO_LARGE, "request body too large");
            }
            if (cause instanceof JacksonException jackson) {
                return codec(GaiaJson.translate(jackson));
            }
            if (cause instanceof CodecException codec) {
                return codec(codec);
            }
        }
        return respond(HttpStatus.BAD_REQUEST, ErrorCodes.INVALID_FIELD, e.getReason() == null ? "invalid request" : e.getReason());
    }

    @ExceptionHandler(ResponseStatusException.class)
    ResponseEntity<ErrorBody> status(ResponseStatusException e) {
        HttpStatus status = HttpStatus.resolve(e.getStatusCode().value());
        String code = status == HttpStatus.NOT_FOUND ? ErrorCodes.NOT_FOUND
                : status == HttpStatus.CONTENT_TOO_LARGE ? ErrorCodes.PAYLOAD_TOO_LARGE
                : e.getStatusCode().is4xxClientError() ? ErrorCodes.INVALID_FIELD : ErrorCodes.INTERNAL_ERROR;
        return respond(status == null ? HttpStatus.INTERNAL_SERVER_ERROR : status, code,
                e.getReason() == null ? e.getStatusCode().toString() : e.getReason());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ErrorBody> unexpected(Exception e) {
        log.error("unexpected error", e);
        return respond(HttpStatus.INTERNAL_SERVER_ERROR, ErrorCodes.INTERNAL_ERROR, "internal error");
    }

    public static HttpStatus statusOf(String code) {
        return switch (code) {
            case ErrorCodes.PAYLOAD_TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
            case ErrorCodes.UNAUTHORIZED, ErrorCodes.TOKEN_EXPIRED -> HttpStatus.UNAUTHORIZED;
            case ErrorCodes.FORBIDDEN -> HttpStatus.FORBIDDEN;
            case ErrorCodes.UNKNOWN_EXPERIENCE, ErrorCodes.NOT_FOUND -> HttpStatus.NOT_FOUND;
            case ErrorCodes.ALREADY_TAKEN, ErrorCodes.CONFLICT -> HttpStatus.CONFLICT;
            case ErrorCodes.RATE_LIMITED -> HttpStatus.TOO_MANY_REQUESTS;
            case ErrorCodes.EXPERIENCE_UNAVAILABLE, ErrorCodes.UPSTREAM_UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
            case ErrorCodes.TIMEOUT -> HttpStatus.GATEWAY_TIMEOUT;
            case ErrorCodes.INTERNAL_ERROR -> HttpStatus.INTERNAL_SERVER_ERROR;
            default -> HttpStatus.BAD_REQUEST;
        };
    }

    private static ResponseEntity<ErrorBody> respond(HttpStatus status, String code, String message) {
        return ResponseEntity.status(status).body(ErrorBody.of(code, message));
    }
}
