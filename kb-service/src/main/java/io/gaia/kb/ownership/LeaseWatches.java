package io.gaia.kb.ownership;

import io.nats.client.JetStreamApiException;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.KeyValueWatchOption;
import io.nats.client.api.KeyValueWatcher;
import io.nats.client.impl.NatsKeyValueWatchSubscription;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * KV watches that make a change worth acting on now rather than at the next periodic tick: a lease
 * deleted (released) and an instance that joined or left. Expiry by TTL leaves no marker in
 * nats-server 2.9, so expired leases are still found by the periodic tick.
 */
final class LeaseWatches implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LeaseWatches.class);

    private final List<NatsKeyValueWatchSubscription> subscriptions = new ArrayList<>();

    LeaseWatches(LeaseBuckets buckets, Supplier<Set<String>> knownInstances, Runnable onChange) {
        try {
            subscriptions.add(buckets.owners().watchAll(watcher(entry -> entry.getOperation() != KeyValueOperation.PUT,
                    onChange), KeyValueWatchOption.UPDATES_ONLY, KeyValueWatchOption.META_ONLY));
            subscriptions.add(buckets.instances().watchAll(watcher(entry -> joinedOrLeft(entry, knownInstances.get()),
                    onChange), KeyValueWatchOption.UPDATES_ONLY, KeyValueWatchOption.META_ONLY));
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            log.debug("ownership watches unavailable (periodic ticks still run): {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean joinedOrLeft(KeyValueEntry entry, Set<String> known) {
        if (entry.getOperation() != KeyValueOperation.PUT) {
            return true;
        }
        try {
            return !known.contains(LeaseKeys.decode(entry.getKey()));
        } catch (IllegalArgumentException notOurs) {
            return false;
        }
    }

    private static KeyValueWatcher watcher(Predicate<KeyValueEntry> worthATick, Runnable onChange) {
        return new KeyValueWatcher() {
            @Override
            public void watch(KeyValueEntry entry) {
                if (worthATick.test(entry)) {
                    onChange.run();
                }
            }

            @Override
            public void endOfData() {
            }
        };
    }

    @Override
    public void close() {
        for (NatsKeyValueWatchSubscription subscription : subscriptions) {
            try {
                subscription.unsubscribe();
            } catch (RuntimeException ignored) {
                // the connection is gone, and the subscription with it
            }
        }
        subscriptions.clear();
    }
}
