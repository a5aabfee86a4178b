package io.gaia.session.scaleout;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.socket.CloseCodes;
import io.gaia.session.support.KbProcess;
import io.gaia.session.support.Player;
import io.gaia.testsupport.NatsTestServer;
import io.gaia.testsupport.ServiceProcess;
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

    private static ServiceProcess kb;

    @BeforeAll
    static void start() throws Exception {
        kb = KbProcess.start(nats.url());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        kb.stop();
    }

    @Test
    void sigtermClosesSocketsWithGoingAway() throws Exception {
        ServiceProcess session = ServiceProcess.start("session-service",
                Map.of("gaia.nats.url", nats.url()));
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
