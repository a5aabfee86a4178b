package io.gaia.testsupport.socket;

import tools.jackson.databind.JsonNode;

/**
 * One text frame a {@link TestSocket} received, parsed, with when it arrived: {@code receivedNanos}
 * ({@link System#nanoTime()}, for latency against a send) and {@code receivedMillis} (wall clock, to
 * compare with a server's event timestamp).
 */
public record Frame(JsonNode json, long receivedNanos, long receivedMillis) {

    /** The frame's {@code type}, or "" when it has none. */
    public String type() {
        return json.path("type").asString("");
    }
}
