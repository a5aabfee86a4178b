package io.gaia.session.game;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gaia.events.Change;
import io.gaia.events.EventMetadata;
import io.gaia.events.GaiaJson;
import io.gaia.events.StatePaths;
import io.gaia.events.Subjects;
import io.gaia.events.WorldUpdateEvent;
import io.gaia.events.socket.CloseCodes;
import io.gaia.session.connection.ConnectionRegistry;
import io.gaia.session.metrics.SessionMetrics;
import io.gaia.session.support.KbBackedTest;
import io.gaia.session.support.Player;
import io.gaia.session.support.SilentSocket;
import io.nats.client.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * The stall bound: a socket that keeps sending but reads nothing is closed (4429) once it has left
 * a ping unanswered for {@code outbound-stall-timeout}, though its small frames are far from the byte
 * bound and the kernel would absorb megabytes of them; meanwhile its {@code update_location}s make
 * kb-service build no snapshots. A client that reads slowly but keeps up stays open.
 */
@TestPropertySource(properties = "gaia.session.outbound-stall-timeout=3s")
class StalledReadersTest extends KbBackedTest {

    private static final GaiaJson json = GaiaJson.create();
    private static final Duration STALL = Duration.ofSeconds(3);
    private static final String LOCATION = "{\"type\":\"update_location\",\"lat\":37.906512,\"lng\":-122.544217}";

    @Autowired
    SessionMetrics metrics;

    @Autowired
    ConnectionRegistry registry;

    /** A small delta (1 KB), unversioned so it is forwarded whatever the socket holds. */
    private static byte[] smallDelta(String userId) {
        WorldUpdateEvent event = new WorldUpdateEvent(null, WorldUpdateEvent.LEGACY_VERSION, Player.WOODS, userId,
                null, null, null, List.of(Change.update(StatePaths.INVENTORY, "bottle_joy", Change.Location.NOWHERE,
                Map.of("note", "x".repeat(1024)))), System.currentTimeMillis(), EventMetadata.EMPTY);
        return json.write(event);
    }

    private double slowCloses() {
        return metrics.count("gaia.session.closes", "reason", "slow_consumer");
    }

    @Test
    void aSocketThatSendsButNeverReadsIsClosedWithinTheStallTimeoutWhileAReaderIsNot() throws Exception {
        double closesBefore = slowCloses();
        double deferredBefore = metrics.count("gaia.session.locations.deferred");
        try (Player hare = join("hare"); SilentSocket sloth = new SilentSocket(port, Player.WOODS, "sloth");
             Connection bus = nats.connect()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> !registry.ofUser("sloth").isEmpty());
            long start = System.nanoTime();
            int locations = 0;
            for (int i = 0; slowCloses() == closesBefore && System.nanoTime() - start < Duration.ofSeconds(20).toNanos(); i++) {
                bus.publish(Subjects.userUpdates("sloth"), smallDelta("sloth"));
                if (i % 5 == 0 && sloth.sendText(LOCATION)) {
                    locations++;
                }
                Thread.sleep(100);
            }
            Duration closedAfter = Duration.ofNanos(System.nanoTime() - start);
            double deferred = metrics.count("gaia.session.locations.deferred") - deferredBefore;
            System.out.printf("stalled reader closed after %d ms; %d update_location sent, %.0f kept without a kb fetch%n",
                    closedAfter.toMillis(), locations, deferred);

            assertThat(slowCloses()).isEqualTo(closesBefore + 1);
            // one ping waits the timeout; the probe and the sweep add at most a quarter of it each
            assertThat(closedAfter).isLessThan(STALL.plus(STALL.dividedBy(2)).plusSeconds(1));
            assertThat(sloth.readUntilClose()).isEqualTo(CloseCodes.SLOW_CONSUMER);
            // only the first location was fetched: the rest waited for a read that never came
            assertThat(deferred).isGreaterThanOrEqualTo(locations - 2);

            // the reading player is untouched, and its locations are answered each time
            for (int i = 0; i < 3; i++) {
                hare.socket().send(Map.of("type", "update_location", "lat", 37.906512, "lng", -122.544217));
                hare.await("area_of_interest");
            }
            assertThat(hare.socket().isClosed()).isFalse();
            assertThat(registry.ofUser("hare")).hasSize(1);
            assertThat(slowCloses()).isEqualTo(closesBefore + 1);
        }
    }

    @Test
    void aClientThatReadsSlowlyButKeepsUpIsNotClosed() throws Exception {
        double closesBefore = slowCloses();
        try (SilentSocket dawdler = new SilentSocket(port, Player.WOODS, "dawdler"); Connection bus = nats.connect()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> !registry.ofUser("dawdler").isEmpty());
            int areas = 0;
            long end = System.nanoTime() + STALL.multipliedBy(4).toNanos();
            while (System.nanoTime() < end) {
                // a second without reading (a third of the stall timeout), frames arriving meanwhile
                for (int i = 0; i < 10; i++) {
                    bus.publish(Subjects.userUpdates("dawdler"), smallDelta("dawdler"));
                    Thread.sleep(100);
                }
                dawdler.sendText(LOCATION);
                areas += (int) dawdler.readAvailable(300).stream()
                        .filter(text -> text.contains("\"type\":\"area_of_interest\"")).count();
                assertThat(dawdler.closeCode()).as("close code").isEqualTo(-1);
            }
            assertThat(slowCloses()).isEqualTo(closesBefore);
            assertThat(registry.ofUser("dawdler")).hasSize(1);
            // the first on connect, then the locations it sent: each answered once it had read the last
            assertThat(areas).isGreaterThanOrEqualTo(4);
        }
    }
}
