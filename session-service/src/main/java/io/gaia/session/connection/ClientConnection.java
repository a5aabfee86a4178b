package io.gaia.session.connection;

import io.gaia.events.GaiaJson;
import io.gaia.events.socket.Versions;
import io.gaia.session.delta.Delta;
import io.gaia.session.delta.DeltaSequencer;
import io.gaia.support.jwt.AuthenticatedUser;
import io.netty.channel.Channel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.node.ObjectNode;

/**
 * One client socket: who it is, what it has been sent, and a queue of frames on their way out,
 * bounded by count and by bytes ({@link OutboundQueue}). Every frame is queued under this object's
 * lock, so the order frames are decided in is the order they are written. The lock guards only
 * in-memory work (no I/O).
 */
public final class ClientConnection {

    /** An {@code update_location} kept while the client had not read its last area of interest. */
    public record Location(double lat, double lng, String requestId) {
    }

    /** Told when something needs attention outside the lock. */
    public interface Listener {
        void gapOpened(ClientConnection connection);

        void overflowed(ClientConnection connection);

        /** A delta was refused (another epoch, impossible versions, far ahead): count it, maybe check with a snapshot. */
        default void rejected(ClientConnection connection, Delta delta, DeltaSequencer.Rejection rejection) {
        }

        /** The socket's player is in another zone than the socket follows (their own delta or answer says so). */
        default void zoneChanged(ClientConnection connection, String zone) {
        }
    }

    private static final Duration FORCE_CLOSE_AFTER = Duration.ofSeconds(2);

    private final String id;
    private final String experience;
    private final WebSocketSession session;
    private final GaiaJson json;
    private final OutboundQueue outbound;
    private final DeltaSequencer sequencer;
    private final io.gaia.session.delta.GapBudget gapBudget = new io.gaia.session.delta.GapBudget(
            io.gaia.session.delta.GapBudget.Settings.DEFAULT);
    private final TokenBucket bucket;
    private final ReadReceipts receipts;
    private final Listener listener;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final DeltaSequencer.Emitter emitter = new DeltaSequencer.Emitter() {
        @Override
        public void emit(byte[] frame, long eventTimestamp) {
            enqueue(frame, eventTimestamp);
        }

        @Override
        public void emitDelta(Delta delta) {
            String to = movedTo(delta);
            if (to != null) {
                pendingMove = to;
            }
            if (legacyDeltas) {
                // v0.3 clients: changes keyed by path, no versions (one event may become several messages).
                for (String message : json.writeLegacy(delta.event())) {
                    enqueue(message.getBytes(StandardCharsets.UTF_8), delta.event().timestamp());
                }
            } else {
                enqueue(delta.json(), delta.event().timestamp());
            }
        }
    };
    private final boolean legacyDeltas;
    private volatile AuthenticatedUser user;
    private volatile long lastSeenNanos = System.nanoTime();
    private volatile boolean expiryWarned;
    private volatile CloseStatus closeStatus = CloseStatus.NORMAL;
    private volatile long closingSinceNanos;
    private boolean gapReported;
    private boolean pendingReport;
    /** Frames other than pings were queued since the last ping (a probe would tell whether they were read). */
    private volatile boolean sentSincePing;
    /**
     * A read probe is due and rides along behind the next frame queued (same write, same flush) instead
     * of costing a write of its own; {@link #probeSoon} sends it alone once it has waited its grace.
     */
    private boolean probeWanted;
    private long probeWantedSinceNanos;
    /** An area of interest is being fetched for an {@code update_location}. */
    private boolean locating;
    /** The ping queued behind the last area of interest: once answered, the client has read that snapshot. */
    private long areaPing;
    private Location deferredLocation;
    /** The snapshot being emitted by {@link #baseline}, so the queue can let a newer one replace it. */
    private byte[] snapshotFrame;
    /** Whether that snapshot is marked {@code resync} (a plain one never replaces it in the queue). */
    private boolean snapshotResync;
    /**
     * The zone a delta of this player's own state, sent just now, moved them into (null if none): told
     * to the listener once the lock is released. Only a delta that went out counts; a duplicate, a parked
     * or a refused one does not move the socket (a stale copy of an old walk would take it back).
     */
    private String pendingMove;
    /** The zone whose world chain this socket follows (its player's, as of its last snapshot); null until known. */
    private String zone;
    private boolean stoppedFollowing;
    /** Writes the queued frames to the socket; null until {@link #writeTo}. */
    private volatile SocketWriter writer;
    /** While a delta is offered with a batch (under the lock): the batch its writer is woken with. */
    private WriteBatch batch;

