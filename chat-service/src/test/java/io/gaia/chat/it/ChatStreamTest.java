package io.gaia.chat.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/** The chat stream end to end: real SSE client → chat-service → real kb-service process → real NATS. */
class ChatStreamTest extends KbBackedChatTest {

    @BeforeEach
    void freshWorld() throws Exception {
        resetWorld();
    }

    /** A player kb-service already knows: the first contact creates the player, which is itself a (player) delta. */
    private String knownPlayer() {
        String token = tokens.player(newPlayer());
        SseTurn first = chat().turn(token, "look around");
        assertThat(first.types()).endsWith("done");
        return token;
    }

    @Test
    void theFirstContactOfANewPlayerDeliversItsBootstrapDelta() {
        SseTurn turn = chat().turn(tokens.player(newPlayer()), "look around");
        assertThat(turn.all("world_update")).anySatisfy(u -> assertThat(u.path("scope").asString()).isEqualTo("player"));
        assertThat(turn.narrative()).contains("Woander");
    }

    @Test
    void takingTheBottleOfJoyStreamsMetadataThenWorldUpdateThenContentThenDone() {
        SseTurn turn = chat().turn(tokens.player(newPlayer()), "take the bottle of joy");

        List<String> types = turn.types();
        assertThat(types.get(0)).isEqualTo("metadata");
        assertThat(turn.first("metadata").path("conversation_id").asString()).isNotBlank();
        assertThat(turn.first("metadata").path("experience").asString()).isEqualTo("wylding-woods");
        assertThat(turn.first("metadata").path("model").asString()).isNotBlank();
        assertThat(types).contains("world_update", "content");
        assertThat(turn.firstIndexOf("world_update")).isLessThan(turn.firstIndexOf("content"));
        assertThat(types.get(types.size() - 1)).isEqualTo("done");
        assertThat(types.get(types.size() - 2)).isEqualTo("metadata");
        JsonNode timings = turn.last("metadata");
        assertThat(timings.path("time_to_world_update_ms").asDouble())
                .isLessThanOrEqualTo(timings.path("time_to_first_content_ms").asDouble());
        assertThat(timings.path("total_ms").asDouble()).isPositive();
        assertThat(timings.path("action").asString()).isEqualTo("collect_item");
        assertThat(turn.all("world_update")).anySatisfy(update -> assertThat(update.toString()).contains("bottle_joy"));
        assertThat(turn.narrative()).containsIgnoringCase("bottle");
    }

    @Test
    void theWorldUpdateComesBeforeTheFirstContentChunkInEveryOf200Turns() {
        String token = tokens.player(newPlayer());
        ChatClient client = chat();
        for (int i = 0; i < 100; i++) {
            for (String message : List.of("take the bottle of joy", "drop the bottle of joy")) {
                SseTurn turn = client.turn(token, message);
                assertThat(turn.firstIndexOf("world_update")).as("turn %d '%s': %s", i, message, turn.types()).isPositive();
                assertThat(turn.firstIndexOf("world_update")).as("turn %d '%s': %s", i, message, turn.types())
                        .isLessThan(turn.firstIndexOf("content"));
                assertThat(turn.last("metadata").path("success").asBoolean()).as("turn %d %s", i, message).isTrue();
            }
        }
    }

    @Test
    void anAmbiguousRequestIsAnsweredWithAQuestionAndChangesNothing() {
        SseTurn turn = chat().turn(knownPlayer(), "take the bottle");

        assertThat(turn.types()).doesNotContain("world_update", "error");
        assertThat(turn.narrative()).containsIgnoringCase("which").contains("?");
        SseTurn after = chat().turn(tokens.player(newPlayer()), "take the bottle of energy");
        assertThat(after.last("metadata").path("success").asBoolean()).isTrue();
    }

    @Test
    void aSecondPlayerCannotTakeTheSameBottleAndIsToldSo() {
        chat().turn(tokens.player(newPlayer()), "take the bottle of nature");
        SseTurn second = chat().turn(knownPlayer(), "take the bottle of nature");

        assertThat(second.types()).doesNotContain("world_update");
        assertThat(second.types()).endsWith("done");
        assertThat(second.narrative()).isNotBlank();
    }

    @Test
    void givingTheBottleToLouisaRunsGiveItem() {
        String token = tokens.player(newPlayer());
        chat().turn(token, "take the bottle of mystery");
        SseTurn give = chat().turn(token, "give the bottle to Louisa");

        assertThat(give.last("metadata").path("action").asString()).isEqualTo("give_item");
        assertThat(give.last("metadata").path("success").asBoolean()).as(give.narrative()).isTrue();
        assertThat(give.firstIndexOf("world_update")).isPositive().isLessThan(give.firstIndexOf("content"));
    }

    @Test
    void speakingToLouisaAnswersInHerVoice() {
        SseTurn turn = chat().turn(tokens.player(newPlayer()), "Louisa, what are the bottles for?");

        assertThat(turn.types()).endsWith("done").doesNotContain("error");
        assertThat(turn.narrative()).contains("Louisa");
    }

