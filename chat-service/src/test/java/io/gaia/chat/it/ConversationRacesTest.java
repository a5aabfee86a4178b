package io.gaia.chat.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.GaiaJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Two players POST {@code /chat/unified} at the same moment with the same brand-new
 * {@code conversation_id}, over real HTTP, many rounds: one gets the conversation, the other a clear
 * refusal (409 {@code conflict} when the creates race, 404 when the conversation is already the
 * other's), and no turn of the loser is ever written into the winner's history.
 */
class ConversationRacesTest extends KbBackedChatTest {

    private static final GaiaJson JSON = GaiaJson.create();
    private static final int ROUNDS = 25;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void theLoserOfARaceForANewConversationIdIsRefusedAndNothingOfItsTurnIsStored() throws Exception {
        int conflicts = 0;
        for (int round = 0; round < ROUNDS; round++) {
            String id = "race-" + UUID.randomUUID();
            String alice = newPlayer();
            String bob = newPlayer();
            Map<String, String> said = Map.of(alice, "look around, alice " + round, bob, "hello, bob " + round);
            CompletableFuture<HttpResponse<String>> a = post(alice, said.get(alice), id);
            CompletableFuture<HttpResponse<String>> b = post(bob, said.get(bob), id);
            List<HttpResponse<String>> answers = List.of(a.get(), b.get());

            List<Integer> statuses = answers.stream().map(HttpResponse::statusCode).toList();
            assertThat(statuses).as("round " + round + ": " + answers.stream().map(HttpResponse::body).toList())
                    .containsOnlyOnce(200);
            HttpResponse<String> lost = answers.get(statuses.get(0) == 200 ? 1 : 0);
            JsonNode refusal = JSON.readTree(lost.body());
            assertThat(lost.statusCode()).as("round " + round).isIn(404, 409);
            assertThat(refusal.path("code").asString()).isEqualTo(lost.statusCode() == 409 ? "conflict" : "not_found");
            if (lost.statusCode() == 409) {
                conflicts++;
            }

            String winner = statuses.get(0) == 200 ? alice : bob;
            String loser = winner.equals(alice) ? bob : alice;
            JsonNode history = history(winner, id);
            assertThat(history.path("user_id").asString()).isEqualTo(winner);
            assertThat(history.path("turns").size()).as("one user turn and one answer").isEqualTo(2);
            assertThat(history.path("turns").get(0).path("content").asString()).isEqualTo(said.get(winner));
            assertThat(history.toString()).doesNotContain(loser);
            assertThat(status(loser, id)).isEqualTo(404);
        }
        // the creates really raced in some rounds (the rest found the other's conversation first)
        System.out.printf("conversation races: %d of %d rounds ended in 409 conflict%n", conflicts, ROUNDS);
    }

    private CompletableFuture<HttpResponse<String>> post(String user, String message, String conversationId) {
        String body = JSON.writeString(Map.of("message", message, "conversation_id", conversationId, "stream", false));
        return http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/chat/unified"))
                .header("Authorization", "Bearer " + tokens.player(user))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode history(String user, String id) throws Exception {
        HttpResponse<String> response = get(user, id);
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private int status(String user, String id) throws Exception {
        return get(user, id).statusCode();
    }

    private HttpResponse<String> get(String user, String id) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/conversations/" + id))
                .header("Authorization", "Bearer " + tokens.player(user)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
