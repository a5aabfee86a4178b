package io.gaia.kb.serving;

import io.gaia.kb.nats.KbResponder;
import io.gaia.kb.ownership.OwnershipListener;
import io.gaia.kb.world.EngineRegistry;
import io.gaia.kb.world.ExperienceEngine;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves exactly the experiences this instance owns. {@code acquired}: open the engine (recovering from
 * the JetStream journal's snapshot and tail, whose first append fences the previous writer out), then
 * serve its requests. {@code released}: stop serving at once, then close the engine. The listener is
 * called under the ownership lock, so opening and closing happen on one worker thread, in the order
 * asked: a release while the engine is still opening lets the open finish, never serves it, and closes it.
 * Every second the worker also reopens an owned engine that stopped (fenced out: {@code not_owner}; the
 * journal did not confirm) or could not open (NATS away), so an owner does not keep answering with an
 * error that reopening repairs.
 */
public final class OwnedServing implements OwnershipListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OwnedServing.class);
    private static final long REPAIR_MILLIS = 1_000;

    private final EngineRegistry engines;
    private final KbResponder responder;
    private final ScheduledExecutorService worker;
    /** Owned experience -> the lease revision it was acquired with. Guarded by this. */
    private final Map<String, Long> owned = new HashMap<>();

    public OwnedServing(EngineRegistry engines, KbResponder responder) {
        this.engines = engines;
        this.responder = responder;
        this.worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "kb-owned-serving");
            thread.setDaemon(true);
            return thread;
        });
        worker.scheduleWithFixedDelay(this::repair, REPAIR_MILLIS, REPAIR_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void acquired(String experience, long leaseRevision) {
        owned.put(experience, leaseRevision);
        worker.execute(() -> open(experience, leaseRevision));
    }

    @Override
    public synchronized void released(String experience) {
        owned.remove(experience);
        java.util.concurrent.CompletableFuture<?> drained = responder.stopAsync(experience);
        worker.execute(() -> {
            awaitQuietly(drained); // requests routed here before the stop are answered before the engine closes
            engines.close(experience);
        });
    }

    /** The experiences owned now (being opened or served). */
    public synchronized Set<String> owned() {
        return Set.copyOf(owned.keySet());
    }

    /** Worker thread: opens, then serves if the lease is still the one it was opened for. */
    private void open(String experience, long leaseRevision) {
        if (!holds(experience, leaseRevision)) {
            return; // released before its turn: the queued close follows
        }
        long start = System.nanoTime();
        boolean opened = engines.open(experience);
        synchronized (this) {
            if (!holds(experience, leaseRevision)) {
                return;
            }
            if (opened && healthy(experience)) {
                responder.serve(experience);
                log.info("ownership: serving '{}' (lease revision {}), opened in {} ms", experience, leaseRevision,
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            } else {
                log.warn("ownership: '{}' is owned here but could not open: {} (retrying)", experience,
                        engines.failures().getOrDefault(experience, "unknown"));
            }
        }
    }

    /** Worker thread: an owned experience that is not served (open failed) or was fenced out opens again. */
    private void repair() {
        Map<String, Long> now;
        synchronized (this) {
            now = Map.copyOf(owned);
        }
        now.forEach((experience, revision) -> {
            String failure = engines.engine(experience).map(ExperienceEngine::failure).orElse(null);
            if (failure != null) {
                log.warn("ownership: '{}' stopped while owned here ({}); reopening it", experience, failure);
                java.util.concurrent.CompletableFuture<?> drained;
                synchronized (this) {
                    drained = responder.stopAsync(experience);
                }
                awaitQuietly(drained);
                engines.close(experience);
            }
            if (!responder.serves(experience)) {
                open(experience, revision);
            }
        });
    }

    private static void awaitQuietly(java.util.concurrent.CompletableFuture<?> drained) {
        try {
            drained.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            log.debug("draining before a close did not finish: {}", e.toString());
        }
    }

    private boolean holds(String experience, long leaseRevision) {
        Long current;
        synchronized (this) {
            current = owned.get(experience);
        }
        return current != null && current == leaseRevision;
    }

    private boolean healthy(String experience) {
        return engines.engine(experience).map(engine -> engine.failure() == null).orElse(false);
    }

    /** After the ownership manager released everything: waits for the queued closes. */
    @Override
    public void close() throws InterruptedException {
        worker.shutdown();
        if (!worker.awaitTermination(30, TimeUnit.SECONDS)) {
            worker.shutdownNow();
        }
    }
}
