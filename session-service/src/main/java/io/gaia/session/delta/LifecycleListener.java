package io.gaia.session.delta;

import io.gaia.events.CodecException;
import io.gaia.events.ExperienceLifecycleEvent;
import io.gaia.events.GaiaJson;
import io.gaia.events.Subjects;
import io.gaia.session.connection.ConnectionRegistry;
import io.gaia.support.nats.NatsConnection;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on {@code world.lifecycle.>} (every instance does, no queue group): when kb-service
 * announces a new epoch of an experience (reset, restore, fresh state folder), every socket of that
 * experience on this instance gets one fresh {@code area_of_interest} with {@code resync: true}
 * ({@link GapFiller#resyncAll}, a few kb-service fetches at a time). The old epoch's parked deltas
 * and versions are dropped by the sockets' sequencers on that snapshot.
 */
public final class LifecycleListener {

    private static final Logger log = LoggerFactory.getLogger(LifecycleListener.class);

    private final GaiaJson json;
    private final ConnectionRegistry registry;
    private final GapFiller gaps;
    private Dispatcher dispatcher;

    public LifecycleListener(NatsConnection nats, GaiaJson json, ConnectionRegistry registry, GapFiller gaps) {
        this.json = json;
        this.registry = registry;
        this.gaps = gaps;
        nats.whenConnected(this::attach);
    }

    private synchronized void attach(Connection connection) {
        if (dispatcher == null) {
            dispatcher = connection.createDispatcher(this::onMessage);
            dispatcher.subscribe(Subjects.ALL_LIFECYCLE);
        }
    }

    void onMessage(Message message) {
        ExperienceLifecycleEvent event;
        try {
            event = json.read(message.getData(), ExperienceLifecycleEvent.class);
        } catch (CodecException e) {
            log.warn("dropping unreadable lifecycle event on {}: {}", message.getSubject(), e.getMessage());
            return;
        }
        if (!message.getSubject().equals(Subjects.lifecycle(event.experience()))) {
            log.warn("dropping lifecycle event for '{}' sent on {}", event.experience(), message.getSubject());
            return;
        }
        log.info("experience '{}' is in epoch {} now ({}); resyncing its sockets", event.experience(), event.epoch(),
                event.reason());
        gaps.resyncAll(registry.ofExperience(event.experience()), event.epoch())
                .subscribe(null, e -> log.warn("resync after the lifecycle event of '{}' failed: {}",
                        event.experience(), e.toString()));
    }
}
