package io.gaia.session.delta;

import io.gaia.events.GaiaJson;
import io.gaia.events.Subjects;
import io.gaia.events.kb.AreaOfInterest;
import io.gaia.session.connection.ClientConnection;
import io.gaia.session.connection.ConnectionRegistry;
import io.gaia.session.kb.AreaOfInterestFrame;

/**
 * Which zone each socket follows, and so which zone subjects this instance listens to. "Zone" here is
 * a chain ({@link io.gaia.events.ZoneChain}): a zone, or one area of it where the experience scopes
 * interest by area; the code does not tell them apart. A socket
 * follows the zone of its player's last snapshot ({@code area_of_interest}): it receives that zone's
 * deltas, and no other zone's. This instance subscribes {@link Subjects#zoneUpdates} for the zones
 * where it holds players (reference-counted by {@link DeltaSubscriptions}), and no others.
 *
 * <p>Entering a zone subscribes before leaving the old one, and before the new zone's snapshot is
 * asked for (the request travels on the same NATS connection after the SUB), so no delta published
 * after the snapshot can be missed. The one case that cannot be ordered so (a snapshot that showed a
 * zone nobody here listened to yet) is told to the caller, which checks the versions once more.
 */
public final class ZoneInterest {

    /**
     * What {@link #enter} (or {@link #apply}) did: whether the socket changed zones, whether this instance
     * had to subscribe the zone just now, and whether the snapshot was left out as older than what the
     * socket was already sent ({@code stale}: nothing was sent or adopted).
     */
    public record Entered(boolean changed, boolean subscribedNow, boolean stale) {
        static final Entered SAME = new Entered(false, false, false);
        static final Entered STALE = new Entered(false, false, true);

        Entered(boolean changed, boolean subscribedNow) {
            this(changed, subscribedNow, false);
        }
    }

    private final DeltaSubscriptions subscriptions;
    private final ConnectionRegistry registry;
    private final GaiaJson json;

    public ZoneInterest(DeltaSubscriptions subscriptions, ConnectionRegistry registry, GaiaJson json) {
        this.subscriptions = subscriptions;
        this.registry = registry;
        this.json = json;
    }

    /**
     * The socket follows {@code zone} from now on (null or the zone it follows: nothing happens). When
     * it followed another zone, that chain is forgotten and the new zone's deltas wait for its snapshot.
     */
    public Entered enter(ClientConnection connection, String zone) {
        if (zone == null) {
            return Entered.SAME;
        }
        synchronized (connection) {
            String current = connection.zone();
            if (zone.equals(current) || connection.stoppedFollowing()) {
                return Entered.SAME;
            }
            boolean subscribedNow = subscriptions.acquire(Subjects.zoneUpdates(connection.experience(), zone));
            connection.follow(zone);
            registry.moveZone(connection, current, zone);
            if (current != null) {
                subscriptions.release(Subjects.zoneUpdates(connection.experience(), current));
            }
            return new Entered(true, subscribedNow);
        }
    }

    /**
     * Sends {@code snapshot} and adopts its versions, following its zone. Returns what entering its zone
     * did: when {@link Entered#subscribedNow}, a delta published between the snapshot and the subscription
     * may be missing, and the caller should check the versions again. A snapshot built before something
     * the socket was already sent (a delta overtook the answer that carried it) is left out
     * ({@link Entered#stale}) unless {@code anyway}.
     */
    public Entered apply(ClientConnection connection, AreaOfInterest snapshot, boolean resync, boolean anyway) {
        // A snapshot of another history than the socket holds replaces it after a break (reset, restore,
        // wiped state): it says so, whichever path fetched it (a walk's snapshot may be the first of the
        // new epoch a socket gets, and then the lifecycle resync leaves that socket out).
        // One step under the socket's lock: a zone change racing in between (a stale walk signal) would
        // otherwise leave the socket following one zone while holding another zone's versions, and then
        // neither zone's deltas would ever show it a gap.
        synchronized (connection) {
            String held = connection.epoch();
            boolean newEpoch = held != null && snapshot.epoch() != null && !held.equals(snapshot.epoch());
            if (!anyway && connection.isBehind(snapshot.versions(), snapshot.epoch(), zoneOf(snapshot))) {
                return Entered.STALE;
            }
            Entered entered = enter(connection, zoneOf(snapshot));
            connection.baseline(snapshot.versions(), snapshot.epoch(),
                    AreaOfInterestFrame.of(json, snapshot, resync || newEpoch));
            return entered;
        }
    }

    /** The socket is gone: its zone's share is given back (once; a late {@link #enter} is ignored). */
    public void leave(ClientConnection connection) {
        synchronized (connection) {
            String current = connection.stopFollowing();
            if (current != null) {
                registry.moveZone(connection, current, null);
                subscriptions.release(Subjects.zoneUpdates(connection.experience(), current));
            }
        }
    }

    /**
     * The chain a snapshot's versions belong to, which the socket follows: its zone's, or its area's
     * where the experience scopes interest by area ({@link io.gaia.events.ZoneChain}); null when the
     * player stands in no zone.
     */
    public static String zoneOf(AreaOfInterest snapshot) {
        return snapshot.versionChain();
    }
}
