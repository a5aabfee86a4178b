package io.gaia.session.connection;

import io.gaia.events.GaiaJson;
import io.gaia.events.socket.Versions;
import io.gaia.session.delta.Delta;
import io.gaia.session.delta.DeltaSequencer;
import io.gaia.support.jwt.AuthenticatedUser;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * One client socket: who it is, what it has been sent, and a queue of frames on their way out,
 * bounded by count and by bytes ({@link OutboundQueue}). Every frame is queued under this object's
 * lock, so the order frames are decided in is the order they are written. The lock guards only
 * in-memory work (no I/O).
 */
public final class ClientConnection {

    /** A frame on its way to the socket; {@code eventTimestamp} is set for deltas (forward latency). */
    public record Frame(byte[] bytes, long eventTimestamp) {
    }

    /** Told when something needs attention outside the lock. */
    public interface Listener {
        void gapOpened(ClientConnection connection);

        void overflowed(ClientConnection connection);

        /** A delta was refused (another epoch, impossible versions, far ahead): count it, maybe check with a snapshot. */
        default void rejected(ClientConnection connection, Delta delta, DeltaSequencer.Rejection rejection) {
        }
    }

    /** Marks a heartbeat in the frame queue: written as a WebSocket ping control frame. */
    public static final byte[] PING = new byte[0];

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
    private final Listener listener;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final DeltaSequencer.Emitter emitter = new DeltaSequencer.Emitter() {
        @Override
        public void emit(byte[] frame, long eventTimestamp) {
            enqueue(frame, eventTimestamp);
        }

        @Override
        public void emitDelta(Delta delta) {
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
    /** The snapshot being emitted by {@link #baseline}, so the queue can let a newer one replace it. */
    private byte[] snapshotFrame;

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

    /** The frames to write, in order; each one stops counting against the bounds as it is taken. */
    public Flux<Frame> frames() {
        return outbound.frames().doOnNext(outbound::released);
    }

    /**
     * The frames as WebSocket messages for {@code session}; each counts against the bounds until
     * Netty has taken its bytes, so a peer that stops reading cannot hide a backlog from them.
     */
    public Flux<WebSocketMessage> messages(WebSocketSession session, Consumer<Frame> beforeWrite) {
        return outbound.frames().map(frame -> {
            beforeWrite.accept(frame);
            var payload = ReleasedWhenTaken.wrap(session.bufferFactory(), frame.bytes(), () -> outbound.released(frame));
            return new WebSocketMessage(frame.bytes() == PING ? WebSocketMessage.Type.PING : WebSocketMessage.Type.TEXT,
                    payload);
        });
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

    public void offer(Delta delta) {
        DeltaSequencer.Rejection rejection;
        synchronized (this) {
            rejection = sequencer.offer(delta, emitter);
            checkGap();
        }
        if (rejection != null) {
            listener.rejected(this, delta, rejection);
        }
        reportGap();
    }

    /** Sends an area of interest (if given) and adopts its versions; pending deltas that follow on go out after it. */
    public void baseline(Versions versions, Object snapshot) {
        baseline(versions, null, snapshot);
    }

    /** As above, in {@code epoch} (null: unchanged); a new epoch forgets the old one's versions and parked deltas. */
    public void baseline(Versions versions, String epoch, Object snapshot) {
        byte[] frame = snapshot == null ? null : json.write(snapshot);
        synchronized (this) {
            snapshotFrame = frame;
            sequencer.baseline(versions, epoch, frame, emitter);
            snapshotFrame = null;
            gapReported = false;
            checkGap();
        }
        reportGap();
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

    private void checkGap() {
        if (!gapReported && sequencer.hasGap()) {
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
        boolean snapshot = frame == snapshotFrame && frame != null;
        if (!outbound.offer(new Frame(frame, eventTimestamp), snapshot)) {
            listener.overflowed(this);
        }
    }

    /** Queues a heartbeat ping behind the frames already queued. */
    public void ping() {
        synchronized (this) {
            enqueue(PING, 0);
        }
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
        }
    }

    /** Closes at once, dropping queued frames; the socket is torn down if the peer does not answer the close. */
    public void closeNow(int code, String reason) {
        if (closing.compareAndSet(false, true)) {
            closingSinceNanos = System.nanoTime();
            closeStatus = CloseStatuses.of(code, reason);
            outbound.discard();
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
            SocketTeardown.dispose(session);
        }
    }

    /** The per-connection bounds, from configuration. */
    public record ConnectionLimits(int outboundBuffer, long outboundBytes, int pendingLimit, int burst, double perSecond) {
    }
}
