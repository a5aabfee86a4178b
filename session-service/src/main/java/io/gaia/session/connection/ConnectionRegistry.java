package io.gaia.session.connection;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/** The sockets this instance holds, by user (all of one user's devices) and by experience. */
@Component
public class ConnectionRegistry {

    private final ConcurrentHashMap<String, Set<ClientConnection>> byUser = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<ClientConnection>> byExperience = new ConcurrentHashMap<>();
    /** Sockets by the zone they follow ({@link #zoneKey}): a zone's deltas go to these only. */
    private final ConcurrentHashMap<String, Set<ClientConnection>> byZone = new ConcurrentHashMap<>();
    private final Set<ClientConnection> all = ConcurrentHashMap.newKeySet();
    private final AtomicInteger count = new AtomicInteger();

    /** Why {@link #tryAdd} refused a socket. */
    public enum Refusal { NONE, USER_CAP, INSTANCE_CAP }

    /**
     * Adds the socket unless its user already holds {@code perUser} sockets here or this instance
     * holds {@code perInstance}; checked and added atomically, so a burst of connects cannot overshoot.
     */
    public synchronized Refusal tryAdd(ClientConnection connection, int perUser, int perInstance) {
        if (count.get() >= perInstance) {
            return Refusal.INSTANCE_CAP;
        }
        if (ofUser(connection.userId()).size() >= perUser) {
            return Refusal.USER_CAP;
        }
        add(connection);
        return Refusal.NONE;
    }

    public void add(ClientConnection connection) {
        if (all.add(connection)) {
            count.incrementAndGet();
            addTo(byUser, connection.userId(), connection);
            addTo(byExperience, connection.experience(), connection);
        }
    }

    public void remove(ClientConnection connection) {
        if (all.remove(connection)) {
            count.decrementAndGet();
            removeFrom(byUser, connection.userId(), connection);
            removeFrom(byExperience, connection.experience(), connection);
            String zone = connection.zone();
            if (zone != null) {
                removeFrom(byZone, zoneKey(connection.experience(), zone), connection);
            }
        }
    }

    /** The socket now follows {@code to} instead of {@code from} (either may be null). */
    public void moveZone(ClientConnection connection, String from, String to) {
        if (from != null) {
            removeFrom(byZone, zoneKey(connection.experience(), from), connection);
        }
        if (to != null && all.contains(connection)) {
            addTo(byZone, zoneKey(connection.experience(), to), connection);
        }
    }

    /** The sockets following one zone of an experience. */
    public Collection<ClientConnection> ofZone(String experience, String zone) {
        Set<ClientConnection> set = byZone.get(zoneKey(experience, zone));
        return set == null ? Set.of() : set;
    }

    /** How many zones have sockets here. */
    public int zones() {
        return byZone.size();
    }

    private static String zoneKey(String experience, String zone) {
        return experience + '\n' + zone;
    }

    private static void addTo(ConcurrentHashMap<String, Set<ClientConnection>> index, String key,
                              ClientConnection connection) {
        index.compute(key, (k, set) -> {
            Set<ClientConnection> target = set == null ? ConcurrentHashMap.newKeySet() : set;
            target.add(connection);
            return target;
        });
    }

    private static void removeFrom(ConcurrentHashMap<String, Set<ClientConnection>> index, String key,
                                   ClientConnection connection) {
        index.computeIfPresent(key, (k, set) -> {
            set.remove(connection);
            return set.isEmpty() ? null : set;
        });
    }

    public Collection<ClientConnection> ofUser(String userId) {
        Set<ClientConnection> set = byUser.get(userId);
        return set == null ? Set.of() : set;
    }

    public Collection<ClientConnection> ofExperience(String experience) {
        Set<ClientConnection> set = byExperience.get(experience);
        return set == null ? Set.of() : set;
    }

    public Collection<ClientConnection> all() {
        return all;
    }

    public int size() {
        return count.get();
    }

    public int users() {
        return byUser.size();
    }
}
