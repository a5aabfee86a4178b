package io.gaia.kb.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.ActionResponse;
import io.gaia.events.Subjects;
import io.nats.client.Connection;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import io.gaia.kb.support.KbServiceTest;

/** {@code gaia.kb.journal=jetstream} as the service runs it: records in KB_JOURNAL, a retried POST runs once. */
@TestPropertySource(properties = "gaia.kb.journal=jetstream")
class JetStreamJournalOverHttpTest extends KbServiceTest {

    String post(String user, String requestId) {
        return http().post().uri("/actions").header("Authorization", "Bearer " + tokens.player(user))
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
