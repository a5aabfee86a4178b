package io.gaia.bench;

import java.util.concurrent.CompletableFuture;

/** One simulated player's socket, whichever client carries it ({@link BenchSocket} or {@link LeanSockets}). */
interface PlayerSocket {

    /** Completes with the server's {@code connected} frame. */
    CompletableFuture<Void> connected();

    /** Sends one text frame. */
    void send(String text);

    void close();
}
