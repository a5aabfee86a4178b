package io.gaia.support.kb;

import io.gaia.support.web.GaiaException;
import org.springframework.http.HttpStatus;

/**
 * A call to kb-service failed. {@code code} is one of {@code ErrorCodes}: kb-service's own code when it
 * answered with one (its status comes with it), else {@code upstream_unavailable} (no kb-service serves
 * the experience, or its answer was unreadable), {@code timeout} or {@code payload_too_large}. As a
 * {@link GaiaException} it reaches an HTTP client as the usual {@code ErrorBody}.
 */
public class KbException extends GaiaException {

    public KbException(String code, String message, HttpStatus status) {
        super(code, message, status);
    }

    public KbException(String code, String message, int status) {
        this(code, message, statusOf(status));
    }

    private static HttpStatus statusOf(int status) {
        HttpStatus resolved = HttpStatus.resolve(status);
        return resolved != null ? resolved : HttpStatus.BAD_GATEWAY;
    }
}
