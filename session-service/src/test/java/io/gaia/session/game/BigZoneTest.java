package io.gaia.session.game;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.ErrorCodes;
import io.gaia.events.socket.CloseCodes;
import io.gaia.testsupport.GeneratedExperience;
import io.gaia.testsupport.NatsTestServer;
import io.gaia.testsupport.TestTokens;
import io.gaia.testsupport.socket.TestSocket;
import io.gaia.testsupport.stack.GaiaStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A zone of 10,000 items (an area of interest of several MB) over a real socket, real kb-service
 * and real NATS, with session-service's default limits: the client gets the whole area, a resync
 * and the deltas. A zone beyond {@code gaia.session.kb-max-response-size} gets a documented error
 * and close 4413, never a silent 1011.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class BigZoneTest {

    static final int ITEMS = 10_000;

    @RegisterExtension
    static final NatsTestServer nats = new NatsTestServer();

    static GaiaStack stack;

    @LocalServerPort
    int port;

    @BeforeAll
    static void startKb() throws Exception {
        Path experiences = Files.createTempDirectory("gaia-big-zone");
        GeneratedExperience.write(experiences, "big-zone", ITEMS, "A brass token.");
        // about 2 KB per item: far over the 16 MiB read limit
        GeneratedExperience.write(experiences, "huge-zone", ITEMS, "A brass token. " + "Worn smooth by many hands. ".repeat(80));
        stack = GaiaStack.builder().nats(nats).experiences(experiences).sessions(0).start();
    }

    @AfterAll
    static void stopKb() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        stack.sessionProperties().forEach((key, value) -> registry.add(key, () -> value));
        registry.add("gaia.session.kb-timeout", () -> "20s"); // a loaded 2-core CI machine builds 20 MB slowly
    }

    @Test
    void aTenThousandItemZoneConnectsResyncsAndDeliversDeltas() {
        long start = System.nanoTime();
        try (TestSocket alice = open("big-zone", "alice"); TestSocket bob = open("big-zone", "bob")) {
            alice.next("connected");
            JsonNode area = alice.next("area_of_interest");
            System.out.printf("10,000-item zone: connect to full area_of_interest in %d ms%n",
                    (System.nanoTime() - start) / 1_000_000);
            assertThat(items(area)).isEqualTo(ITEMS);
            bob.next("connected");
            assertThat(items(bob.next("area_of_interest"))).isEqualTo(ITEMS);

            // a resume from versions kb never reached is answered with a full resync
            alice.send(Map.of("type", "resume", "versions", Map.of("world", 1_000_000, "player", 1_000_000)));
            JsonNode resync = alice.next(f -> "area_of_interest".equals(f.path("type").asString()), Duration.ofSeconds(30),
                    "resync");
            assertThat(resync.path("resync").asBoolean()).isTrue();
            assertThat(items(resync)).isEqualTo(ITEMS);
            assertThat(alice.next("resumed").path("resync").asBoolean()).isTrue();

            bob.send(Map.of("type", "action", "action", "collect_item", "instance_id", "token_9999"));
            assertThat(bob.next("action_response").path("success").asBoolean()).isTrue();
            JsonNode delta = alice.next(f -> "world_update".equals(f.path("type").asString()), Duration.ofSeconds(15),
                    "bob's collect");
            assertThat(delta.path("changes").get(0).path("instance_id").asString()).isEqualTo("token_9999");
            assertThat(alice.isClosed()).isFalse();
        }
    }

    @Test
    void aZoneBeyondTheLimitIsADocumentedErrorAndClose() {
        try (TestSocket socket = open("huge-zone", "carol")) {
            JsonNode error = socket.next("error");
            assertThat(error.path("code").asString()).isEqualTo(ErrorCodes.PAYLOAD_TOO_LARGE);
            assertThat(error.path("message").asString()).contains("kb-max-response-size");
            assertThat(socket.awaitClose(Duration.ofSeconds(30))).isEqualTo(CloseCodes.AREA_TOO_LARGE);
        }
    }

    private TestSocket open(String experience, String user) {
        return TestSocket.open("ws://127.0.0.1:" + port + "/ws/experience?experience=" + experience + "&token="
                + TestTokens.development().player(user));
    }

    private static int items(JsonNode area) {
        int count = 0;
        for (JsonNode a : area.path("areas")) {
            for (JsonNode spot : a.path("spots")) {
                count += spot.path("items").size();
            }
        }
        return count;
    }
}
