package io.gaia.support.nats;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The NATS connection as meters, in every service: {@code gaia.nats.connected} (1 or 0) and
 * {@code gaia.nats.reconnects} (how often it had to reconnect). NATS being down never fails an
 * action, so these are how an operator sees it.
 */
public final class NatsMetrics implements MeterBinder {

    private final NatsConnection nats;

    public NatsMetrics(NatsConnection nats) {
        this.nats = nats;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("gaia.nats.connected", nats, n -> n.isConnected() ? 1 : 0)
                .description("1 while connected to NATS, 0 while (re)connecting").register(registry);
        FunctionCounter.builder("gaia.nats.reconnects", nats,
                        n -> n.current().map(c -> (double) c.getStatistics().getReconnects()).orElse(0.0))
                .description("reconnects to NATS since start").register(registry);
    }
}
