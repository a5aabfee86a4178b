package io.gaia.support.nats;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * NATS in the health report. A service without NATS still serves (state is the truth; deltas are
 * an optimisation), so a lost connection is {@code DEGRADED} — answered with HTTP 200 — not DOWN.
 */
public class NatsHealthIndicator implements HealthIndicator {

    public static final Status DEGRADED = new Status("DEGRADED", "NATS unreachable; reconnecting");

    private final NatsConnection nats;

    public NatsHealthIndicator(NatsConnection nats) {
        this.nats = nats;
    }

    @Override
    public Health health() {
        Health.Builder builder = nats.isConnected() ? Health.up() : Health.status(DEGRADED);
        return builder
                .withDetail("url", nats.url())
                .withDetail("connected", nats.isConnected())
                .withDetail("status", nats.status())
                .build();
    }
}