    public ClientConnection(String id, AuthenticatedUser user, String experience, WebSocketSession session,
                            GaiaJson json, ConnectionLimits limits, boolean legacyDeltas, Listener listener) {
        this.id = id;
        this.legacyDeltas = legacyDeltas;
        this.user = user;
        this.experience = experience;
        this.session = session;
        this.json = json;
        this.outbound = new OutboundQueue(limits.outboundBuffer(), limits.outboundBytes());
        this.sequencer = new DeltaSequencer(limits.pendingLimit());
        this.bucket = new TokenBucket(limits.burst(), limits.perSecond());
        this.receipts = new ReadReceipts(System.nanoTime());
        this.listener = listener;
    }

    public String id() {
        return id;
    }

    public String userId() {
        return user.userId();
    }

    public AuthenticatedUser user() {
        return user;
    }

    public String token() {
        return user.token();
    }

    public String experience() {
        return experience;
    }

    /**
     * Starts writing this socket's frames to {@code channel} (its Netty channel), in order, each told to
     * {@code beforeWrite} as it goes; frames queued before this wait until now. The returned Mono
     * completes once the socket is closing and its last frame is written, or the channel is gone.
     */
    public Mono<Void> writeTo(Channel channel, Consumer<Frame> beforeWrite) {
        SocketWriter started = new SocketWriter(outbound, channel, beforeWrite);
        writer = started;
        started.wake();
        return started.done();
    }

    /** Sends a message now (not ordered behind pending deltas): pong, errors, schemas. */
    public void send(Object message) {
        byte[] frame = json.write(message);
        synchronized (this) {
            enqueue(frame, 0);
        }
    }

    /** Sends a message once the client holds {@code required} versions, after any earlier held message. */
    public void sendAfter(Object message, Versions required) {
        byte[] frame = json.write(message);
        synchronized (this) {
            sequencer.hold(frame, required, emitter);
            checkGap();
        }
        reportGap();
    }

    /**
     * Offers a delta from any path. A world delta of a zone this socket does not follow is not its own
     * (it raced a zone change, or came in an answer): dropped, never a gap. A delta of this player's
     * own state that puts them in another zone tells the listener.
     */
    public void offer(Delta delta) {
        offer(delta, null);
    }

    /** As {@link #offer(Delta)}; the socket's writer, if woken, runs with {@code batch} (null: on its own). */
    public void offer(Delta delta, WriteBatch batch) {
        DeltaSequencer.Rejection rejection;
        String movedTo;
        synchronized (this) {
            if (!follows(delta.event().zone())) {
                return;
            }
            this.batch = batch;
            try {
                rejection = sequencer.offer(delta, emitter);
            } finally {
                this.batch = null;
            }
            checkGap();
            movedTo = takeMove();
        }
        if (rejection != null) {
            listener.rejected(this, delta, rejection);
        }
        reportGap();
        if (movedTo != null) {
            listener.zoneChanged(this, movedTo);
        }
    }

    private String takeMove() {
        String to = pendingMove;
        pendingMove = null;
        return to;
    }

    /**
     * The zone a delta of this player's own state moves them into, when it is not the one followed.
     * Where the experience scopes interest by area (the followed chain is an area's), a walk to another
     * area of the same zone is a move too.
     */
    private String movedTo(Delta delta) {
        if (zone == null || delta.scope() != io.gaia.events.VersionScope.PLAYER
                || !userId().equals(delta.event().userId())) {
            return null;
        }
        for (io.gaia.events.Change change : delta.event().changes()) {
            if (io.gaia.events.StatePaths.PLAYER_LOCATION.equals(change.path()) && change.fields() != null
                    && change.fields().get("current_location") instanceof String location) {
                Object area = change.fields().get("current_area");
                String to = io.gaia.events.ZoneChain.of(location, area instanceof String a ? a : null,
                        io.gaia.events.ZoneChain.byArea(zone));
                return to.equals(zone) ? null : to;
            }
        }
        return null;
    }

    /** The zone whose world chain this socket follows, or null before its first snapshot. */
    public synchronized String zone() {
        return zone;
    }

