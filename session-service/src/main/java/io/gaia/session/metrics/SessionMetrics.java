package io.gaia.session.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * session-service's meters (all prefixed {@code gaia.session.}): connections and subscriptions
 * (gauges), frames in/out, relay latency (a kb/chat call), delta forward latency (event timestamp
 * to socket write), resumes, replays, resyncs, and the reasons sockets were closed.
 */
@Component
public class SessionMetrics {

    private final MeterRegistry registry;
    private final Counter framesIn;
    private final Counter framesOut;
    private final Counter authFailures;
    private final Counter slowConsumerCloses;
    private final Counter heartbeatCloses;
    private final Counter tokenExpiryCloses;
    private final Counter resumes;
    private final Counter resyncs;
    private final Counter zoneChanges;
    private final Counter staleSnapshots;
    private final Counter replayedDeltas;
    private final Counter deltasReceived;
    private final Counter rateLimited;
    private final Counter locationsDeferred;
    private final Counter badFrames;
    private final Timer deltaForward;
    private final Timer kbRelay;
    private final Timer chatFirstEvent;

    public SessionMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.framesIn = registry.counter("gaia.session.frames.in");
        for (var rejection : io.gaia.session.delta.DeltaSequencer.Rejection.values()) {
            registry.counter("gaia.session.deltas.rejected", "reason", rejection.reason());
        }
        registry.counter("gaia.session.closes", "reason", "resync_failed");
        this.framesOut = registry.counter("gaia.session.frames.out");
        this.authFailures = registry.counter("gaia.session.auth.failures");
        this.slowConsumerCloses = registry.counter("gaia.session.closes", "reason", "slow_consumer");
        this.heartbeatCloses = registry.counter("gaia.session.closes", "reason", "heartbeat_timeout");
        this.tokenExpiryCloses = registry.counter("gaia.session.closes", "reason", "token_expired");
        this.resumes = registry.counter("gaia.session.resumes");
        this.resyncs = registry.counter("gaia.session.resyncs");
        this.zoneChanges = registry.counter("gaia.session.zone.changes");
        this.staleSnapshots = registry.counter("gaia.session.snapshots.stale");
        this.replayedDeltas = registry.counter("gaia.session.replayed.deltas");
        this.deltasReceived = registry.counter("gaia.session.deltas.received");
        this.rateLimited = registry.counter("gaia.session.frames.rate_limited");
        this.locationsDeferred = registry.counter("gaia.session.locations.deferred");
        this.badFrames = registry.counter("gaia.session.frames.rejected");
        this.deltaForward = latency("gaia.session.delta.forward", "event timestamp to socket write");
        this.kbRelay = latency("gaia.session.relay", "kb-service call from a socket frame", "target", "kb");
        this.chatFirstEvent = latency("gaia.session.relay", "chat-service call to its first event", "target", "chat");
    }

    private Timer latency(String name, String description, String... tags) {
        return Timer.builder(name).description(description).tags(tags)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000)).maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
    }

    public void gauges(Supplier<Number> connections, Supplier<Number> users, Supplier<Number> subscriptions) {
        gauge("gaia.session.connections", "open sockets", connections);
        gauge("gaia.session.users", "players with at least one socket", users);
        gauge("gaia.session.subscriptions", "NATS subjects subscribed (reference-counted)", subscriptions);
    }

    /** Bytes queued for all sockets (bounded per socket by gaia.session.outbound-buffer-bytes). */
    public void outboundBytes(Supplier<Number> bytes) {
        gauge("gaia.session.outbound.bytes", "bytes queued for sockets, not yet taken by them", bytes);
    }

    private void gauge(String name, String description, Supplier<Number> value) {
        // A strong reference: the supplier lambdas have no other owner and would otherwise be collected.
        Gauge.builder(name, value, s -> s.get().doubleValue()).description(description).strongReference(true)
                .register(registry);
    }

    public void frameIn() {
        framesIn.increment();
    }

    public void frameOut(long eventTimestamp) {
        framesOut.increment();
        if (eventTimestamp > 0) {
            deltaForward.record(Math.max(0, System.currentTimeMillis() - eventTimestamp), TimeUnit.MILLISECONDS);
        }
    }

    /** A delta arrived from NATS (before it is routed to the sockets entitled to it). */
    public void deltaReceived() {
        deltasReceived.increment();
    }

    public void authFailure() {
        authFailures.increment();
    }

    public void slowConsumerClose() {
        slowConsumerCloses.increment();
    }

    /** A socket refused at connect by a cap ({@code user_cap} or {@code instance_cap}); close 4409. */
    public void socketRefused(String cap) {
        registry.counter("gaia.session.sockets.refused", "cap", cap).increment();
    }

    public void heartbeatClose() {
        heartbeatCloses.increment();
    }

    public void tokenExpiryClose() {
        tokenExpiryCloses.increment();
    }

    public void resume() {
        resumes.increment();
    }

    /** A delta refused by a socket's sequencer ({@code gaia_session_deltas_rejected_total{reason}}). */
    public void deltaRejected(String reason) {
        registry.counter("gaia.session.deltas.rejected", "reason", reason).increment();
    }

    /** A socket closed with 4410: it did not converge within its snapshot budget. */
    public void resyncFailedClose() {
        registry.counter("gaia.session.closes", "reason", "resync_failed").increment();
    }

    public void resync() {
        resyncs.increment();
    }

    /** A socket's player walked into another zone (its snapshot follows; not a resync). */
    public void zoneChange() {
        zoneChanges.increment();
    }

    /** A snapshot older than what its socket was already sent was left out (a fresh one is fetched). */
    public void staleSnapshot() {
        staleSnapshots.increment();
    }

    public void replayed(int count) {
        replayedDeltas.increment(count);
    }

    /** An {@code update_location} kept, not fetched: the client had not read its last area of interest. */
    public void locationDeferred() {
        locationsDeferred.increment();
    }

    public void rateLimited() {
        rateLimited.increment();
    }

    public void badFrame() {
        badFrames.increment();
    }

    public void kbRelay(long startNanos) {
        kbRelay.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    public void chatFirstEvent(long startNanos) {
        chatFirstEvent.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    public double gauge(String name) {
        Gauge gauge = registry.find(name).gauge();
        return gauge == null ? Double.NaN : gauge.value();
    }

    public double count(String name, String... tags) {
        Counter counter = registry.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }
}
