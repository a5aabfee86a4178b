package io.gaia.session.connection;

import io.gaia.session.connection.ClientConnection.Frame;
import java.util.ArrayDeque;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * The frames on their way to one socket, bounded by count and by bytes. A frame counts from the
 * moment it is queued until the socket has taken it ({@link #released}: Netty copied it out or
 * dropped it), so a peer that stops reading fills this queue, not memory we cannot see. Only a few
 * frames are handed to the socket at a time; the rest wait here, where an overflow can drop them
 * at once and where a newer snapshot replaces an older one still waiting at the tail.
 */
final class OutboundQueue {

    /** What a queued frame is: a snapshot may replace a snapshot still waiting at the tail. */
    enum Kind { FRAME, SNAPSHOT, RESYNC_SNAPSHOT }

    /** Frames handed to the socket but not yet taken by it. */
    static final int MAX_IN_FLIGHT = 8;

    private final int maxFrames;
    private final long maxBytes;
    private final ArrayDeque<Frame> waiting = new ArrayDeque<>();
    private final Flux<Frame> flux;
    private FluxSink<Frame> sink;
    private Frame tailSnapshot;
    /** Whether {@link #tailSnapshot} is marked {@code resync}. */
    private boolean tailResync;
    /** The one frame larger than the byte bound, taken because nothing else was pending; null if none. */
    private Frame oversized;
    private int frames;
    private long bytes;
    private int inFlight;
    private boolean completing;
    private boolean completed;

    OutboundQueue(int maxFrames, long maxBytes) {
        this.maxFrames = maxFrames;
        this.maxBytes = maxBytes;
        this.flux = Flux.create(this::attach);
    }

    private void attach(FluxSink<Frame> attached) {
        synchronized (this) {
            sink = attached;
        }
        attached.onRequest(n -> drain());
        attached.onDispose(this::discard);
        drain();
    }

    /** The frames in order, each to be {@link #released} once the socket has taken it; one subscriber. */
    Flux<Frame> frames() {
        return flux;
    }

    /**
     * Queues a frame; false (nothing queued) when that would pass a bound. A frame larger than the
     * byte bound is still taken when nothing else is pending, so one big snapshot never trips it,
     * and the frames queued behind it are bounded by the other frames' bytes, not by it.
     * A snapshot replaces a snapshot still waiting at the tail (the client would adopt the newer one
     * anyway), except that a plain one never replaces a {@code resync} one: the client must still learn
     * that its history was replaced (a reset, a restore), so both go out.
     */
    synchronized boolean offer(Frame frame, Kind kind) {
        if (completing) {
            return true;
        }
        boolean snapshot = kind != Kind.FRAME;
        if (snapshot && tailSnapshot != null && waiting.peekLast() == tailSnapshot
                && (kind == Kind.RESYNC_SNAPSHOT || !tailResync)) {
            waiting.pollLast();
            forget(tailSnapshot);
        }
        tailSnapshot = null;
        tailResync = false;
        long size = frame.bytes().length;
        // An oversized frame taken alone does not count against the frames behind it (a ping, a
        // delta): at most one oversized frame plus the bound is held.
        long others = oversized == null ? bytes : bytes - oversized.bytes().length;
        if (frames + 1 > maxFrames || (bytes > 0 && others + size > maxBytes)) {
            return false;
        }
        if (bytes == 0 && size > maxBytes) {
            oversized = frame;
        }
        frames++;
        bytes += size;
        waiting.addLast(frame);
        if (snapshot) {
            tailSnapshot = frame;
            tailResync = kind == Kind.RESYNC_SNAPSHOT;
        }
        drain();
        return true;
    }

    /** The socket has taken (or dropped) a frame handed to it: it no longer counts. */
    void released(Frame frame) {
        boolean more;
        synchronized (this) {
            inFlight--;
            forget(frame);
            more = !waiting.isEmpty() || completing;
        }
        if (more) {
            drain();
        }
    }

    /** Completes once every queued frame has gone out. */
    synchronized void complete() {
        completing = true;
        drain();
    }

    /** Drops every frame not yet handed to the socket (their memory is free at once) and completes. */
    synchronized void discard() {
        completing = true;
        while (!waiting.isEmpty()) {
            forget(waiting.pollFirst());
        }
        tailSnapshot = null;
        drain();
    }

    synchronized int frameCount() {
        return frames;
    }

    synchronized long byteCount() {
        return bytes;
    }

    private void forget(Frame frame) {
        if (frame == oversized) {
            oversized = null;
        }
        frames--;
        bytes -= frame.bytes().length;
    }

    private synchronized void drain() {
        if (sink == null || completed) {
            return;
        }
        while (!waiting.isEmpty() && inFlight < MAX_IN_FLIGHT && sink.requestedFromDownstream() > 0) {
            Frame next = waiting.pollFirst();
            if (next == tailSnapshot) {
                tailSnapshot = null;
            }
            inFlight++;
            sink.next(next);
        }
        if (completing && waiting.isEmpty() && !completed) {
            completed = true;
            sink.complete();
        }
    }
}