    @Test
    void theV03PathStreamsTheSameEventsWithV03WorldUpdates() {
        List<SseTurn.Received> events = chat().stream(tokens.player(newPlayer()), "take the bottle of energy", null, "/api/v0.3/chat")
                .collectList().block(Duration.ofSeconds(30));
        SseTurn turn = new SseTurn(events);
        assertThat(turn.types().get(0)).isEqualTo("metadata");
        assertThat(turn.firstIndexOf("world_update")).isPositive().isLessThan(turn.firstIndexOf("content"));
        assertThat(turn.types()).endsWith("done");
        // v0.3: changes keyed by state path, no versions, the item named by item.id (instance_id kept beside it)
        List<JsonNode> updates = events.stream().map(SseTurn.Received::data)
                .filter(data -> "world_update".equals(data.path("type").asString())).toList();
        assertThat(updates).isNotEmpty().allSatisfy(update -> {
            assertThat(update.path("version").asString()).isEqualTo("0.3");
            assertThat(update.has("base_version")).isFalse();
            assertThat(update.path("changes").isObject()).isTrue();
        });
        JsonNode taken = updates.stream().map(update -> update.path("changes").path("player.inventory"))
                .filter(change -> !change.isMissingNode()).findFirst().orElseThrow();
        assertThat(taken.path("operation").asString()).isEqualTo("add");
        assertThat(taken.path("item").path("id").asString()).isEqualTo("bottle_energy");
        assertThat(taken.path("instance_id").asString()).isEqualTo("bottle_energy");
    }

    @Test
    void theV03PathGivesV04WorldUpdatesWhenTheRequestAsksForThem() {
        List<SseTurn.Received> events = chat().stream(tokens.player(newPlayer()), "take the bottle of mystery", null,
                "/api/v0.3/chat?delta_format=v0.4").collectList().block(Duration.ofSeconds(30));
        JsonNode update = events.stream().map(SseTurn.Received::data)
                .filter(data -> "world_update".equals(data.path("type").asString())).findFirst().orElseThrow();
        assertThat(update.path("version").asString()).isEqualTo("0.4");
        assertThat(update.path("changes").isArray()).isTrue();
    }

    @Test
    void withoutStreamingTheAnswerIsOneJsonBodyWithNarrativeAndWorldUpdates() {
        JsonNode body = chat().http().post().uri("/chat/unified")
                .header("Authorization", "Bearer " + tokens.player(newPlayer()))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("message", "take the bottle of joy", "stream", false))
                .retrieve().bodyToMono(JsonNode.class).block(Duration.ofSeconds(30));

        assertThat(body.path("conversation_id").asString()).isNotBlank();
        assertThat(body.path("response").asString()).containsIgnoringCase("bottle");
        assertThat(body.path("world_updates").size()).isPositive();
        assertThat(body.path("total_ms").asDouble()).isPositive();
    }

    @Test
    void aConversationIsKeptAndShownOnlyToItsOwner() {
        String alice = tokens.player(newPlayer());
        SseTurn first = chat().turn(alice, "take the bottle of joy");
        String id = first.conversationId();
        chat().turn(alice, "drop the bottle of joy", id);

        JsonNode history = chat().http().get().uri("/conversations/{id}", id).header("Authorization", "Bearer " + alice)
                .retrieve().bodyToMono(JsonNode.class).block(Duration.ofSeconds(10));
        assertThat(history.path("turns").size()).isEqualTo(4);
        assertThat(history.path("turns").get(0).path("role").asString()).isEqualTo("user");
        assertThat(history.path("turns").get(0).path("content").asString()).isEqualTo("take the bottle of joy");
        assertThat(history.path("turns").get(1).path("role").asString()).isEqualTo("assistant");
        assertThat(history.path("turns").get(1).path("world_updates").size()).isPositive();

        int otherStatus = chat().http().get().uri("/conversations/{id}", id)
                .header("Authorization", "Bearer " + tokens.player(newPlayer()))
                .exchangeToMono(r -> reactor.core.publisher.Mono.just(r.statusCode().value())).block();
        int unknownStatus = chat().http().get().uri("/conversations/{id}", "no-such-conversation")
                .header("Authorization", "Bearer " + alice)
                .exchangeToMono(r -> reactor.core.publisher.Mono.just(r.statusCode().value())).block();
        assertThat(otherStatus).isEqualTo(404);
        assertThat(unknownStatus).isEqualTo(404);
    }

    @Test
    void continuingSomeoneElsesConversationIsNotFound() {
        String id = chat().turn(tokens.player(newPlayer()), "hello").conversationId();
        int status = chat().http().post().uri("/chat/unified")
                .header("Authorization", "Bearer " + tokens.player(newPlayer()))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("message", "hello", "conversation_id", id))
                .exchangeToMono(r -> reactor.core.publisher.Mono.just(r.statusCode().value())).block();
        assertThat(status).isEqualTo(404);
    }

    @Test
    void noTokenIsUnauthorizedAndNoMessageIsABadRequest() {
        int noToken = chat().http().post().uri("/chat/unified").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("message", "hi"))
                .exchangeToMono(r -> reactor.core.publisher.Mono.just(r.statusCode().value())).block();
        JsonNode noMessage = chat().http().post().uri("/chat/unified")
                .header("Authorization", "Bearer " + tokens.player(newPlayer()))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("stream", true))
                .exchangeToMono(r -> r.bodyToMono(JsonNode.class)).block();
        assertThat(noToken).isEqualTo(401);
        assertThat(noMessage.path("code").asString()).isEqualTo("missing_field");
    }
}
