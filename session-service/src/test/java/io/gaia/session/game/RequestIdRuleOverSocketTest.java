package io.gaia.session.game;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.session.support.KbBackedTest;
import io.gaia.session.support.Player;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A frame's {@code request_id} follows the one rule (1-128 of [A-Za-z0-9._:~/+=@#-]): a bad one is refused
 * with {@code invalid_field} and never echoed, logged or copied into a world_update; a good one is
 * carried to the action's answer and its world_update.
 */
class RequestIdRuleOverSocketTest extends KbBackedTest {

    @Test
    void aRequestIdWithALineBreakIsRefusedAndNotEchoed() {
        try (Player player = join("crlf-" + System.nanoTime())) {
            player.socket().send(Map.of("type", "action", "action", "inventory", "request_id", "a\r\n2026 INFO forged"));
            JsonNode error = player.socket().next("error");
            assertThat(error.path("code").asString()).isEqualTo("invalid_field");
            assertThat(error.toString()).doesNotContain("forged");
            assertThat(error.path("request_id").isMissingNode() || error.path("request_id").isNull()).isTrue();
        }
    }

    @Test
    void anOverlongRequestIdIsRefusedBeforeTheActionRuns() {
        try (Player player = join("long-" + System.nanoTime())) {
            player.socket().send(Map.of("type", "action", "action", "collect_item", "instance_id", "bottle_joy",
                    "request_id", "r".repeat(60_000)));
            assertThat(player.socket().next("error").path("code").asString()).isEqualTo("invalid_field");
            // the bottle was not taken: the action never ran
            player.socket().drain();
            JsonNode inventory = player.act("inventory");
            assertThat(inventory.toString()).doesNotContain("bottle_joy");
        }
    }

    @Test
    void aRequestIdWithinTheRuleTravelsToTheAnswerAndTheWorldUpdate() {
        try (Player player = join("rid-" + System.nanoTime())) {
            player.socket().send(Map.of("type", "action", "action", "go", "destination", "reading_nook", "request_id", "client:7.go_1"));
            // the delta comes first (visual feedback never waits), the answer after it; both carry the id
            JsonNode update = player.socket().next(m -> "world_update".equals(m.path("type").asString())
                    && "client:7.go_1".equals(m.path("metadata").path("request_id").asString()), Duration.ofSeconds(10),
                    "world_update with the request id");
            JsonNode answer = player.socket().received().stream()
                    .filter(m -> "action_response".equals(m.path("type").asString())).findFirst()
                    .orElseGet(() -> player.socket().next("action_response"));
            assertThat(answer.path("success").asBoolean()).isTrue();
            assertThat(answer.path("request_id").asString()).isEqualTo("client:7.go_1");
            assertThat(update).isNotNull();
        }
    }
}
