package io.gaia.session.connection;

import java.util.ArrayDeque;

/**
 * What a client has provably read. Every ping carries a sequence number; the client's pong echoes
 * it (RFC 6455), and since frames arrive in order, a pong proves the client read everything queued
 * before that ping. Kernel socket buffers can absorb megabytes for a peer that reads nothing (about
 * 3 MB per loopback socket), so bytes leaving session-service prove nothing; a pong does.
 */
final class ReadReceipts {

    /** Pings outstanding at most; beyond that the client is not reading and no more are sent. */
    static final int MAX_OUTSTANDING = 16;

    private record Sent(long seq, long nanos) {
    }

    private final ArrayDeque<Sent> outstanding = new ArrayDeque<>();
    private long lastSeq;
    private long answeredSeq;
    private long lastSentNanos;

    /** {@code startNanos}: taken as the time of the last ping until the first one is sent. */
    ReadReceipts(long startNanos) {
        this.lastSentNanos = startNanos;
    }

    ReadReceipts() {
        this(System.nanoTime());
    }

    /** The sequence number for a new ping, or -1 when too many are unanswered already. */
    synchronized long next(long nowNanos) {
        if (outstanding.size() >= MAX_OUTSTANDING) {
            return -1;
        }
        lastSeq++;
        outstanding.addLast(new Sent(lastSeq, nowNanos));
        lastSentNanos = nowNanos;
        return lastSeq;
    }

    /** A pong echoed {@code seq}: that ping and every earlier one are answered (an unknown number is ignored). */
    synchronized void answered(long seq) {
        if (seq <= answeredSeq || seq > lastSeq) {
            return;
        }
        answeredSeq = seq;
        while (!outstanding.isEmpty() && outstanding.peekFirst().seq() <= seq) {
            outstanding.pollFirst();
        }
    }

    /** Whether the client has read everything queued before ping {@code seq}. */
    synchronized boolean read(long seq) {
        return seq <= answeredSeq;
    }

    /** When the oldest unanswered ping was queued, or {@code nowNanos} when none is. */
    synchronized long oldestUnansweredNanos(long nowNanos) {
        Sent oldest = outstanding.peekFirst();
        return oldest == null ? nowNanos : oldest.nanos();
    }

    /** Whether any ping has been sent yet. */
    synchronized boolean anySent() {
        return lastSeq > 0;
    }

    synchronized boolean anyUnanswered() {
        return !outstanding.isEmpty();
    }

    synchronized long lastSentNanos() {
        return lastSentNanos;
    }
}
