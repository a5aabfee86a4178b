package io.gaia.reliability.hostile;

import io.gaia.testsupport.socket.TestSocket;
import java.time.Duration;

/** The hostile tests' sockets: test-support's {@link TestSocket}, waiting up to 15 s for the next frame of a type. */
final class Sockets {

    private static final Duration PATIENCE = Duration.ofSeconds(15);

    private Sockets() {
    }

    static TestSocket open(String url) {
        return TestSocket.connect(url).patience(PATIENCE).open();
    }

    /** Opens, or returns null when the server refused the handshake itself (e.g. 414 for an over-long URL). */
    static TestSocket tryOpen(String url) {
        return TestSocket.connect(url).patience(PATIENCE).tryOpen();
    }
}
