package io.gaia.chat.delta;

import io.nats.client.Dispatcher;
import io.nats.client.Subscription;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** The NATS subscriptions of one chat turn; {@link #close()} releases them exactly once. */
public final class DeltaSubscription implements AutoCloseable {

    static final DeltaSubscription NONE = new DeltaSubscription(null, List.of(), new AtomicInteger());

    private final Dispatcher dispatcher;
    private final List<Subscription> subscriptions;
    private final AtomicInteger active;
    private final AtomicBoolean closed = new AtomicBoolean();

    DeltaSubscription(Dispatcher dispatcher, List<Subscription> subscriptions, AtomicInteger active) {
        this.dispatcher = dispatcher;
        this.subscriptions = subscriptions;
        this.active = active;
    }

    public boolean isOpen() {
        return !subscriptions.isEmpty() && !closed.get();
    }

    @Override
    public void close() {
        if (subscriptions.isEmpty() || !closed.compareAndSet(false, true)) {
            return;
        }
        for (Subscription subscription : subscriptions) {
            try {
                // Non-blocking: jnats queues the UNSUB (and drops it if the connection is gone, which also ends the sub).
                dispatcher.unsubscribe(subscription);
            } catch (IllegalStateException connectionClosed) {
                // the connection is closed, so is the subscription
            }
        }
        active.addAndGet(-subscriptions.size());
    }
}
