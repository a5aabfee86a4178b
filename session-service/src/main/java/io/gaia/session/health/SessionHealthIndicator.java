package io.gaia.session.health;

import io.gaia.session.connection.ConnectionRegistry;
import io.gaia.session.delta.DeltaSubscriptions;
import io.gaia.session.lifecycle.Draining;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** {@code sessions} in /actuator/health: open sockets, players, NATS subjects held; OUT_OF_SERVICE while draining. */
@Component("sessions")
class SessionHealthIndicator implements HealthIndicator {

    private final ConnectionRegistry registry;
    private final DeltaSubscriptions subscriptions;
    private final Draining draining;

    SessionHealthIndicator(ConnectionRegistry registry, DeltaSubscriptions subscriptions, Draining draining) {
        this.registry = registry;
        this.subscriptions = subscriptions;
        this.draining = draining;
    }

    @Override
    public Health health() {
        Health.Builder builder = draining.isDraining() ? Health.outOfService() : Health.up();
        return builder.withDetail("connections", registry.size())
                .withDetail("users", registry.users())
                .withDetail("subscriptions", subscriptions.subjects())
                .build();
    }
}
