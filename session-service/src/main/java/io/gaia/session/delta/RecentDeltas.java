package io.gaia.session.delta;

import io.gaia.events.Subjects;
import io.gaia.events.VersionScope;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last deltas this instance received on each zone subject it follows, bounded per zone by count and
 * by bytes. A socket's gap is most often made of deltas that reached this instance but not the socket:
 * refused while its snapshot of a new epoch was on the way (a reset), or dropped as unreachable behind a
 * stale snapshot. Those are replayed from here, without a JetStream read. A JetStream replay costs one
 * round trip to nats-server per probe (a binary search over the stream, then one per delta) on one of the
 * gap filler's few threads, and after a reset under load every socket needed one: the queue kept a few
 * sockets in the old epoch for 20 s. What is not here (this instance was not yet subscribed, NATS dropped
 * it) is still read from JetStream.
 *
 * <p>A zone's deltas are kept while this instance subscribes the zone ({@link #open} / {@link #forget},
 * from {@link DeltaSubscriptions}); user subjects are not kept. Thread-safe.
 */
public final class RecentDeltas {

    private final int maxDeltas;
    private final long maxBytes;
    private final Map<String, Ring> rings = new ConcurrentHashMap<>();

    /** At most {@code maxDeltas} deltas and {@code maxBytes} bytes of delta JSON per zone; 0 keeps none. */
    public RecentDeltas(int maxDeltas, long maxBytes) {
        this.maxDeltas = maxDeltas;
        this.maxBytes = maxBytes;
    }

    /** This instance subscribed {@code subject}: a zone's deltas are kept from now on. */
    void open(String subject) {
        if (maxDeltas > 0 && Subjects.zoneOf(subject) != null) {
            rings.putIfAbsent(subject, new Ring());
        }
    }

    /** This instance no longer subscribes {@code subject}: what was kept of it is let go. */
    void forget(String subject) {
        rings.remove(subject);
    }

    /** A sequenced, plausible delta received on {@code subject} (kept only when the zone is open). */
    void record(String subject, Delta delta) {
        Ring ring = rings.get(subject);
        if (ring != null && delta.sequenced()) {
            ring.add(delta, maxDeltas, maxBytes);
        }
    }

    /**
     * The unbroken chain of {@code experience}'s world deltas of {@code epoch} on {@code subject} after
     * version {@code after}, in order, at most {@code limit}; empty when none received here starts from
     * {@code after}, or when the epoch is not known.
     */
    List<Delta> chainAfter(String subject, String experience, String epoch, long after, int limit) {
        Ring ring = rings.get(subject);
        return ring == null || epoch == null ? List.of() : ring.chainAfter(experience, epoch, after, limit);
    }

    /** Deltas kept over all zones (a gauge, and for tests). */
    public int size() {
        return rings.values().stream().mapToInt(Ring::size).sum();
    }

    private static final class Ring {
        private final Deque<Delta> deltas = new ArrayDeque<>();
        private long bytes;

        synchronized void add(Delta delta, int maxDeltas, long maxBytes) {
            deltas.addLast(delta);
            bytes += delta.json().length;
            while (!deltas.isEmpty() && (deltas.size() > maxDeltas || bytes > maxBytes)) {
                bytes -= deltas.removeFirst().json().length;
            }
        }

        synchronized List<Delta> chainAfter(String experience, String epoch, long after, int limit) {
            Map<Long, Delta> byBase = new HashMap<>();
            for (Delta delta : deltas) {
                if (delta.scope() == VersionScope.WORLD && epoch.equals(delta.event().epoch())
                        && experience.equals(delta.event().experience())) {
                    byBase.putIfAbsent(delta.base(), delta); // the first one received, as a replay takes it
                }
            }
            List<Delta> chain = new ArrayList<>();
            for (Delta next = byBase.get(after); next != null && chain.size() < limit; next = byBase.get(next.snapshot())) {
                chain.add(next);
            }
            return chain;
        }

        synchronized int size() {
            return deltas.size();
        }
    }
}
