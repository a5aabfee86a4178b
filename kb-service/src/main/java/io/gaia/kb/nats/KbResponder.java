package io.gaia.kb.nats;

import io.gaia.events.ErrorBody;
import io.gaia.events.ErrorCodes;
import io.gaia.events.GaiaJson;
import io.gaia.events.Subjects;
import io.gaia.events.kb.KbHeaders;
import io.gaia.support.nats.NatsConnection;
import io.gaia.support.web.ErrorResponses;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The one place kb-service subscribes to requests: {@link #serve} an experience and this instance
 * answers {@code kb.request.<experience>.*}; {@link #stop} it and it no longer does. Not a queue group:
 * exactly one instance is meant to serve an experience at a time (today every instance serves every
 * loaded experience; ownership decides it later). A catalog subscription ({@code kb.catalog.*}, a queue
 * group, any instance) tells a client whether an experience nobody serves exists at all.
 *
 * <p>Requests arrive on one jnats dispatcher thread, which only reads, authenticates and hands the
 * work to the engine; the answer is encoded and published from the work's completion, off that thread.
 */
public final class KbResponder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KbResponder.class);
    /** The catalog subscription's queue group: one instance answers each question. */
    static final String CATALOG_GROUP = "kb-service";

    private final NatsConnection nats;
    private final KbRequests requests;
    private final GaiaJson json;
    private final Set<String> served = ConcurrentHashMap.newKeySet();
    /**
     * One subscription object per served experience: subscribing by subject alone lets jnats hand back
     * a subscription that is still being unsubscribed (serve right after stop), which then gets nothing.
     */
    private final java.util.Map<String, io.nats.client.Subscription> subscriptions = new ConcurrentHashMap<>();
    private volatile Bound bound;

    private record Bound(Connection connection, Dispatcher dispatcher) {
    }

    public KbResponder(NatsConnection nats, KbRequests requests, GaiaJson json) {
        this.nats = nats;
        this.requests = requests;
        this.json = json;
        nats.whenConnected(this::bind);
    }

    /** Answers requests about {@code experience} from now on (again after a reconnect). Idempotent. */
    public synchronized void serve(String experience) {
        if (served.add(experience) && bound != null) {
            subscribe(bound.dispatcher(), experience);
            log.info("serving experience '{}' on {}", experience, Subjects.kbRequests(experience));
        }
    }

    /** Stops answering requests about {@code experience}; clients then see "no responders" and retry. */
    public void stop(String experience) {
        try {
            stopAsync(experience).get(DRAIN_TIMEOUT.toMillis() * 2, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("draining a kb request subscription did not finish: {}", e.toString());
        }
    }

    /**
     * As {@link #stop}, without waiting: no new request reaches this instance once it returns (the UNSUB is
     * on its way), and the returned future completes when the requests routed before it were handed on
     * (or after the drain timeout). For callers that must return at once (the ownership listener).
     */
    public synchronized java.util.concurrent.CompletableFuture<?> stopAsync(String experience) {
        io.nats.client.Subscription subscription = subscriptions.remove(experience);
        if (served.remove(experience) && bound != null && subscription != null) {
            log.info("no longer serving experience '{}'", experience);
            try {
                return subscription.drain(DRAIN_TIMEOUT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log.warn("draining a kb request subscription failed: {}", e.toString());
            }
        }
        return java.util.concurrent.CompletableFuture.completedFuture(null);
    }

    public Set<String> served() {
        return Set.copyOf(served);
    }

    /** Whether this instance answers {@code experience}'s requests now (no copy of the whole set). */
    public boolean serves(String experience) {
        return served.contains(experience);
    }

    /** On the first connect (and on a new connection object): one dispatcher with every served experience. */
    private synchronized void bind(Connection connection) {
        if (bound != null && bound.connection() == connection) {
            return; // jnats re-subscribes a dispatcher's subscriptions by itself after a reconnect
        }
        Dispatcher dispatcher = connection.createDispatcher(this::onMessage);
        dispatcher.subscribe(Subjects.ALL_KB_CATALOG, CATALOG_GROUP);
        served.forEach(experience -> subscribe(dispatcher, experience));
        bound = new Bound(connection, dispatcher);
        log.info("answering kb requests for {}", served);
    }

    /**
     * Unsubscribes and waits (at most {@link #DRAIN_TIMEOUT}) until nats-server has stopped routing
     * requests here and those already on their way are answered: a plain unsubscribe could drop a
     * request the server had routed before it saw the UNSUB, and its caller would only see a timeout.
     */
    private static final java.time.Duration DRAIN_TIMEOUT = java.time.Duration.ofSeconds(2);

    private void subscribe(Dispatcher dispatcher, String experience) {
        subscriptions.put(experience, dispatcher.subscribe(Subjects.kbRequests(experience), this::onMessage));
    }

    private void onMessage(Message message) {
        String replyTo = message.getReplyTo();
        if (replyTo == null) {
            return; // a publish without a reply subject: nobody to answer
        }
        Connection connection = message.getConnection();
        Mono.defer(() -> requests.answer(message))
                .publishOn(Schedulers.parallel())
                .subscribe(answer -> reply(connection, replyTo, answer.status(), answer.body()),
                        error -> {
                            ResponseEntity<ErrorBody> failure = ErrorResponses.of(error);
                            reply(connection, replyTo, failure.getStatusCode().value(), failure.getBody());
                        });
    }

    /** One message, or parts of at most the server's max payload (headers included) when the answer is bigger. */
    private void reply(Connection connection, String replyTo, int status, Object body) {
        byte[] bytes;
        try {
            bytes = body instanceof io.gaia.kb.command.ActionAnswer encoded ? encoded.json() : json.write(body);
        } catch (RuntimeException e) {
            log.error("could not encode a kb answer", e);
            status = 500;
            bytes = json.write(ErrorBody.of(ErrorCodes.INTERNAL_ERROR, "internal error"));
        }
        int room = (int) Math.max(1024, connection.getMaxPayload() - ReplyParts.HEADER_ROOM);
        try {
            for (ReplyParts.Part part : ReplyParts.split(bytes, room)) {
                Headers headers = new Headers().put(KbHeaders.STATUS, Integer.toString(status));
                if (part.count() > 1) {
                    headers.put(KbHeaders.PART, Integer.toString(part.index()))
                            .put(KbHeaders.PARTS, Integer.toString(part.count()))
                            .put(KbHeaders.SIZE, Integer.toString(bytes.length));
                }
                connection.publish(replyTo, headers, part.data());
            }
        } catch (IllegalStateException | IllegalArgumentException e) {
            // closed or over the payload limit after all: the caller's timeout reports it
            log.warn("could not reply to a kb request: {}", e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        Bound current = bound;
        if (current != null && current.connection().getStatus() != Connection.Status.CLOSED) {
            current.connection().closeDispatcher(current.dispatcher());
        }
        bound = null;
    }
}
