package io.gaia.chat.turn;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import io.gaia.events.kb.AreaOfInterest;

/**
 * The last area of interest seen per (player, experience), refreshed by every turn that acts.
 * It lets a clear command ("take the bottle of joy") go to kb-service without first waiting for a
 * fresh area of interest: kb-service checks reach and ownership anyway, so a stale view can only
 * produce a refused command (narrated as such), never a wrong state change. Anything the cached
 * view does not resolve to a command is resolved again against a fresh one.
 */
@Component
public class AreaOfInterestCache {

    private static final Duration MAX_AGE = Duration.ofSeconds(30);
    private static final int MAX_ENTRIES = 10_000;

    private record Entry(AreaOfInterest areaOfInterest, long atNanos) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    public AreaOfInterest get(String userId, String experience) {
        Entry entry = entries.get(key(userId, experience));
        if (entry == null || System.nanoTime() - entry.atNanos() > MAX_AGE.toNanos()) {
            return null;
        }
        return entry.areaOfInterest();
    }

    public void put(String userId, String experience, AreaOfInterest areaOfInterest) {
        if (entries.size() >= MAX_ENTRIES) {
            // Crude but bounded: a full cache starts over; the cost is one slower turn per player.
            entries.clear();
        }
        entries.put(key(userId, experience), new Entry(areaOfInterest, System.nanoTime()));
    }

    public void forget(String userId, String experience) {
        entries.remove(key(userId, experience));
    }

    private static String key(String userId, String experience) {
        return userId.length() + ":" + userId + "|" + experience;
    }
}
