package io.gaia.session.scaleout;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.socket.CloseCodes;
import io.gaia.session.support.Player;
import io.gaia.testsupport.NatsTestServer;
import io.gaia.testsupport.ServiceProcess;
import io.gaia.testsupport.stack.GaiaStack;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SIGTERM closes every socket with 1001 (so clients reconnect elsewhere) and the process exits. */
class GracefulShutdownIT {

    @RegisterExtension
    static final NatsTestServer nats = new NatsTestServer();

    private static GaiaStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = GaiaStack.builder().nats(nats).sessions(0).start();
    }

    @AfterAll
    static void stop() throws Exception {
        stack.close();
    }

    @Test
    void sigtermClosesSocketsWithGoingAway() throws Exception {
        ServiceProcess session = stack.startSession(Map.of());
        try (Player first = Player.join(session.url(), "leaver-1"); Player second = Player.join(session.url(), "leaver-2")) {
            long start = System.nanoTime();
            session.stop(); // SIGTERM, waits for the exit
            assertThat(first.socket().awaitClose(Duration.ofSeconds(5))).isEqualTo(CloseCodes.GOING_AWAY);
            assertThat(second.socket().awaitClose(Duration.ofSeconds(5))).isEqualTo(CloseCodes.GOING_AWAY);
            assertThat(session.isAlive()).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        }
    }
}
