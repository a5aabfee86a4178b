package io.gaia.kb.ownership;

import io.gaia.events.Subjects;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a dead kb-service instance from a slow one without waiting for its leases to run out. Every
 * instance answers an empty request on {@link Subjects#kbAlive}(its id). A process that died (SIGKILL, a
 * crash, its machine gone) loses its NATS connection at once, and with it its subscription, so nats-server
 * answers a probe with "no responders" at once. An instance that is slow, paused, or cut off behind a
 * frozen network keeps its subscription on the server: a probe of it just times out, it counts as alive,
 * and only its lease's TTL moves its experiences.
 *
 * <p>A first "no responders" makes an instance a suspect; it is {@linkplain #gone gone} only when a probe
 * at least {@link #CONFIRM} later still finds no responders (a reconnect to another NATS node takes
 * milliseconds, and during it the subscription is briefly absent). Only an instance that has answered a
 * probe before can be found gone: one that never answered (a version without this subject, during a
 * rolling upgrade) moves by TTL alone, as before. Ticker thread only, except the answering dispatcher.
 */
final class Presence implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Presence.class);
    static final Duration CONFIRM = Duration.ofMillis(500);
    /** How often the registered instances are probed (a suspect is confirmed on a later probe). */
    static final Duration PROBE_EVERY = Duration.ofMillis(250);
    private static final Duration PROBE_TIMEOUT = Duration.ofMillis(250);

    private final String instanceId;
    /** Instance -> when it first had no responders, while it still has none. */
    private final Map<String, Long> suspects = new HashMap<>();
    private final Set<String> gone = new HashSet<>();
    /** Instances that answered a probe at least once: only these can be found gone. */
    private final Set<String> answered = new HashSet<>();
    private volatile Connection answering;
    private Dispatcher dispatcher;

    Presence(String instanceId) {
        this.instanceId = instanceId;
    }

    /** Answers probes of this instance on {@code connection} (once per connection; jnats resubscribes on reconnect). */
    void answerOn(Connection connection) {
        if (connection == answering) {
            return;
        }
        close();
        dispatcher = connection.createDispatcher(this::answer);
        dispatcher.subscribe(Subjects.kbAlive(instanceId));
        answering = connection;
    }

    private void answer(Message probe) {
        if (probe.getReplyTo() != null && answering != null) {
            answering.publish(probe.getReplyTo(), new byte[0]);
        }
    }

    /**
     * Probes every one of {@code others} at once; afterwards {@link #gone} holds those whose process is
     * gone for sure. True when one of them was found gone by this probe.
     */
    boolean probe(Connection connection, Collection<String> others) throws InterruptedException {
        Map<String, CompletableFuture<Message>> probes = new HashMap<>();
        for (String other : others) {
            probes.put(other, connection.request(Subjects.kbAlive(other), new byte[0]));
        }
        long now = System.nanoTime();
        long deadline = now + PROBE_TIMEOUT.toNanos();
        gone.retainAll(others);
        answered.retainAll(others);
        suspects.keySet().retainAll(others);
        boolean newlyGone = false;
        for (Map.Entry<String, CompletableFuture<Message>> probe : probes.entrySet()) {
            String other = probe.getKey();
            boolean none = noResponders(probe.getValue(), deadline);
            if (none && !answered.contains(other)) {
                continue; // never seen answering: its leases run out by TTL
            }
            if (none) {
                long since = suspects.computeIfAbsent(other, o -> now);
                if (now - since >= CONFIRM.toNanos() && gone.add(other)) {
                    newlyGone = true;
                    log.info("ownership: instance {} is gone (no responders on its liveness subject for {} ms)",
                            other, TimeUnit.NANOSECONDS.toMillis(now - since));
                }
            } else {
                answered.add(other);
                suspects.remove(other);
                gone.remove(other);
            }
        }
        return newlyGone;
    }

    /** The instances whose process is gone for sure, as of the last {@link #probe}. */
    Set<String> gone() {
        return Set.copyOf(gone);
    }

    /** True only for nats-server's "no responders" (jnats cancels the request's future); a timeout or an answer: alive. */
    private static boolean noResponders(CompletableFuture<Message> probe, long deadline) throws InterruptedException {
        try {
            Message answer = probe.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return answer != null && answer.isStatusMessage() && answer.getStatus().isNoResponders();
        } catch (CancellationException e) {
            return true;
        } catch (TimeoutException | ExecutionException e) {
            probe.cancel(false);
            return false;
        }
    }

    @Override
    public void close() {
        if (dispatcher != null && answering != null) {
            try {
                answering.closeDispatcher(dispatcher);
            } catch (RuntimeException e) {
                log.debug("liveness dispatcher not closed: {}", e.toString());
            }
        }
        dispatcher = null;
        answering = null;
    }
}
