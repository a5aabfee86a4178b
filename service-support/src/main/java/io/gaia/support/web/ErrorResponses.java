package io.gaia.support.web;

import io.gaia.events.CodecException;
import io.gaia.events.ErrorBody;
import io.gaia.events.ErrorCodes;
import io.gaia.events.GaiaJson;
import io.gaia.support.jwt.InvalidTokenException;
import java.util.regex.Pattern;
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
        // Spring's wording for a required @RequestBody that is absent (its cause is a DecodingException)
        if ("No request body".equals(e.getReason())) {
            return respond(HttpStatus.BAD_REQUEST, ErrorCodes.INVALID_JSON, "the request body is empty; a JSON object is required");
        }
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

    /**
     * The status and body of any failure, for a transport other than HTTP (kb-service's NATS responder),
     * by the same rules as the handlers above.
     */
    public static ResponseEntity<ErrorBody> of(Throwable error) {
        ErrorResponses rules = new ErrorResponses();
        if (error instanceof InvalidTokenException e) {
            return rules.invalidToken(e);
        }
        if (error instanceof CodecException e) {
            return rules.codec(e);
        }
        if (error instanceof GaiaException e) {
            return rules.gaia(e);
        }
        return rules.unexpected(error instanceof Exception e ? e : new IllegalStateException(error));
    }

    public static HttpStatus statusOf(String code) {
        return switch (code) {
            case ErrorCodes.PAYLOAD_TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
            case ErrorCodes.UNAUTHORIZED, ErrorCodes.TOKEN_EXPIRED -> HttpStatus.UNAUTHORIZED;
            case ErrorCodes.FORBIDDEN -> HttpStatus.FORBIDDEN;
            case ErrorCodes.UNKNOWN_EXPERIENCE, ErrorCodes.NOT_FOUND -> HttpStatus.NOT_FOUND;
            case ErrorCodes.ALREADY_TAKEN, ErrorCodes.CONFLICT -> HttpStatus.CONFLICT;
            case ErrorCodes.RATE_LIMITED -> HttpStatus.TOO_MANY_REQUESTS;
            case ErrorCodes.EXPERIENCE_UNAVAILABLE, ErrorCodes.UPSTREAM_UNAVAILABLE, ErrorCodes.NOT_OWNER,
                 ErrorCodes.COMMIT_UNCONFIRMED, ErrorCodes.COMMAND_UNAVAILABLE ->
                    HttpStatus.SERVICE_UNAVAILABLE;
            case ErrorCodes.TIMEOUT -> HttpStatus.GATEWAY_TIMEOUT;
            case ErrorCodes.PATCH_REFUSED -> HttpStatus.BAD_GATEWAY;
            case ErrorCodes.INTERNAL_ERROR -> HttpStatus.INTERNAL_SERVER_ERROR;
            default -> HttpStatus.BAD_REQUEST;
        };
    }

    private static ResponseEntity<ErrorBody> respond(HttpStatus status, String code, String message) {
        return ResponseEntity.status(status).body(ErrorBody.of(code, safeMessage(message)));
    }

    /**
     * A message fit for a client: Java class names (a library's wording, such as Jackson's
     * "value of type `java.lang.String`") become their simple names, hints naming library internals are
     * dropped, and absolute server paths become {@code <path>}.
     */
    public static String safeMessage(String message) {
        if (message == null) {
            return null;
        }
        String out = LIBRARY_HINT.matcher(message).replaceAll("");
        out = QUALIFIED_CLASS.matcher(out).replaceAll("$1");
        return ABSOLUTE_PATH.matcher(out).replaceAll("<path>");
    }

    /** {@code java.lang.String}, {@code io.gaia.events.ActionRequest$Builder}: package parts, then a capitalised simple name. */
    private static final Pattern QUALIFIED_CLASS = Pattern.compile("\\b(?:[a-z_][a-z0-9_]*\\.)+([A-Z][A-Za-z0-9_]*)(?:\\$[A-Za-z0-9_$]*)?");
    /** Jackson's coercion hints name its configuration classes: "(but could if coercion was enabled using `CoercionConfig`)". */
    private static final Pattern LIBRARY_HINT = Pattern.compile("\\s*\\((?:but could|through reference chain|[^()]*CoercionConfig)[^()]*\\)");
    /** A file path under a server root, as in {@code /var/lib/gaia/state/x.json}; API paths such as {@code /chat/unified} stay. */
    private static final Pattern ABSOLUTE_PATH = Pattern.compile(
            "(?<![\\w.])/(?:home|root|tmp|var|opt|usr|etc|srv|mnt|data|app|work|proc|Users)(?:/[\\w.@-]+)+/?");
}
