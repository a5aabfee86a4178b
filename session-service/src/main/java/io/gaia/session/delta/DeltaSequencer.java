package io.gaia.session.delta;

import io.gaia.events.VersionScope;
import io.gaia.events.socket.Versions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one connection may send next, so the client sees every scope's deltas as an unbroken chain
 * ({@code base_version} of each = {@code snapshot_version} of the one before) and an action's
 * response only after that action's deltas.
 *
 * <p>Deltas arrive on two racing paths (NATS, and an action's HTTP reply) and after outages. A
 * delta already covered is dropped (dedup by scope and snapshot version); one whose predecessor is
 * missing waits in {@code pending} until the gap closes — by the predecessor arriving, by a
 * JetStream replay, or by a fresh snapshot ({@link #baseline}). Messages that must follow certain
 * versions wait in {@code held}, in order.
 *
 * <p>Versions are compared only within one epoch (the history kb-service's state belongs to). A
 * delta of another epoch, an impossible one ({@code snapshot_version <= base_version}) or one so
 * far ahead that no buffering could close the gap is refused ({@link Rejection}), never parked:
 * a single bad message cannot leave a gap that no snapshot closes. A snapshot is authoritative
 * over what deltas claimed: the highest version seen comes back down to it (but never below a
 * version kb-service itself announced, {@link #expect}), and parked deltas it does not lead to are
 * dropped. A snapshot fetched before a change and applied after it is therefore still a gap.
 *
 * <p>Not thread-safe: its connection calls it under one lock. No I/O here.
 */
public final class DeltaSequencer {

    /** Where the sequencer's output goes, in order: other frames, and deltas. */
    public interface Emitter {
        void emit(byte[] frame, long eventTimestamp);

        default void emitDelta(Delta delta) {
            emit(delta.json(), delta.event().timestamp());
        }
    }

    /** Why a delta was refused: the {@code reason} tag of {@code gaia.session.deltas.rejected}. */
    public enum Rejection {
        /** Of another epoch than the socket's: a snapshot tells which one is current. */
        EPOCH("epoch", true),
        /** {@code snapshot_version <= base_version}: no state leads there. */
        IMPOSSIBLE("impossible", false),
        /**
         * Further ahead of what the client holds than the pending buffer (a snapshot is cheaper, and
         * checks it), or spanning more than {@link #MAX_STEP} versions: kb-service never publishes such a
         * jump, and trusting it would move the socket past every real delta that follows.
         */
        FAR_AHEAD("far_ahead", true);

        private final String reason;
        private final boolean snapshotAdvised;

        Rejection(String reason, boolean snapshotAdvised) {
            this.reason = reason;
            this.snapshotAdvised = snapshotAdvised;
        }

        public String reason() {
            return reason;
        }

        public boolean snapshotAdvised() {
            return snapshotAdvised;
        }
    }

    /**
     * How many versions one delta may advance its scope: kb-service bumps each touched document's
     * version exactly once per change ({@code snapshot_version = base_version + 1}).
     */
    public static final long MAX_STEP = 1;

    private final Map<VersionScope, Long> delivered = new EnumMap<>(VersionScope.class);
    private final Map<VersionScope, Long> known = new EnumMap<>(VersionScope.class);
    /**
     * Versions kb-service itself said it reached (action replies, checks), in this epoch. Unlike a
     * delta's claim, no snapshot can make them untrue: a snapshot below them is stale.
     */
    private final Map<VersionScope, Long> announced = new EnumMap<>(VersionScope.class);
    /** Created on first use: most sockets never hold anything back, and idle sockets should stay small. */
    private final Map<VersionScope, TreeMap<Long, Delta>> pending = new EnumMap<>(VersionScope.class);
    /**
     * Per scope, the highest version a refused delta of another epoch led to (one per scope): a delta
     * of the new epoch that arrives before the socket's snapshot of it would otherwise be forgotten.
     */
    private final Map<VersionScope, EpochVersion> otherEpoch = new EnumMap<>(VersionScope.class);
    private final Deque<Held> held = new ArrayDeque<>(2);
    /**
     * The world chain the socket held was left behind (its player walked into another zone): nothing of
     * the new zone's chain is known until its snapshot, so its deltas wait and answers that need a
     * world version wait with them. Not a gap: the zone's snapshot is already on its way.
     */
    private boolean worldAwaited;
    /**
     * Snapshots asked of kb-service for this socket and not yet applied ({@link #awaitSnapshot}): meanwhile
     * sequenced deltas wait, so each of those snapshots is built after everything the socket was sent and
     * can never take the client back; what they do not cover goes out once the last is settled.
     */
    private int snapshotsAwaited;
    /** A snapshot was adopted while others were awaited: its follow-up waits for {@link #snapshotSettled}. */
    private boolean adoptedWhileAwaited;
    /** ... and it was the snapshot of a zone just entered (see {@link #noteParkedAhead}). */
    private boolean zoneAdoptedWhileAwaited;
    private final int pendingLimit;
    private boolean baselined;
    private boolean overflowed;
    private int pendingCount;
    private String epoch;

    public DeltaSequencer(int pendingLimit) {
        this.pendingLimit = pendingLimit;
    }

    /**
     * Offers a delta from any path; sends it (and any pending successors) when it is next in line.
     * Returns why it was refused, or null when it was taken (sent, parked, or a duplicate).
     */
    public Rejection offer(Delta delta, Emitter out) {
        String deltaEpoch = delta.event().epoch();
        if (epoch != null && deltaEpoch != null && !epoch.equals(deltaEpoch)) {
            rememberOtherEpoch(delta, deltaEpoch);
            return Rejection.EPOCH;
        }
        if (!delta.sequenced()) {
            out.emitDelta(delta);
            return null;
        }
        Rejection implausible = implausible(delta);
        if (implausible != null) {
            return implausible; // before anything is noted: a refused delta never moves a version
        }
        VersionScope scope = delta.scope();
        if (scope == VersionScope.WORLD && worldAwaited) {
            park(delta); // the new zone's snapshot decides which of them follow on
            return null;
        }
        Long at = delivered.get(scope);
        if (baselined && at != null && delta.snapshot() <= at) {
            return null; // already delivered, or covered by a snapshot
        }
        if (baselined && at != null && delta.base() - at > pendingLimit) {
            // The socket missed more than could be buffered (e.g. NATS dropped messages): every later
            // delta would be refused the same way, so only a snapshot brings it back. Unlike a
            // forged jump (refused above), this asks for one.
            overflowed = true;
            return Rejection.FAR_AHEAD;
        }
        noteKnown(scope, delta.snapshot());
        if (snapshotsAwaited > 0) {
            park(delta); // the snapshot on its way decides which of them follow on
            return null;
        }
        if (baselined && (at == null || delta.base() == at)) {
            send(delta, out);
            drain(scope, out);
            release(out);
        } else {
            park(delta);
        }
        return null;
    }

    /**
     * Why a sequenced delta can never be right whatever a socket holds ({@code snapshot_version <=
     * base_version}, or a jump of more than {@link #MAX_STEP}), or null when it is plausible.
     */
    public static Rejection implausible(Delta delta) {
        if (!delta.sequenced()) {
            return null;
        }
        if (delta.snapshot() <= delta.base()) {
            return Rejection.IMPOSSIBLE;
        }
        if (delta.snapshot() - delta.base() > MAX_STEP) {
            return Rejection.FAR_AHEAD;
        }
        return null;
    }

    /**
     * Sets the versions the client now holds: after an {@code area_of_interest} (the frame, if any,
     * is emitted first) or from the client's own resume request. Pending deltas that follow on are sent.
     */
    public void baseline(Versions versions, byte[] snapshotFrame, Emitter out) {
        baseline(versions, null, snapshotFrame, out);
    }

    /**
     * As above, in {@code newEpoch} (null: unchanged). A new epoch forgets everything of the old one
     * (delivered and known versions, parked deltas). With a snapshot frame the versions are
     * authoritative: known versions come down to them and parked deltas they do not lead to are dropped.
     */
    public void baseline(Versions versions, String newEpoch, byte[] snapshotFrame, Emitter out) {
        if (newEpoch != null && !newEpoch.equals(epoch)) {
            if (epoch != null) {
                // Frames held for versions of the old epoch (an action answered just before a reset or
                // a wipe) would wait for them forever, and every later frame behind them: they go
                // out after the snapshot instead.
                for (int i = held.size(); i > 0; i--) {
                    held.addLast(new Held(held.removeFirst().frame(), Versions.UNKNOWN));
                }
            }
            epoch = newEpoch;
            delivered.clear();
            known.clear();
            announced.clear();
            pending.clear();
            pendingCount = 0;
        }
        boolean zoneSnapshot = worldAwaited && snapshotFrame != null;
        if (snapshotFrame != null) {
            out.emit(snapshotFrame, 0);
            worldAwaited = false;
        }
        for (VersionScope scope : VersionScope.values()) {
            Long version = versions.of(scope);
            if (version != null) {
                delivered.put(scope, version);
                if (snapshotFrame != null) {
                    // down to the snapshot, not below what kb-service announced: a snapshot built
                    // before an action that was answered (and delivered) before it arrived is stale
                    Long said = announced.get(scope);
                    known.put(scope, said == null ? version : Math.max(version, said));
                } else {
                    noteKnown(scope, version);
                }
            }
        }
        for (VersionScope scope : VersionScope.values()) {
            EpochVersion seen = otherEpoch.get(scope);
            if (seen != null && epoch != null && seen.epoch().equals(epoch)) {
                otherEpoch.remove(scope);
                Long version = delivered.get(scope);
                if (version != null && seen.version() > version) {
                    noteKnown(scope, seen.version()); // a gap: replay or a snapshot closes it
                }
            }
        }
        baselined = true;
        overflowed = false;
        if (snapshotsAwaited > 0) {
            // another snapshot is on its way: the deltas it covers are dropped now, the rest wait for it
            adoptedWhileAwaited |= snapshotFrame != null;
            zoneAdoptedWhileAwaited |= zoneSnapshot;
            for (VersionScope scope : VersionScope.values()) {
                dropCovered(scope);
            }
            release(out);
            return;
        }
        followOn(snapshotFrame != null, zoneSnapshot, out);
    }

    /**
     * After a baseline: parked deltas that follow on are sent; after a snapshot those it does not lead to
     * are dropped (NATS brings each again in order behind the one it lacked; a forged one never leaves a
     * gap no snapshot closes). After a zone's first snapshot, those that went past it count as known.
     */
    private void followOn(boolean snapshot, boolean parkedAheadKnown, Emitter out) {
        for (VersionScope scope : VersionScope.values()) {
            drain(scope, out);
            if (snapshot) {
                if (parkedAheadKnown) {
                    // Deltas parked while this snapshot was on its way were never counted as known:
                    // those it does not lead to went past it (it was built before them), a gap to close.
                    noteParkedAhead(scope);
                }
                dropUnreachable(scope);
            }
        }
        release(out);
    }

    /**
     * A snapshot of this socket's player was just asked of kb-service: until it is settled
     * ({@link #snapshotSettled}), sequenced deltas wait instead of going out. kb-service builds the answer
     * after every delta the socket was sent, so the answer can never be older than what the client holds
     * (which would take it back, and have deltas it holds sent again).
     */
    public void awaitSnapshot() {
        snapshotsAwaited++;
    }

    /**
     * A snapshot asked for with {@link #awaitSnapshot} was applied, left out, or never came. When no other
     * is awaited, the deltas that waited and follow on from what the socket holds go out now.
     */
    public void snapshotSettled(Emitter out) {
        if (snapshotsAwaited == 0 || --snapshotsAwaited > 0) {
            return;
        }
        boolean adopted = adoptedWhileAwaited;
        boolean zone = zoneAdoptedWhileAwaited;
        adoptedWhileAwaited = false;
        zoneAdoptedWhileAwaited = false;
        if (baselined) {
            followOn(adopted, zone, out);
        }
    }

    /** True while a snapshot asked for with {@link #awaitSnapshot} is on its way. */
    public boolean awaitsSnapshot() {
        return snapshotsAwaited > 0;
    }

    /**
     * The socket's player is now in another zone, whose world chain has nothing to do with the one
     * held: everything known of the world chain is forgotten, and world deltas wait until the new
     * zone's snapshot ({@link #baseline} with a frame) says where its chain stands.
     */
    public void rezone() {
        // Frames held for a world version of the chain left (an answer of an action there, or a remembered
        // answer naming a zone the player has since left) would compare it with the new chain's versions:
        // they wait for nothing of the world any more.
        for (int i = held.size(); i > 0; i--) {
            Held frame = held.removeFirst();
            held.addLast(new Held(frame.frame(), frame.required().with(VersionScope.WORLD, null)));
        }
        delivered.remove(VersionScope.WORLD);
        known.remove(VersionScope.WORLD);
        announced.remove(VersionScope.WORLD);
        otherEpoch.remove(VersionScope.WORLD);
        TreeMap<Long, Delta> parked = pending.remove(VersionScope.WORLD);
        if (parked != null) {
            pendingCount -= parked.size();
        }
        worldAwaited = true;
    }

    /**
     * True when a snapshot of this epoch with {@code versions} was built before something the socket was
     * already sent: its player version is behind the delivered one, or, for the world chain the socket
     * follows ({@code sameChain}, and not one whose snapshot is awaited), its world version is. Adopting
     * it would take the client back, and the deltas it already holds would be sent again.
     */
    public boolean isBehind(Versions versions, String snapshotEpoch, boolean sameChain) {
        if (epoch == null || !epoch.equals(snapshotEpoch)) {
            return false; // another (or an unknown) history: versions do not compare
        }
        for (VersionScope scope : VersionScope.values()) {
            if (scope == VersionScope.WORLD && (!sameChain || worldAwaited)) {
                continue;
            }
            Long sent = delivered.get(scope);
            Long theirs = versions.of(scope);
            if (sent != null && theirs != null && theirs < sent) {
                return true;
            }
        }
        return false;
    }

    /** True from {@link #rezone} until the new zone's snapshot. */
    public boolean awaitsZoneSnapshot() {
        return worldAwaited;
    }

    /** The epoch the delivered versions belong to (null until one is known). */
    public String epoch() {
        return epoch;
    }

    /** Sends {@code frame} once the client holds at least {@code required}; keeps frames in order. */
    public void hold(byte[] frame, Versions required, Emitter out) {
        held.addLast(new Held(frame, required));
        release(out);
    }

    /** Records that kb-service has reached these versions (from an action reply or a check), so lagging counts as a gap. */
    public void expect(Versions versions) {
        for (VersionScope scope : VersionScope.values()) {
            if (versions.of(scope) != null) {
                noteKnown(scope, versions.of(scope));
                announced.merge(scope, versions.of(scope), Math::max);
            }
        }
    }

    /** True while the client is missing something it should have: a pending delta or a known later version. */
    public boolean hasGap() {
        if (!baselined) {
            return false;
        }
        if (overflowed || pendingCount > worldParked()) {
            return true;
        }
        for (VersionScope scope : VersionScope.values()) {
            Long at = delivered.get(scope);
            Long latest = known.get(scope);
            if (at != null && latest != null && latest > at && !(scope == VersionScope.WORLD && worldAwaited)) {
                return true;
            }
        }
        return false;
    }

    /** True when replaying cannot help (too much was buffered): only a snapshot closes the gap. */
    public boolean needsSnapshot() {
        return overflowed;
    }

    public boolean isBaselined() {
        return baselined;
    }

    public Versions delivered() {
        return new Versions(delivered.get(VersionScope.WORLD), delivered.get(VersionScope.PLAYER));
    }

    /** Releases held frames whatever they wait for (used when a gap cannot be closed for a long time). */
    public void releaseAll(Emitter out) {
        while (!held.isEmpty()) {
            out.emit(held.removeFirst().frame(), 0);
        }
    }

    public int heldCount() {
        return held.size();
    }

    /** World deltas parked while the new zone's snapshot is on its way: they are not a gap. */
    private int worldParked() {
        TreeMap<Long, Delta> queue = worldAwaited ? pending.get(VersionScope.WORLD) : null;
        return queue == null ? 0 : queue.size();
    }

    private void park(Delta delta) {
        TreeMap<Long, Delta> queue = pending.computeIfAbsent(delta.scope(), scope -> new TreeMap<>());
        if (queue.containsKey(delta.base())) {
            return;
        }
        if (pendingCount >= pendingLimit) {
            // The client is far behind: stop buffering; a snapshot will bring it back.
            overflowed = true;
            return;
        }
        queue.put(delta.base(), delta);
        pendingCount++;
    }

    private void drain(VersionScope scope, Emitter out) {
        TreeMap<Long, Delta> queue = pending.get(scope);
        while (queue != null && !queue.isEmpty()) {
            Long at = delivered.get(scope);
            Map.Entry<Long, Delta> first = queue.firstEntry();
            Delta next = first.getValue();
            if (at != null && next.snapshot() <= at) {
                queue.pollFirstEntry();
                pendingCount--;
            } else if (at == null || next.base() == at) {
                queue.pollFirstEntry();
                pendingCount--;
                send(next, out);
            } else {
                return;
            }
        }
    }

    /** After an authoritative snapshot: parked deltas that do not follow on from it are dropped. */
    private void noteParkedAhead(VersionScope scope) {
        TreeMap<Long, Delta> queue = pending.get(scope);
        Long at = delivered.get(scope);
        if (queue != null && at != null) {
            queue.values().stream().mapToLong(Delta::snapshot).max()
                    .ifPresent(ahead -> {
                        if (ahead > at) {
                            noteKnown(scope, ahead);
                        }
                    });
        }
    }

    /** Drops the parked deltas the delivered version already covers. */
    private void dropCovered(VersionScope scope) {
        TreeMap<Long, Delta> queue = pending.get(scope);
        Long at = delivered.get(scope);
        while (queue != null && at != null && !queue.isEmpty() && queue.firstEntry().getValue().snapshot() <= at) {
            queue.pollFirstEntry();
            pendingCount--;
        }
    }

    private void dropUnreachable(VersionScope scope) {
        TreeMap<Long, Delta> queue = pending.get(scope);
        if (queue != null && !queue.isEmpty()) {
            pendingCount -= queue.size();
            queue.clear();
        }
    }

    private void send(Delta delta, Emitter out) {
        delivered.put(delta.scope(), delta.snapshot());
        out.emitDelta(delta);
    }

    private void release(Emitter out) {
        while (!held.isEmpty() && satisfied(held.peekFirst().required())) {
            out.emit(held.removeFirst().frame(), 0);
        }
    }

    private boolean satisfied(Versions required) {
        if (!baselined) {
            return false;
        }
        for (VersionScope scope : VersionScope.values()) {
            Long need = required.of(scope);
            if (need != null && scope == VersionScope.WORLD && worldAwaited) {
                return false;
            }
            Long at = delivered.get(scope);
            if (need != null && at != null && at < need) {
                return false;
            }
        }
        return true;
    }

    private void noteKnown(VersionScope scope, long version) {
        known.merge(scope, version, Math::max);
    }

    private void rememberOtherEpoch(Delta delta, String deltaEpoch) {
        if (!delta.sequenced() || implausible(delta) != null) {
            return;
        }
        EpochVersion seen = otherEpoch.get(delta.scope());
        if (seen == null || !seen.epoch().equals(deltaEpoch) || seen.version() < delta.snapshot()) {
            otherEpoch.put(delta.scope(), new EpochVersion(deltaEpoch, delta.snapshot()));
        }
    }

    private record EpochVersion(String epoch, long version) {
    }

    private record Held(byte[] frame, Versions required) {
    }
}
