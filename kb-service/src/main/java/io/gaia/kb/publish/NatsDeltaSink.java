package io.gaia.kb.publish;

import io.gaia.events.GaiaJson;
import io.gaia.kb.KbProperties;
import io.gaia.kb.world.Delta;
import io.gaia.kb.world.DeltaSink;
import io.gaia.support.nats.NatsConnection;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.nats.client.Connection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes deltas with NATS core publish (jnats queues the bytes and returns; nothing waits for
 * JetStream). NATS being down never fails an action: the delta is counted as failed, the outage is
 * logged once, and a circuit breaker stops even trying while NATS keeps failing or is slow, so a
 * dead NATS adds no latency. After the breaker's wait it lets a few attempts through and closes
 * again when NATS is back, so publishing resumes by itself.
 */
public final class NatsDeltaSink implements DeltaSink {

    private static final Logger log = LoggerFactory.getLogger(NatsDeltaSink.class);

    private final NatsConnection nats;
    private final GaiaJson json;
    private final CircuitBreaker breaker;
    private final Counter published;
    private final MeterRegistry registry;
    private final Timer latency;
    private final AtomicBoolean failing = new AtomicBoolean();
    private final java.util.Map<String, io.gaia.events.ExperienceLifecycleEvent> unsentLifecycle =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final List<String> FAILURE_REASONS = List.of("circuit_open", "disconnected", "error");

    public NatsDeltaSink(NatsConnection nats, GaiaJson json, KbProperties.Publish settings, MeterRegistry registry) {
        this.nats = nats;
        this.json = json;
        this.registry = registry;
        this.breaker = CircuitBreaker.of("nats-publish", CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(Math.max(settings.minimumCalls(), 2))
                .minimumNumberOfCalls(Math.max(settings.minimumCalls(), 2))
                .failureRateThreshold(settings.failureRateThreshold())
                .slowCallDurationThreshold(settings.slowCall())
                .slowCallRateThreshold(settings.failureRateThreshold())
                .waitDurationInOpenState(settings.openWait())
                .permittedNumberOfCallsInHalfOpenState(3)
                .build());
        this.published = Counter.builder("gaia.kb.deltas.published").description("Deltas handed to NATS")
                .register(registry);
        this.latency = Timer.builder("gaia.kb.publish.latency").description("Time to hand one delta to NATS")
                .publishPercentileHistogram().register(registry);
        // Every reason's series exists from the start (at 0), so dashboards and alerts see it before a failure.
        for (String reason : FAILURE_REASONS) {
            failures(reason);
        }
        nats.whenConnected(this::flushLifecycle);
        breaker.getEventPublisher().onStateTransition(event ->
                log.info("NATS publish circuit {}", event.getStateTransition()));
    }

    public CircuitBreaker.State circuitState() {
        return breaker.getState();
    }

    @Override
    public void publish(List<Delta> deltas) {
        for (Delta delta : deltas) {
            publishOne(delta);
        }
    }

    /**
     * Announces a new epoch. Unlike a delta it is kept (the newest per experience) while NATS is
     * away and sent once it connects, so a kb-service starting on a wiped folder before NATS is up
     * still tells every session-service to resync.
     */
    @Override
    public void lifecycle(io.gaia.events.ExperienceLifecycleEvent event) {
        unsentLifecycle.put(event.experience(), event);
        nats.connected().ifPresent(this::flushLifecycle);
    }

    private void flushLifecycle(Connection connection) {
        for (io.gaia.events.ExperienceLifecycleEvent event : List.copyOf(unsentLifecycle.values())) {
            try {
                connection.publish(io.gaia.events.Subjects.lifecycle(event.experience()), json.write(event));
                unsentLifecycle.remove(event.experience(), event);
            } catch (RuntimeException e) {
                log.warn("could not announce the new epoch of '{}' on NATS yet: {}", event.experience(), e.toString());
            }
        }
    }

    private void publishOne(Delta delta) {
        if (!breaker.tryAcquirePermission()) {
            failed("circuit_open", null);
            return;
        }
        long start = System.nanoTime();
        try {
            Connection connection = nats.connected().orElseThrow(() -> new IllegalStateException("NATS is not connected"));
            connection.publish(delta.subject(), json.write(delta.event()));
            long elapsed = System.nanoTime() - start;
            breaker.onSuccess(elapsed, TimeUnit.NANOSECONDS);
            latency.record(elapsed, TimeUnit.NANOSECONDS);
            published.increment();
            if (failing.compareAndSet(true, false)) {
                log.info("publishing deltas to NATS again");
            }
        } catch (RuntimeException e) {
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
            failed(e instanceof IllegalStateException ? "disconnected" : "error", e);
        }
    }

    private Counter failures(String reason) {
        return Counter.builder("gaia.kb.deltas.failed").description("Deltas not published (state is saved regardless)")
                .tag("reason", reason).register(registry);
    }

    private void failed(String reason, RuntimeException cause) {
        failures(reason).increment();
        if (failing.compareAndSet(false, true)) {
            log.warn("cannot publish deltas to NATS ({}): actions still succeed and are saved; "
                    + "clients resync from snapshots. Further failures are only counted (gaia.kb.deltas.failed).",
                    cause == null ? reason : cause.toString());
        }
    }
}
