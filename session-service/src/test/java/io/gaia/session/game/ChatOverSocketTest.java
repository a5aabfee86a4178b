package io.gaia.session.game;

import static io.gaia.session.support.Player.removes;
import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.session.support.KbBackedTest;
import io.gaia.session.support.Player;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A chat frame is relayed to the real chat-service (offline narrator); the delta comes before the narrative. */
class ChatOverSocketTest extends KbBackedTest {

    /** The stack's chat-service (stopped with the stack); this class's session-service relays chat to it. */
    @BeforeAll
    static void startChat() throws Exception {
        stack.startChat(Map.of("gaia.chat.narrator.chunk-delay", "5ms"));
    }

    @Test
    void takingTheBottleByChatShowsTheChangeBeforeTheStory() {
        try (Player talker = join("talker"); Player onlooker = join("onlooker")) {
            assertThat(talker.act("go", "destination", "main_room").path("success").asBoolean()).isTrue();
            talker.socket().send(Map.of("type", "chat", "text", "take the bottle of joy", "request_id", "chat-1"));
            JsonNode complete = talker.await("chat_complete");
            assertThat(complete.path("request_id").asString()).isEqualTo("chat-1");

            List<JsonNode> frames = talker.socket().received();
            int started = indexOf(frames, "chat_started");
            int update = -1;
            for (int i = 0; i < frames.size(); i++) {
                if ("world_update".equals(Player.type(frames.get(i))) && removes(frames.get(i), "bottle_joy")) {
                    update = i;
                    break;
                }
            }
            int content = indexOf(frames, "chat_content");
            assertThat(started).isNotNegative();
            // the delta comes over NATS and chat_started over chat-service's stream: either may come first
            // (docs/protocol.md: world_updates interleaved, never behind narrative)
            assertThat(update).as("the bottle's delta").isNotNegative();
            assertThat(content).as("narrative after the delta").isGreaterThan(update).isGreaterThan(started);
            assertThat(frames.get(content).path("conversation_id").asString())
                    .isEqualTo(frames.get(started).path("conversation_id").asString()).isNotBlank();

            onlooker.awaitUpdate(u -> removes(u, "bottle_joy"), "the bottle vanishing for the onlooker");
            talker.assertNoSilentGap();
            onlooker.assertNoSilentGap();
        }
    }

    @Test
    void aChatNamingAnotherUsersConversationIsNotFound() {
        try (Player owner = join("diarist"); Player snoop = join("snoop")) {
            owner.socket().send(Map.of("type", "chat", "text", "hello woander", "request_id", "mine-1"));
            String conversation = owner.await("chat_started").path("conversation_id").asString();
            owner.await("chat_complete");

            snoop.socket().send(Map.of("type", "chat", "text", "what did they say?", "conversation_id", conversation,
                    "request_id", "theirs-1"));
            JsonNode error = snoop.await("error");
            assertThat(error.path("code").asString()).isEqualTo("not_found");
            assertThat(error.path("request_id").asString()).isEqualTo("theirs-1");
            assertThat(error.path("message").asString()).doesNotContain("Exception").doesNotContain("diarist");
            assertThat(snoop.socket().received()).noneMatch(f -> "chat_started".equals(Player.type(f)));
        }
    }

    private static int indexOf(List<JsonNode> frames, String type) {
        for (int i = 0; i < frames.size(); i++) {
            if (type.equals(Player.type(frames.get(i)))) {
                return i;
            }
        }
        return -1;
    }
}
