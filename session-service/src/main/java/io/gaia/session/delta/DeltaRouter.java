package io.gaia.session.delta;

import io.gaia.events.CodecException;
import io.gaia.events.GaiaJson;
import io.gaia.events.Subjects;
import io.gaia.events.WorldUpdateEvent;
import io.gaia.session.connection.ClientConnection;
import io.gaia.session.connection.ConnectionRegistry;
import io.gaia.session.connection.WriteBatch;
import io.gaia.session.metrics.SessionMetrics;
import io.nats.client.Message;
import java.util.Collection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each delta from NATS to the sockets entitled to it: a user subject's deltas to that user's
 * sockets only (all of their devices), a zone subject's deltas to the sockets following that zone,
 * and to no other socket of the experience. Parsed once; every socket gets the same bytes.
 */
public final class DeltaRouter {

    private static final Logger log = LoggerFactory.getLogger(DeltaRouter.class);

    private final GaiaJson json;
    private final ConnectionRegistry registry;
    private final SessionMetrics metrics;
    private final RecentDeltas recent;

    public DeltaRouter(GaiaJson json, ConnectionRegistry registry, SessionMetrics metrics, RecentDeltas recent) {
        this.json = json;
        this.registry = registry;
        this.metrics = metrics;
        this.recent = recent;
    }

    public void onMessage(Message message) {
        metrics.deltaReceived();
        byte[] bytes = message.getData();
        WorldUpdateEvent event;
        try {
            event = json.read(bytes, WorldUpdateEvent.class);
        } catch (CodecException e) {
            log.warn("dropping unreadable delta on {}: {}", message.getSubject(), e.getMessage());
            return;
        }
        Delta delta = new Delta(event, bytes);
        DeltaSequencer.Rejection implausible = DeltaSequencer.implausible(delta);
        if (implausible != null) {
            // no state leads there (snapshot <= base, or a jump kb-service never makes): refused and
            // counted once here rather than by every socket, and never offered to one
            log.debug("dropping a {} delta on {}: {} -> {}", implausible.reason(), message.getSubject(), delta.base(),
                    delta.snapshot());
            metrics.deltaRejected(implausible.reason());
            return;
        }
        route(message.getSubject(), delta);
    }

    void route(String subject, Delta delta) {
        Collection<ClientConnection> targets = targets(subject, delta);
        String experience = delta.event().experience();
        WriteBatch batch = new WriteBatch();
        for (ClientConnection connection : targets) {
            if (experience.equals(connection.experience())) {
                connection.offer(delta, batch);
            }
        }
        batch.run(); // one task per event loop writes the delta to all of its sockets
    }

    /**
     * A user subject's deltas go to that user's sockets; a zone subject's to the sockets following that
     * zone (the delta must say the same zone: one that does not is no link of that zone's chain), and
     * are kept a while for gap fills ({@link RecentDeltas}).
     */
    private Collection<ClientConnection> targets(String subject, Delta delta) {
        String user = Subjects.userOf(subject);
        if (user != null) {
            return registry.ofUser(user);
        }
        Subjects.ZoneSubject zone = Subjects.zoneOf(subject);
        if (zone == null || !zone.zoneId().equals(delta.event().zone())
                || !zone.experienceId().equals(delta.event().experience())) {
            return java.util.List.of();
        }
        recent.record(subject, delta);
        return registry.ofZone(zone.experienceId(), zone.zoneId());
    }
}
