package io.gaia.session.game;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gaia.events.Change;
import io.gaia.events.EventMetadata;
import io.gaia.events.GaiaJson;
import io.gaia.events.StatePaths;
import io.gaia.events.Subjects;
import io.gaia.events.VersionScope;
import io.gaia.events.WorldUpdateEvent;
import io.gaia.session.connection.ConnectionRegistry;
import io.gaia.session.metrics.SessionMetrics;
import io.gaia.session.support.KbBackedTest;
import io.gaia.session.support.Player;
import io.gaia.session.support.SilentSocket;
import io.gaia.testsupport.TestTokens;
import io.nats.client.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A client that stops reading is closed when its bounded buffer overflows, without slowing anyone
 * else; a client that stops answering heartbeats is closed as dead.
 */
@TestPropertySource(properties = {
        "gaia.session.outbound-buffer=32",
        "gaia.session.heartbeat.interval=300ms",
        "gaia.session.heartbeat.timeout=1500ms"})
class SlowAndDeadPeersTest extends KbBackedTest {

    private static final GaiaJson json = GaiaJson.create();

    @Autowired
    SessionMetrics metrics;

    @Autowired
    ConnectionRegistry registry;

    @Test
    void aClientThatStopsReadingIsClosedAndOthersKeepTheirLatency() throws Exception {
        double before = metrics.count("gaia.session.closes", "reason", "slow_consumer");
        try (Player hare = join("hare"); SilentSocket sloth = new SilentSocket(port, Player.WOODS, "sloth"); Connection bus = nats.connect()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !registry.ofUser("sloth").isEmpty());
            long version = playerVersionOf("sloth");
            String padding = "x".repeat(48_000);
            for (int i = 0; i < 300 && metrics.count("gaia.session.closes", "reason", "slow_consumer") == before; i++) {
                WorldUpdateEvent event = WorldUpdateEvent.of(Player.WOODS, "sloth", VersionScope.PLAYER, version + i,
                        version + i + 1, List.of(Change.update(StatePaths.INVENTORY, "bottle_joy",
                                Change.Location.NOWHERE, Map.of("note", padding))),
                        System.currentTimeMillis(), EventMetadata.EMPTY);
                bus.publish(Subjects.userUpdates("sloth"), json.write(event));
                if (i % 20 == 0) {
                    long sent = System.nanoTime();
                    hare.socket().send(Map.of("type", "ping", "timestamp", i));
                    int expected = i;
                    hare.await(f -> "pong".equals(Player.type(f)) && f.path("timestamp").asInt() == expected, "pong");
                    assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofMillis(500));
                }
            }
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    metrics.count("gaia.session.closes", "reason", "slow_consumer") > before);
            await().atMost(Duration.ofSeconds(10)).until(() -> registry.ofUser("sloth").isEmpty());
            assertThat(hare.socket().isClosed()).isFalse();
        }
    }

    @Test
    void aPeerThatNeverAnswersHeartbeatsIsClosedAsDead() throws Exception {
        double before = metrics.count("gaia.session.closes", "reason", "heartbeat_timeout");
        try (Player alive = join("alive"); SilentSocket ghost = new SilentSocket(port, Player.WOODS, "ghost")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !registry.ofUser("ghost").isEmpty());
            await().atMost(Duration.ofSeconds(10)).until(() -> registry.ofUser("ghost").isEmpty());
            assertThat(metrics.count("gaia.session.closes", "reason", "heartbeat_timeout")).isGreaterThan(before);
            // The JDK client answers pings by itself: it stays connected.
            alive.socket().send(Map.of("type", "ping", "timestamp", 1));
            assertThat(alive.await("pong")).isNotNull();
            assertThat(registry.ofUser("alive")).hasSize(1);
        }
    }

    private long playerVersionOf(String userId) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(kb.url() + "/experiences/" + Player.WOODS
                        + "/area-of-interest"))
                .header("Authorization", "Bearer " + TestTokens.development().player(userId)).build();
        String body = java.net.http.HttpClient.newHttpClient()
                .send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        JsonNode area = json.readTree(body);
        return area.path("versions").path("player").asLong();
    }
}
