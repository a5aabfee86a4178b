package io.gaia.support.kb;

import java.time.Duration;

/**
 * How a service calls kb-service (each service binds these from its own properties, e.g.
 * {@code gaia.session.kb-timeout}).
 *
 * @param timeout          longest wait for one answer; a call that times out is not tried again
 * @param maxResponseBytes largest answer accepted (reassembled from parts); bigger: {@code payload_too_large}
 * @param retryWindow      how long a call keeps trying while no kb-service serves the experience (a
 *                         restart, or ownership moving) before it fails with {@code upstream_unavailable}
 */
public record KbClientSettings(Duration timeout, int maxResponseBytes, Duration retryWindow) {

    public static final Duration DEFAULT_RETRY_WINDOW = Duration.ofSeconds(5);

    public KbClientSettings {
        if (timeout == null || timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("kb timeout must be positive");
        }
        if (maxResponseBytes <= 0) {
            throw new IllegalArgumentException("kb max response size must be positive");
        }
        retryWindow = retryWindow == null ? DEFAULT_RETRY_WINDOW : retryWindow;
    }
}
