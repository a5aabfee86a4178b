package io.gaia.session.connection;

import java.util.ArrayDeque;

/**
 * The frames on their way to one socket, bounded by count and by bytes. A frame counts from the
 * moment it is queued until its {@link SocketWriter} takes it to write ({@link #take}); the writer
 * takes frames only while the socket's Netty channel is writable, so a peer that stops reading fills
 * this queue (and at most Netty's write-buffer high-water mark beyond it), not memory we cannot see.
 * Here an overflow can drop the frames at once, and a newer snapshot replaces an older one still
 * waiting at the tail.
 */
final class OutboundQueue {

    /** What a queued frame is: a snapshot may replace a snapshot still waiting at the tail. */
    enum Kind { FRAME, SNAPSHOT, RESYNC_SNAPSHOT }

    private final int maxFrames;
    private final long maxBytes;
    private final ArrayDeque<Frame> waiting = new ArrayDeque<>();
    private Frame tailSnapshot;
    /** Whether {@link #tailSnapshot} is marked {@code resync}. */
    private boolean tailResync;
    /** The one frame larger than the byte bound, taken because nothing else was pending; null if none. */
    private Frame oversized;
    private long bytes;
    private boolean completing;

    OutboundQueue(int maxFrames, long maxBytes) {
        this.maxFrames = maxFrames;
        this.maxBytes = maxBytes;
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
        if (waiting.size() + 1 > maxFrames || (bytes > 0 && others + size > maxBytes)) {
            return false;
        }
        if (bytes == 0 && size > maxBytes) {
            oversized = frame;
        }
        bytes += size;
        waiting.addLast(frame);
        if (snapshot) {
            tailSnapshot = frame;
            tailResync = kind == Kind.RESYNC_SNAPSHOT;
        }
        return true;
    }

    /** The next frame to write (it no longer counts), or null when none waits. */
    synchronized Frame take() {
        Frame next = waiting.pollFirst();
        if (next != null) {
            if (next == tailSnapshot) {
                tailSnapshot = null;
            }
            forget(next);
        }
        return next;
    }

    /** True when frames wait to be taken. */
    synchronized boolean hasWaiting() {
        return !waiting.isEmpty();
    }

    /** Takes no more frames; the queue is finished once every queued frame has been taken. */
    synchronized void complete() {
        completing = true;
    }

    /** Drops every frame not yet taken (their memory is free at once) and takes no more. */
    synchronized void discard() {
        completing = true;
        while (!waiting.isEmpty()) {
            forget(waiting.pollFirst());
        }
        tailSnapshot = null;
    }

    /** Completed (or discarded) and every frame taken: nothing more will be written. */
    synchronized boolean finished() {
        return completing && waiting.isEmpty();
    }

    synchronized int frameCount() {
        return waiting.size();
    }

    synchronized long byteCount() {
        return bytes;
    }

    private void forget(Frame frame) {
        if (frame == oversized) {
            oversized = null;
        }
        bytes -= frame.bytes().length;
    }
}