    /**
     * Whether something of {@code other}'s chain (a delta, an answer's versions) is read in this socket's
     * chain: yes when it names no zone, or the zone this socket follows, or the socket follows none yet.
     * The one zone check of every path: NATS deltas, answers, and whatever raced a walk.
     */
    public synchronized boolean follows(String other) {
        return other == null || zone == null || other.equals(zone);
    }

    /**
     * Follows {@code next} from now on: world deltas of the zone left are dropped, and the new zone's
     * wait for its snapshot (see {@link DeltaSequencer#rezone}). A first zone (none followed yet) needs
     * nothing more: its snapshot is being applied. Used by {@link io.gaia.session.delta.ZoneInterest} only.
     */
    public synchronized void follow(String next) {
        String left = zone;
        zone = next;
        if (left != null) {
            sequencer.rezone();
        }
    }

    /** Stops following any zone, for good (the socket is gone); returns the zone it followed. */
    public synchronized String stopFollowing() {
        String left = zone;
        zone = null;
        stoppedFollowing = true;
        return left;
    }

    public synchronized boolean stoppedFollowing() {
        return stoppedFollowing;
    }

    /** True while an {@code update_location} is being answered (its snapshot is on its way). */
    public synchronized boolean isLocating() {
        return locating;
    }

    /**
     * True when a snapshot of {@code chain} with these versions, in {@code epoch}, is older than what this
     * socket was already sent (see {@link DeltaSequencer#isBehind}): it must not be adopted.
     */
    public synchronized boolean isBehind(Versions versions, String epoch, String chain) {
        return sequencer.isBehind(versions, epoch, chain != null && chain.equals(zone));
    }

    /** True while the new zone's snapshot is on its way (see {@link #follow}). */
    public synchronized boolean awaitsZoneSnapshot() {
        return sequencer.awaitsZoneSnapshot();
    }

    /** Sends an area of interest (if given) and adopts its versions; pending deltas that follow on go out after it. */
    public void baseline(Versions versions, Object snapshot) {
        baseline(versions, null, snapshot);
    }

    /** As above, in {@code epoch} (null: unchanged); a new epoch forgets the old one's versions and parked deltas. */
    public void baseline(Versions versions, String epoch, Object snapshot) {
        byte[] frame = snapshot == null ? null : json.write(snapshot);
        step(() -> {
            snapshotFrame = frame;
            snapshotResync = snapshot instanceof ObjectNode node && node.path("resync").asBoolean(false);
            sequencer.baseline(versions, epoch, frame, emitter);
            snapshotFrame = null;
            gapReported = false;
        });
    }

    /**
     * Runs {@code change} of the sequencer under this socket's lock, then reports what it left: a gap to
     * the listener, and a move into another zone (both outside the lock).
     */
    private void step(Runnable change) {
        String movedTo;
        synchronized (this) {
            change.run();
            checkGap();
            movedTo = takeMove();
        }
        reportGap();
        if (movedTo != null) {
            listener.zoneChanged(this, movedTo);
        }
    }

    /**
     * A snapshot of this socket's player is being asked of kb-service: the socket's deltas wait until the
     * returned handle is settled, after the answer was applied (or left out, or never came). See
     * {@link DeltaSequencer#awaitSnapshot}. Settling twice is harmless.
     */
    public SnapshotWait awaitSnapshot() {
        synchronized (this) {
            sequencer.awaitSnapshot();
        }
        return new SnapshotWait();
    }

    /** One snapshot awaited by {@link #awaitSnapshot}; {@link #settle} lets the deltas that waited go out. */
    public final class SnapshotWait {
        private final AtomicBoolean settled = new AtomicBoolean();

        private SnapshotWait() {
        }

        public void settle() {
            if (settled.compareAndSet(false, true)) {
                step(() -> sequencer.snapshotSettled(emitter));
            }
        }
    }

    public void expect(Versions versions) {
        synchronized (this) {
            sequencer.expect(versions);
            checkGap();
        }
        reportGap();
    }

    public synchronized Versions delivered() {
        return sequencer.delivered();
    }

    /** The epoch of the versions this socket holds (null until known). */
    public synchronized String epoch() {
        return sequencer.epoch();
    }

    /** This socket's gap-filling budget (used by the gap filler only). */
    public io.gaia.session.delta.GapBudget gapBudget() {
        return gapBudget;
    }

