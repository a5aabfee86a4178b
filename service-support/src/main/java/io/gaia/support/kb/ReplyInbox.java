package io.gaia.support.kb;

import io.gaia.events.ErrorCodes;
import io.gaia.events.Subjects;
import io.gaia.support.nats.NatsConnection;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Request-reply over one wildcard inbox: a single subscription {@code <inbox>.*} for all calls of
 * this service, a call number as the last token of each reply subject, and a table of the calls
 * waiting for an answer. (jnats' own {@code request()} would do the same, but could not reassemble an
 * answer that arrives in parts.) The subscription lives on a jnats dispatcher, so it survives reconnects.
 */
final class ReplyInbox {

    private final NatsConnection nats;
    private final AtomicLong calls = new AtomicLong();
    private final Map<Long, Call> waiting = new ConcurrentHashMap<>();
    private volatile Bound bound;

    record Bound(Connection connection, String inbox, Dispatcher dispatcher) {
    }

    private record Call(MonoSink<KbReply> sink, PartialReply reply) {
    }

    ReplyInbox(NatsConnection nats) {
        this.nats = nats;
    }

    /**
     * Publishes a request and answers with its whole reply; fails with {@link NoResponders} when nobody
     * serves {@code subject} (or NATS is not connected). Cancelling forgets the call; a late reply is dropped.
     */
    Mono<KbReply> request(String subject, Headers headers, byte[] body, int maxReplyBytes) {
        return Mono.create(sink -> {
            Connection connection = nats.connected().orElse(null);
            if (connection == null) {
                sink.error(new NoResponders("not connected to NATS"));
                return;
            }
            Bound inbox = bind(connection);
            long call = calls.incrementAndGet();
            waiting.put(call, new Call(sink, new PartialReply(maxReplyBytes)));
            sink.onDispose(() -> waiting.remove(call));
            try {
                connection.publish(subject, Subjects.reply(inbox.inbox(), call), headers, body);
            } catch (IllegalStateException | IllegalArgumentException e) {
                // closed or reconnecting without a buffer, or a body above the server's max payload
                waiting.remove(call);
                sink.error(new KbException(ErrorCodes.UPSTREAM_UNAVAILABLE, "could not send to kb-service: "
                        + e.getMessage(), 503));
            }
        });
    }

    /** Calls waiting for an answer right now (a gauge). */
    int waiting() {
        return waiting.size();
    }

    Bound bind(Connection connection) {
        Bound current = bound;
        if (current != null && current.connection() == connection) {
            return current;
        }
        synchronized (this) {
            if (bound == null || bound.connection() != connection) {
                String inbox = connection.createInbox();
                Dispatcher dispatcher = connection.createDispatcher(message -> onReply(inbox, message));
                dispatcher.subscribe(Subjects.replies(inbox));
                bound = new Bound(connection, inbox, dispatcher);
            }
            return bound;
        }
    }

    private void onReply(String inbox, Message message) {
        long number = Subjects.callOf(inbox, message.getSubject());
        Call call = waiting.get(number);
        if (call == null) {
            return; // timed out or cancelled meanwhile
        }
        if (message.isStatusMessage()) {
            waiting.remove(number);
            call.sink().error(message.getStatus().isNoResponders()
                    ? new NoResponders("no responders")
                    : new KbException(ErrorCodes.UPSTREAM_UNAVAILABLE, "NATS answered "
                            + message.getStatus().getMessageWithCode(), 502));
            return;
        }
        try {
            KbReply whole = call.reply().add(message);
            if (whole != null) {
                waiting.remove(number);
                call.sink().success(whole);
            }
        } catch (KbException e) {
            waiting.remove(number);
            call.sink().error(e);
        }
    }
}
