package io.gaia.kb.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.ActionResponse;
import io.gaia.events.GaiaJson;
import io.gaia.events.Subjects;
import io.gaia.testsupport.NatsTestServer;
import io.gaia.testsupport.TestTokens;
import io.nats.client.Connection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** {@code gaia.kb.journal=jetstream} as the service runs it: records in KB_JOURNAL, a retried POST runs once. */
// closed after the class, so its history thread stops before JUnit deletes the state folder
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "gaia.kb.journal=jetstream")
class JetStreamJournalOverHttpTest {

    @RegisterExtension
    static final NatsTestServer nats = new NatsTestServer();
    @TempDir
    static Path state;

    static final TestTokens tokens = TestTokens.development();
    static final GaiaJson json = GaiaJson.create();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("gaia.nats.url", nats::url);
        registry.add("gaia.kb.state-dir", () -> state.toString());
    }

    String post(String user, String requestId) {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(10))
                .build().post().uri("/actions").header("Authorization", "Bearer " + tokens.player(user))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("experience", "wylding-woods", "action", "collect_item",
                        "params", Map.of("instance_id", "bottle_energy"), "request_id", requestId))
                .exchange().expectBody(String.class).returnResult().getResponseBody();
    }

    @Test
    void aRetriedActionIsAnsweredFromTheJournalAndRunsOnce() throws Exception {
        String first = post("alice", "tap-1");
        String retry = post("alice", "tap-1");
        ActionResponse bobs = json.read(post("bob", "tap-1"), ActionResponse.class);

        assertThat(json.read(first, ActionResponse.class).success()).as(first).isTrue();
        assertThat(json.readTree(retry)).isEqualTo(json.readTree(first));
        assertThat(bobs.success()).isFalse();
        assertThat(bobs.code()).isEqualTo("already_taken");
        try (Connection nc = nats.connect()) {
            assertThat(nc.jetStreamManagement().getLastMessage(Subjects.KB_JOURNAL_STREAM,
                    Subjects.kbJournal("wylding-woods")).getSeq()).isPositive();
        }
    }
}
