package io.gaia.e2e.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.e2e.stack.GaiaStackExtension;
import io.gaia.testsupport.TestTokens;
import io.gaia.testsupport.socket.TestSocket;
import io.gaia.testsupport.stack.GaiaStack;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * The end-to-end quest client that Unity developers used against the earlier GAIA (issue 11), as a
 * plain WebSocket client that knows nothing of GAIA's internals: only the frames of the brief
 * (docs in /work/shared/BRIEF.md, "Facts from the earlier GAIA"). It sends no {@code request_id}
 * and no resume versions, and reads answers in the order they arrive.
 *
 * <p>Admin reset with the confirmation handshake, reconnect, walk into the main room, collect the
 * four dream bottles, give each to Louisa. Repeated: the flow must pass a second time in a row on
 * the same stack (the reset must bring back a world where the quest can be done again).
 */
@ExtendWith(GaiaStackExtension.class)
class LegacyQuestClientIT {

    private static final List<String> BOTTLES = List.of("bottle_mystery", "bottle_energy", "bottle_joy", "bottle_nature");
    private static final String ADMIN = "legacy-unity-admin";

    @RepeatedTest(value = 2, name = "run {currentRepetition} of {totalRepetitions}")
    void theLegacyQuestClientResetsTheExperienceAndCompletesTheDreamBottleQuest(GaiaStack stack) {
        try (LegacyClient admin = LegacyClient.connect(stack, ADMIN)) {
            JsonNode preview = admin.action("{\"type\":\"action\",\"action\":\"@reset experience\"}");
            assertThat(preview.path("success").asBoolean(true)).as("a reset without CONFIRM is not done: %s", preview).isFalse();
            assertThat(requiresConfirmation(preview)).as("requires_confirmation: %s", preview).isTrue();
            assertThat(preview.path("message").asString()).as("the message names the exact line to send")
                    .contains("@reset experience CONFIRM");

            JsonNode reset = admin.action("{\"type\":\"action\",\"action\":\"@reset experience CONFIRM\"}");
            assertThat(reset.path("success").asBoolean()).as("@reset experience CONFIRM: %s", reset).isTrue();
        }

        try (LegacyClient player = LegacyClient.connect(stack, ADMIN)) {
            JsonNode go = player.action("{\"type\":\"action\",\"action\":\"go\",\"destination\":\"main_room\"}");
            assertThat(go.path("success").asBoolean()).as("go main_room: %s", go).isTrue();
            for (String bottle : BOTTLES) {
                JsonNode collect = player.action("{\"type\":\"action\",\"action\":\"collect_item\",\"instance_id\":\"" + bottle + "\"}");
                assertThat(collect.path("success").asBoolean()).as("collect %s: %s", bottle, collect).isTrue();
            }
            for (int given = 1; given <= BOTTLES.size(); given++) {
                String bottle = BOTTLES.get(given - 1);
                JsonNode give = player.action("{\"type\":\"action\",\"action\":\"give_item\",\"instance_id\":\"" + bottle
                        + "\",\"target_npc_id\":\"louisa\"}");
                assertThat(give.path("success").asBoolean()).as("give %s to louisa: %s", bottle, give).isTrue();
                JsonNode quest = give.at("/metadata/hook_result/quest_updates");
                assertThat(quest.path("bottles_collected").asInt(-1)).as("bottles_collected after %s: %s", bottle, give)
                        .isEqualTo(given);
                assertThat(quest.path("quest_complete").asBoolean(false)).as("quest_complete after %d bottle(s): %s", given, give)
                        .isEqualTo(given == BOTTLES.size());
            }
        }
    }

    /** The earlier server put {@code requires_confirmation} in the metadata; accepted at the top level too. */
    private static boolean requiresConfirmation(JsonNode response) {
        return response.at("/metadata/requires_confirmation").asBoolean(false)
                || response.path("requires_confirmation").asBoolean(false);
    }

    /** The legacy client's whole protocol: connect, wait for {@code connected}, one action at a time. */
    private static final class LegacyClient implements AutoCloseable {

        private final TestSocket socket;

        private LegacyClient(TestSocket socket) {
            this.socket = socket;
        }

        static LegacyClient connect(GaiaStack stack, String user) {
            String url = stack.session().url().replaceFirst("^http", "ws") + "/ws/experience?token="
                    + TestTokens.development().admin(user) + "&experience=" + GaiaStackExtension.WOODS;
            TestSocket socket = TestSocket.connect(url).patience(Duration.ofSeconds(20)).open();
            socket.await("connected");
            return new LegacyClient(socket);
        }

        /** Sends an action frame and returns the next {@code action_response} that arrives after it. */
        JsonNode action(String frame) {
            int before = responses().size();
            socket.send(frame);
            return Awaitility.await("the action_response to " + frame).atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> {
                        List<JsonNode> answers = responses();
                        return answers.size() > before ? answers.get(before) : null;
                    }, Objects::nonNull);
        }

        private List<JsonNode> responses() {
            return socket.received().stream().filter(f -> "action_response".equals(f.path("type").asString())).toList();
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}
