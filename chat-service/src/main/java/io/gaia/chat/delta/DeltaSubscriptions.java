package io.gaia.chat.delta;

import io.gaia.events.GaiaJson;
import io.gaia.events.Subjects;
import io.gaia.events.WorldUpdateEvent;
import io.gaia.support.nats.NatsConnection;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Opens the per-turn subscriptions to a player's subject and the subject of the zone they stand in
 * (another zone's deltas are not theirs to see). All of them
 * share one jnats dispatcher (one thread), so a thousand open turns cost a thousand subscriptions,
 * not a thousand threads. The number open right now is the gauge {@code gaia.chat.delta.subscriptions}.
 */
@Component
public class DeltaSubscriptions {

    private static final Logger log = LoggerFactory.getLogger(DeltaSubscriptions.class);

    private final NatsConnection nats;
    private final GaiaJson json;
    private final AtomicInteger active = new AtomicInteger();
    private Connection dispatcherConnection;
    private Dispatcher dispatcher;

    public DeltaSubscriptions(NatsConnection nats, GaiaJson json, MeterRegistry meters) {
        this.nats = nats;
        this.json = json;
        Gauge.builder("gaia.chat.delta.subscriptions", active, AtomicInteger::get)
                .description("per-turn NATS subscriptions open right now")
                .register(meters);
    }

    /**
     * Subscribes before the turn's action runs. jnats only queues the SUB lines (no blocking, no
     * round trip), so this runs inline; the SUBs leave on the connection before the turn's request
     * to kb-service does. No flush is awaited: kb's action response carries the same deltas, so a
     * delta that outruns the SUB still reaches the turn. Without NATS the turn gets
     * {@link DeltaSubscription#NONE} and relies on the action response alone.
     */
    public Mono<DeltaSubscription> open(String userId, String experience, String zone,
                                        Consumer<WorldUpdateEvent> onDelta) {
        return Mono.fromCallable(() -> subscribe(userId, experience, zone, onDelta));
    }

    /**
     * As {@link #open}, and when {@code confirmed} also waits (off the event loop, at most
     * {@link #CONFIRM_TIMEOUT}) until nats-server has taken the SUBs. For a player's first turn here:
     * kb-service may create the player while answering the area of interest, and that bootstrap delta
     * travels only on NATS, with no action response to carry it.
     */
    public Mono<DeltaSubscription> open(String userId, String experience, String zone,
                                        Consumer<WorldUpdateEvent> onDelta, boolean confirmed) {
        if (!confirmed) {
            return open(userId, experience, zone, onDelta);
        }
        return open(userId, experience, zone, onDelta).flatMap(subscription -> Mono.fromCallable(() -> {
            nats.current().ifPresent(connection -> {
                // One confirming PING at a time: jnats drops the whole connection once more than two PINGs
                // await their PONG, and 50 first turns at once under load (with kb-service's answers on the
                // same connection) did exactly that. A turn that cannot get its turn in time goes unconfirmed.
                boolean mine = false;
                try {
                    mine = confirming.tryAcquire(CONFIRM_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
                    if (mine) {
                        connection.flush(CONFIRM_TIMEOUT);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (java.util.concurrent.TimeoutException | RuntimeException slow) {
                    log.debug("per-turn subscription not confirmed: {}", slow.toString());
                } finally {
                    if (mine) {
                        confirming.release();
                    }
                }
            });
            return subscription;
        }).subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()));
    }

    static final java.time.Duration CONFIRM_TIMEOUT = java.time.Duration.ofMillis(250);
    private final java.util.concurrent.Semaphore confirming = new java.util.concurrent.Semaphore(1);

    public int active() {
        return active.get();
    }

    private DeltaSubscription subscribe(String userId, String experience, String zone,
                                        Consumer<WorldUpdateEvent> onDelta) {
        Connection connection = nats.current().orElse(null);
        if (connection == null || connection.getStatus() == Connection.Status.CLOSED) {
            return DeltaSubscription.NONE;
        }
        Dispatcher shared = dispatcher(connection);
        io.nats.client.MessageHandler handler = message -> deliver(message, onDelta);
        List<io.nats.client.Subscription> made = new java.util.ArrayList<>(2);
        try {
            made.add(shared.subscribe(Subjects.userUpdates(userId), handler));
            if (zone != null) {
                made.add(shared.subscribe(Subjects.zoneUpdates(experience, zone), handler));
            }
        } catch (RuntimeException closingOrFull) {
            // The connection is closing or its reconnect buffer is full: the action response still brings the deltas.
            made.forEach(shared::unsubscribe);
            log.debug("no per-turn subscription: {}", closingOrFull.toString());
            return DeltaSubscription.NONE;
        }
        DeltaSubscription subscription = new DeltaSubscription(shared, List.copyOf(made), active);
        active.addAndGet(made.size());
        return subscription;
    }

    private synchronized Dispatcher dispatcher(Connection connection) {
        if (dispatcher == null || dispatcherConnection != connection) {
            dispatcher = connection.createDispatcher();
            dispatcherConnection = connection;
        }
        return dispatcher;
    }

    private void deliver(Message message, Consumer<WorldUpdateEvent> onDelta) {
        try {
            onDelta.accept(json.read(message.getData(), WorldUpdateEvent.class));
        } catch (RuntimeException e) {
            log.warn("ignoring an unreadable delta on {}: {}", message.getSubject(), e.getMessage());
        }
    }
}
