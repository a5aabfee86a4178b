package io.gaia.session.delta;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * One socket's gap-filling state: at most one fill in flight (requests meanwhile are folded into
 * one follow-up), snapshots spaced by exponential backoff within a window (first at once, then
 * 250 ms, 500 ms, 1 s, ...), and a count of snapshots that did not bring the socket in line: at
 * {@code maxUnconverged} within the window the socket is given up on (close 4410). Thread-safe.
 */
public final class GapBudget {

    private final Settings settings;
    private final Deque<Long> snapshots = new ArrayDeque<>();
    private boolean inFlight;
    private boolean again;
    private String wantedEpoch;
    private boolean wantSnapshot;
    private int unconverged;
    private int failures;

    /** {@code maxUnconverged} snapshots without convergence within {@code window} close the socket. */
    public record Settings(int maxUnconverged, Duration window, Duration firstBackoff, Duration maxBackoff) {
        public static final Settings DEFAULT = new Settings(5, Duration.ofSeconds(30), Duration.ofMillis(250),
                Duration.ofSeconds(8));
    }

    public GapBudget(Settings settings) {
        this.settings = settings;
    }

    /** True when the caller may start a fill now; otherwise one follow-up is remembered. */
    synchronized boolean tryStart() {
        if (inFlight) {
            again = true;
            return false;
        }
        inFlight = true;
        return true;
    }

    /** Ends the fill in flight; true when a request arrived meanwhile. */
    synchronized boolean finish() {
        inFlight = false;
        boolean follow = again;
        again = false;
        return follow;
    }

    /** Asks for a snapshot at the next fill (e.g. a delta of another epoch, a lifecycle event). */
    synchronized void wantSnapshot(String epoch) {
        wantSnapshot = true;
        if (epoch != null) {
            wantedEpoch = epoch;
        }
    }

    /** Takes the snapshot wish: the epoch wished for ("" when any), or null when none was made. */
    synchronized String takeSnapshotWish() {
        if (!wantSnapshot) {
            return null;
        }
        String epoch = wantedEpoch == null ? "" : wantedEpoch;
        wantSnapshot = false;
        wantedEpoch = null;
        return epoch;
    }

    /** How long to wait before the next snapshot: 0 for the first in the window, then doubling. */
    synchronized long delayMillis(long nowMillis) {
        evict(nowMillis);
        int taken = snapshots.size();
        if (taken == 0) {
            return 0;
        }
        long delay = settings.firstBackoff().toMillis() << Math.min(taken - 1, 20);
        return Math.min(delay, settings.maxBackoff().toMillis());
    }

    /**
     * As {@link #delayMillis(long)}, but at most the first backoff while the client waits for an answer
     * held behind the gap (its own action's {@code action_response}). Such a gap is proven by
     * kb-service's reply to the client's own request, at the client's own rate-limited pace, so it
     * cannot be forged into a storm; after a failover the dead owner's unpublished deltas leave one on
     * every socket that acts, and a doubling delay there (a kill and a hand-back within the window)
     * held the answers for seconds. The count of snapshots that did not converge still applies.
     */
    synchronized long delayMillis(long nowMillis, boolean answerWaiting) {
        long delay = delayMillis(nowMillis);
        return answerWaiting ? Math.min(delay, settings.firstBackoff().toMillis()) : delay;
    }

    synchronized void snapshotTaken(long nowMillis, boolean converged) {
        evict(nowMillis);
        snapshots.addLast(nowMillis);
        failures = 0;
        unconverged = converged ? 0 : unconverged + 1;
    }

    /** True when the socket has had its snapshots in this window and still is not in line. */
    synchronized boolean exhausted(long nowMillis) {
        evict(nowMillis);
        return unconverged >= settings.maxUnconverged();
    }

    synchronized int failed() {
        return ++failures;
    }

    synchronized void converged() {
        unconverged = 0;
    }

    private void evict(long nowMillis) {
        long horizon = nowMillis - settings.window().toMillis();
        while (!snapshots.isEmpty() && snapshots.peekFirst() < horizon) {
            snapshots.removeFirst();
        }
        if (snapshots.isEmpty()) {
            unconverged = 0;
        }
        while (snapshots.size() > 64) {
            snapshots.removeFirst();
        }
    }
}