    public synchronized boolean hasGap() {
        return sequencer.hasGap();
    }

    public synchronized boolean needsSnapshot() {
        return sequencer.needsSnapshot();
    }

    /** True while a frame the client waits for (its action's answer) is held until its versions arrive. */
    public synchronized boolean holdsAnswers() {
        return sequencer.heldCount() > 0;
    }

    /** Called by the gap filler when it has done what it can; a gap still open is reported again. */
    public void gapHandled() {
        synchronized (this) {
            gapReported = false;
            checkGap();
        }
        reportGap();
    }

    /** Lets held frames go even though their versions never arrived (the gap could not be closed). */
    public synchronized void releaseHeld() {
        sequencer.releaseAll(emitter);
    }

    /** Notes a gap to report; not while a snapshot is on its way (it decides, and its settling checks again). */
    private void checkGap() {
        if (!gapReported && !sequencer.awaitsSnapshot() && sequencer.hasGap()) {
            gapReported = true;
            pendingReport = true;
        }
    }

    private void reportGap() {
        boolean report;
        synchronized (this) {
            report = pendingReport;
            pendingReport = false;
        }
        if (report) {
            listener.gapOpened(this);
        }
    }

    private void enqueue(byte[] frame, long eventTimestamp) {
        if (closing.get()) {
            return;
        }
        sentSincePing = true;
        OutboundQueue.Kind kind = frame != snapshotFrame || frame == null ? OutboundQueue.Kind.FRAME
                : snapshotResync ? OutboundQueue.Kind.RESYNC_SNAPSHOT : OutboundQueue.Kind.SNAPSHOT;
        if (!outbound.offer(new Frame(frame, eventTimestamp), kind)) {
            listener.overflowed(this);
            return;
        }
        if (probeWanted) {
            queuePing(); // the due probe rides along: written and flushed with this frame
        }
        wakeWriter(batch);
    }

    /**
     * Lets the writer (once writing started) take what was queued: with {@code with} when given (a batch
     * is only ever this thread's: the one {@link #offer(Delta, WriteBatch)} set under the lock), else now.
     */
    private void wakeWriter(WriteBatch with) {
        SocketWriter current = writer;
        if (current != null && with != null) {
            with.wake(current);
        } else if (current != null) {
            current.wake();
        }
    }

    /**
     * Queues a ping behind the frames already queued, carrying a sequence number the client's pong
     * echoes; returns that number, or -1 when none was queued (closing, or too many unanswered).
     */
    public long ping() {
        synchronized (this) {
            long seq = queuePing();
            if (seq > 0) {
                wakeWriter(batch);
            }
            return seq;
        }
    }

    /** {@link #ping} without waking the writer (the caller does); caller holds the lock. */
    private long queuePing() {
        if (closing.get()) {
            return -1;
        }
        long seq = receipts.next(System.nanoTime());
        if (seq < 0) {
            return -1;
        }
        sentSincePing = false;
        probeWanted = false;
        if (!outbound.offer(new Frame(ByteBuffer.allocate(Long.BYTES).putLong(seq).array(), 0, true), OutboundQueue.Kind.FRAME)) {
            listener.overflowed(this);
            return -1;
        }
        return seq;
    }

    /**
     * A read probe is due ({@link #probeDue}): it goes behind the next frame queued for this socket, in
     * that frame's write, or alone once it has waited {@code graceNanos} for one. Returns whether a ping
     * went out now (alone).
     */
    public synchronized boolean probeSoon(long nowNanos, long graceNanos) {
        if (!probeWanted) {
            probeWanted = true;
            probeWantedSinceNanos = nowNanos;
            return false;
        }
        if (nowNanos - probeWantedSinceNanos < graceNanos) {
            return false;
        }
        return ping() > 0;
    }

    /** The client answered ping {@code seq}: it has read everything queued before it. */
    public void pong(long seq) {
        receipts.answered(seq);
    }

    /**
     * The client still sends (so it is not dead: that is the heartbeat's 4408) but has not answered
     * a ping queued more than {@code timeoutNanos} ago: it is not reading what it is sent.
     */
    public boolean readingStalled(long nowNanos, long timeoutNanos) {
        long since = receipts.oldestUnansweredNanos(nowNanos);
        return nowNanos - since > timeoutNanos && lastSeenNanos - since > 0;
    }

