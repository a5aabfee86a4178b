package io.gaia.session.delta;

import io.gaia.events.GaiaJson;
import io.gaia.events.Subjects;
import io.gaia.events.VersionScope;
import io.gaia.events.WorldUpdateEvent;
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
 * from {@link DeltaSubscriptions}); user subjects are not kept. Only each delta's bytes and versions are
 * kept (a replay reads the few it needs again), so a zone costs little more than its bytes bound.
 * Thread-safe.
 */
public final class RecentDeltas {

    private final GaiaJson json;
    private final int maxDeltas;
    private final long maxBytes;
    private final Map<String, Ring> rings = new ConcurrentHashMap<>();

    /** At most {@code maxDeltas} deltas and {@code maxBytes} bytes of delta JSON per zone; 0 keeps none. */
    public RecentDeltas(GaiaJson json, int maxDeltas, long maxBytes) {
        this.json = json;
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
        if (ring != null && delta.sequenced() && delta.scope() == VersionScope.WORLD && delta.event().epoch() != null) {
            ring.add(new Kept(delta.event().experience(), delta.event().epoch(), delta.base(), delta.snapshot(),
                    delta.json()), maxDeltas, maxBytes);
        }
    }

    /**
     * The unbroken chain of {@code experience}'s world deltas of {@code epoch} on {@code subject} after
     * version {@code after}, in order, at most {@code limit}; empty when none received here starts from
     * {@code after}, or when the epoch is not known.
     */
    List<Delta> chainAfter(String subject, String experience, String epoch, long after, int limit) {
        Ring ring = rings.get(subject);
        if (ring == null || epoch == null) {
            return List.of();
        }
        List<Delta> chain = new ArrayList<>();
        for (Kept kept : ring.chainAfter(experience, epoch, after, limit)) {
            chain.add(new Delta(json.read(kept.json(), WorldUpdateEvent.class), kept.json()));
        }
        return chain;
    }

    /** Deltas kept over all zones (a gauge, and for tests). */
    public int size() {
        return rings.values().stream().mapToInt(Ring::size).sum();
    }

    /** A world delta as kept: whose, its versions, and the bytes it came as. */
    private record Kept(String experience, String epoch, long base, long snapshot, byte[] json) {
    }

    private static final class Ring {
        private final Deque<Kept> deltas = new ArrayDeque<>();
        private long bytes;

        synchronized void add(Kept delta, int maxDeltas, long maxBytes) {
            deltas.addLast(delta);
            bytes += delta.json().length;
            while (!deltas.isEmpty() && (deltas.size() > maxDeltas || bytes > maxBytes)) {
                bytes -= deltas.removeFirst().json().length;
            }
        }

        synchronized List<Kept> chainAfter(String experience, String epoch, long after, int limit) {
            Map<Long, Kept> byBase = new HashMap<>();
            for (Kept delta : deltas) {
                if (epoch.equals(delta.epoch()) && experience.equals(delta.experience())) {
                    byBase.putIfAbsent(delta.base(), delta); // the first one received, as a replay takes it
                }
            }
            List<Kept> chain = new ArrayList<>();
            for (Kept next = byBase.get(after); next != null && chain.size() < limit; next = byBase.get(next.snapshot())) {
                chain.add(next);
            }
            return chain;
        }

        synchronized int size() {
            return deltas.size();
        }
    }
}
