package io.gaia.session.connection;

/**
 * A frame on its way to a socket; {@code eventTimestamp} is set for deltas (forward latency);
 * a {@code ping} is written as a WebSocket ping control frame whose payload is its sequence number.
 */
public record Frame(byte[] bytes, long eventTimestamp, boolean ping) {
    public Frame(byte[] bytes, long eventTimestamp) {
        this(bytes, eventTimestamp, false);
    }
}
