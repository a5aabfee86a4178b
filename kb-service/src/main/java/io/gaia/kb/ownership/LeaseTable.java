package io.gaia.kb.ownership;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leases this instance holds: the one place {@code owns} changes and the listener is told, under
 * this object's lock (so calls come one at a time and in order). Never calls NATS, so the watchdog that
 * ends overdue leases can never wait behind a blocked request.
 */
final class LeaseTable {

    private static final Logger log = LoggerFactory.getLogger(LeaseTable.class);

    private final String instanceId;
    private final OwnershipListener listener;
    private final Map<String, Lease> held = new ConcurrentHashMap<>();
    private volatile long ttlNanos;
    private boolean closed;

    LeaseTable(String instanceId, long ttlNanos, OwnershipListener listener) {
        this.instanceId = instanceId;
        this.ttlNanos = ttlNanos;
        this.listener = listener;
    }

    /** The lease's real lifetime (the owners bucket's TTL). */
    void ttl(long nanos) {
        ttlNanos = nanos;
    }

    long ttlNanos() {
        return ttlNanos;
    }

    boolean owns(String experience) {
        return held.containsKey(experience);
    }

    Lease get(String experience) {
        return held.get(experience);
    }

    Set<String> owned() {
        return Set.copyOf(held.keySet());
    }

    List<Lease> leases() {
        return List.copyOf(held.values());
    }

    /** Starts serving under a new lease; false when stopping or the lease is already too old to be safe. */
    synchronized boolean hold(Lease lease) {
        if (closed || overdue(lease, System.nanoTime())) {
            return false;
        }
        held.put(lease.experience, lease);
        log.info("ownership: {} acquired {} (lease revision {})", instanceId, lease.experience, lease.acquiredRevision);
        try {
            listener.acquired(lease.experience, lease.acquiredRevision);
        } catch (RuntimeException e) {
            log.warn("ownership listener failed on acquiring {}: {}", lease.experience, e.toString());
        }
        return true;
    }

    /** Records a renewal that landed; false when the lease had been ended meanwhile. */
    synchronized boolean confirm(Lease lease, long revision, long sent) {
        if (held.get(lease.experience) != lease) {
            return false;
        }
        lease.revision = revision;
        lease.renewedAt = Math.max(lease.renewedAt, sent);
        lease.unconfirmedSince = 0;
        return true;
    }

    synchronized void markUnconfirmed(Lease lease, long sent) {
        if (lease.unconfirmedSince == 0) {
            lease.unconfirmedSince = sent;
        }
    }

    synchronized long unconfirmedSince(Lease lease) {
        return lease.unconfirmedSince;
    }

    /** Stops serving {@code lease}'s experience; true if it was still held. */
    synchronized boolean end(Lease lease, String reason) {
        if (!held.remove(lease.experience, lease)) {
            return false;
        }
        log.info("ownership: {} released {} ({})", instanceId, lease.experience, reason);
        try {
            listener.released(lease.experience);
        } catch (RuntimeException e) {
            log.warn("ownership listener failed on releasing {}: {}", lease.experience, e.toString());
        }
        return true;
    }

    /** The watchdog: ends every lease not renewed for TTL − TTL/6 since its last renewal was sent. */
    synchronized void endOverdue() {
        long now = System.nanoTime();
        for (Lease lease : List.copyOf(held.values())) {
            if (overdue(lease, now)) {
                end(lease, "not renewed in time");
            }
        }
    }

    /** Ends every lease and refuses new ones; returns the ended leases so they can be given back. */
    synchronized List<Lease> closeAll() {
        closed = true;
        List<Lease> ended = new ArrayList<>();
        for (Lease lease : List.copyOf(held.values())) {
            if (end(lease, "instance stopping")) {
                ended.add(lease);
            }
        }
        return ended;
    }

    private boolean overdue(Lease lease, long now) {
        return now - lease.deadline(ttlNanos, ttlNanos / 6) >= 0;
    }
}