    /** Whether any ping went out on this socket yet (the first heartbeat's shift applies until one has). */
    public boolean pingedBefore() {
        return receipts.anySent();
    }

    /**
     * No ping (heartbeat or probe) has gone out for {@code intervalNanos}: time for a heartbeat. Before the
     * first ping, {@code firstShiftNanos} less than that after the socket opened (the caller spreads them).
     */
    public boolean heartbeatDue(long nowNanos, long intervalNanos, long firstShiftNanos) {
        long last = receipts.anySent() ? receipts.lastSentNanos() : receipts.lastSentNanos() - firstShiftNanos;
        return nowNanos - last >= intervalNanos;
    }

    /** Frames went out since the last ping, none is unanswered, and the last was {@code everyNanos} ago. */
    public boolean probeDue(long nowNanos, long everyNanos) {
        return sentSincePing && !receipts.anyUnanswered() && nowNanos - receipts.lastSentNanos() >= everyNanos;
    }

    /**
     * True: fetch this location's area of interest now. False: one is being fetched, or the client
     * has not read the last one yet; the location is kept (replacing an older kept one) and handed
     * out by {@link #takeDeferredLocation} once the client has read it. A client that does not read
     * so makes kb-service build no snapshots for it.
     */
    public synchronized boolean startLocating(Location location) {
        if (locating || !receipts.read(areaPing)) {
            deferredLocation = location;
            return false;
        }
        locating = true;
        return true;
    }

    /** The answer to a location (area of interest or error) is queued: a ping behind it tells when it was read. */
    public synchronized void located() {
        locating = false;
        long seq = ping();
        areaPing = seq < 0 ? Long.MAX_VALUE : seq;
    }

    /** The kept location, once the client has read its last area of interest (then being fetched); else null. */
    public synchronized Location takeDeferredLocation() {
        if (deferredLocation == null || locating || !receipts.read(areaPing)) {
            return null;
        }
        Location next = deferredLocation;
        deferredLocation = null;
        locating = true;
        return next;
    }

    public boolean tryAcceptFrame() {
        return bucket.tryTake();
    }

    public void touch() {
        lastSeenNanos = System.nanoTime();
    }

    public long lastSeenNanos() {
        return lastSeenNanos;
    }

    public boolean expiryWarned() {
        return expiryWarned;
    }

    public void markExpiryWarned() {
        expiryWarned = true;
    }

    /** Swaps in a fresh token of the same user. */
    public void refresh(AuthenticatedUser fresh) {
        if (!fresh.userId().equals(user.userId())) {
            throw new IllegalArgumentException("a refreshed token must name the same user");
        }
        user = fresh;
        expiryWarned = false;
    }

    public boolean isOpen() {
        return !closing.get() && session.isOpen();
    }

    public int queuedFrames() {
        return outbound.frameCount();
    }

    public long queuedBytes() {
        return outbound.byteCount();
    }

    public CloseStatus closeStatus() {
        return closeStatus;
    }

    /** Closes after the frames already queued have been written (e.g. an error, then the close). */
    public void closeAfterFlush(int code, String reason) {
        if (closing.compareAndSet(false, true)) {
            closingSinceNanos = System.nanoTime();
            closeStatus = CloseStatuses.of(code, reason);
            outbound.complete();
            wakeWriter(null);
        }
    }

    /** Closes at once, dropping queued frames; the socket is torn down if the peer does not answer the close. */
    public void closeNow(int code, String reason) {
        if (closing.compareAndSet(false, true)) {
            closingSinceNanos = System.nanoTime();
            closeStatus = CloseStatuses.of(code, reason);
            outbound.discard();
            wakeWriter(null);
        }
        session.close(closeStatus).subscribe(null, e -> { });
        Schedulers.parallel().schedule(this::forceClose, FORCE_CLOSE_AFTER.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** How long this socket has been closing (0 when it is not), so a close that never completes can be forced. */
    public long closingForNanos() {
        return closing.get() ? System.nanoTime() - closingSinceNanos : 0;
    }

    public boolean isClosing() {
        return closing.get();
    }

    private void forceClose() {
        if (session.isOpen()) {
            NettySockets.dispose(session);
        }
    }

    /** The per-connection bounds, from configuration. */
    public record ConnectionLimits(int outboundBuffer, long outboundBytes, int pendingLimit, int burst, double perSecond) {
    }
}
