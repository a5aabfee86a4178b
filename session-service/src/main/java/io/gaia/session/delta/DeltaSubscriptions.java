package io.gaia.session.delta;

import io.gaia.support.nats.NatsConnection;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.MessageHandler;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NATS subjects of the players this instance holds, reference-counted (one subscription per
 * subject however many sockets need it) on ONE shared dispatcher. Counts are kept while NATS is
 * away; the dispatcher is created, and every counted subject subscribed, once NATS connects. jnats
 * re-subscribes the dispatcher by itself after a reconnect.
 */
public final class DeltaSubscriptions {

    private static final Logger log = LoggerFactory.getLogger(DeltaSubscriptions.class);

    private final MessageHandler handler;
    private final RecentDeltas recent;
    private final Map<String, Integer> counts = new HashMap<>();
    private Dispatcher dispatcher;

    /** {@code recent} keeps the last deltas of each zone while it is subscribed here. */
    public DeltaSubscriptions(NatsConnection nats, MessageHandler handler, RecentDeltas recent) {
        this.handler = handler;
        this.recent = recent;
        nats.whenConnected(this::attach);
    }

    private synchronized void attach(Connection connection) {
        if (dispatcher != null) {
            return;
        }
        dispatcher = connection.createDispatcher(handler);
        counts.keySet().forEach(dispatcher::subscribe);
        log.info("delta dispatcher attached; {} subjects subscribed", counts.size());
    }

    /** Takes a share of {@code subject}; true when this instance was not subscribed to it yet. */
    public synchronized boolean acquire(String subject) {
        int count = counts.merge(subject, 1, Integer::sum);
        if (count == 1) {
            recent.open(subject);
            if (dispatcher != null) {
                dispatcher.subscribe(subject);
            }
        }
        return count == 1;
    }

    public synchronized void release(String subject) {
        Integer count = counts.get(subject);
        if (count == null) {
            return;
        }
        if (count > 1) {
            counts.put(subject, count - 1);
            return;
        }
        counts.remove(subject);
        recent.forget(subject);
        if (dispatcher != null) {
            dispatcher.unsubscribe(subject);
        }
    }

    public synchronized int subjects() {
        return counts.size();
    }

    public synchronized int count(String subject) {
        return counts.getOrDefault(subject, 0);
    }
}
