package io.gaia.chat.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.ChatText;
import io.gaia.events.GaiaJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Bad chat requests get a documented code and status, and store nothing. */
class ChatInputErrorsTest extends KbBackedChatTest {

    private static final GaiaJson JSON = GaiaJson.create();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void anUnknownExperienceIsNotFoundAndSavesNoConversation() throws Exception {
        HttpResponse<String> response = post(JSON.writeString(Map.of("message", "hello", "experience", "no-such-world",
                "conversation_id", "unknown-world-1")));
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(code(response)).isEqualTo("unknown_experience");
        assertThat(conversationsDir.resolve("unknown-world-1.jsonl")).doesNotExist();
        try (var files = Files.list(conversationsDir)) {
            assertThat(files.filter(f -> f.getFileName().toString().startsWith("unknown-world"))).isEmpty();
        }
    }

    @Test
    void aMessageLongerThanTheSocketsChatLimitIsRefusedAndOneAtTheLimitIsPlayed() throws Exception {
        HttpResponse<String> tooLong = post(JSON.writeString(Map.of("message", "a".repeat(ChatText.MAX_CHARS + 1), "stream", false)));
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(code(tooLong)).isEqualTo("invalid_field");
        assertThat(message(tooLong)).contains(Integer.toString(ChatText.MAX_CHARS));

        HttpResponse<String> atLimit = post(JSON.writeString(Map.of("message", "a".repeat(ChatText.MAX_CHARS), "stream", false)));
        assertThat(atLimit.statusCode()).isEqualTo(200);
    }

    @Test
    void anEmptyBodyIsInvalidJsonAndAMissingMessageIsAMissingField() throws Exception {
        HttpResponse<String> empty = post("");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(code(empty)).isEqualTo("invalid_json");

        HttpResponse<String> noMessage = post("{\"stream\":false}");
        assertThat(noMessage.statusCode()).isEqualTo(400);
        assertThat(code(noMessage)).isEqualTo("missing_field");

        HttpResponse<String> blank = post("{\"message\":\"   \"}");
        assertThat(code(blank)).isEqualTo("invalid_field");
    }

    @Test
    void aRequestIdOutsideTheRuleIsRefusedAndOneInsideItIsUsed() throws Exception {
        HttpResponse<String> forged = post(JSON.writeString(Map.of("message", "hello", "request_id", "x\r\nforged line")));
        assertThat(forged.statusCode()).isEqualTo(400);
        assertThat(code(forged)).isEqualTo("invalid_field");
        assertThat(message(forged)).doesNotContain("forged");

        HttpResponse<String> tooLong = post(JSON.writeString(Map.of("message", "hello", "request_id", "r".repeat(129))));
        assertThat(code(tooLong)).isEqualTo("invalid_field");

        HttpResponse<String> fine = post(JSON.writeString(Map.of("message", "hello", "request_id", "client-42:a.b_c", "stream", false)));
        assertThat(fine.statusCode()).isEqualTo(200);
    }

    @Test
    void aWrongTypeIsExplainedWithoutJavaClassNames() throws Exception {
        HttpResponse<String> response = post("{\"message\":{\"nested\":true}}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).doesNotContain("java.", "io.gaia", "tools.jackson", "CoercionConfig", "ChatRequest");
    }

    private HttpResponse<String> post(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/chat/unified"))
                .header("Authorization", "Bearer " + tokens.player(newPlayer()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String code(HttpResponse<String> response) {
        return JSON.readTree(response.body()).path("code").asString();
    }

    private static String message(HttpResponse<String> response) {
        JsonNode node = JSON.readTree(response.body());
        return node.path("message").asString();
    }
}
