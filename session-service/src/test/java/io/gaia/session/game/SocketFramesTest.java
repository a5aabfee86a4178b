package io.gaia.session.game;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.socket.CloseCodes;
import io.gaia.session.support.KbBackedTest;
import io.gaia.session.support.Player;
import io.gaia.testsupport.TestTokens;
import io.gaia.testsupport.socket.TestSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** What a client sees for every kind of frame, good or bad; bad ones never cost it the socket. */
class SocketFramesTest extends KbBackedTest {

    private static String errorCodeFor(Player player, String frame) {
        player.socket().sendText(frame);
        return player.await("error").path("code").asString();
    }

    @Test
    void connectedCarriesTheUserAndTheStartingAreaFollows() {
        try (Player player = join("connie")) {
            assertThat(player.connected.path("user_id").asString()).isEqualTo("connie");
            assertThat(player.connected.path("experience").asString()).isEqualTo(Player.WOODS);
            assertThat(player.connected.path("connection_id").asString()).isNotBlank();
            assertThat(player.connected.path("timestamp").asLong()).isPositive();
            assertThat(player.versions()).containsKeys("world", "player");
        }
    }

    @Test
    void anUnknownExperienceIsAnErrorThenTheDocumentedClose() {
        String url = "ws://127.0.0.1:" + port + "/ws/experience?experience=atlantis&token="
                + TestTokens.development().player("lost");
        try (TestSocket socket = TestSocket.open(url)) {
            assertThat(socket.next("error").path("code").asString()).isEqualTo("unknown_experience");
            assertThat(socket.awaitClose(Duration.ofSeconds(5))).isEqualTo(CloseCodes.UNKNOWN_EXPERIENCE);
        }
    }

    @Test
    void aMalformedExperienceIdIsAnUnknownExperienceNotAServerError() {
        for (String experience : new String[] {"Wylding-Woods", "wylding_woods_" + "x".repeat(60)}) {
            String url = "ws://127.0.0.1:" + port + "/ws/experience?experience=" + experience + "&token="
                    + TestTokens.development().player("typo");
            try (TestSocket socket = TestSocket.open(url)) {
                assertThat(socket.next("error").path("code").asString()).as(experience).isEqualTo("unknown_experience");
                assertThat(socket.awaitClose(Duration.ofSeconds(5))).as(experience).isEqualTo(CloseCodes.UNKNOWN_EXPERIENCE);
            }
        }
    }

    @Test
    void healthAndMetricsCountTheOpenSockets() throws Exception {
        try (Player player = join("counted")) {
            player.socket().send(Map.of("type", "ping"));
            player.await("pong");
            HttpClient http = HttpClient.newHttpClient();
            String admin = "Bearer " + TestTokens.development().admin("ops");
            String health = http.send(HttpRequest.newBuilder(URI.create(sessionUrl() + "/actuator/health/details"))
                            .header("Authorization", admin).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(health).contains("\"sessions\"").containsPattern("\"connections\":[1-9]");
            String metrics = http.send(HttpRequest.newBuilder(URI.create(sessionUrl() + "/actuator/prometheus"))
                            .header("Authorization", admin).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).contains("gaia_session_connections", "gaia_session_subscriptions",
                    "gaia_session_frames_in_total", "gaia_session_frames_out_total", "gaia_session_relay_seconds",
                    "gaia_session_delta_forward_seconds", "gaia_session_auth_failures_total", "gaia_session_resyncs_total");
        }
    }

    @Test
    void pingIsAnsweredWithPongEchoingTheTimestamp() {
        try (Player player = join("pinger")) {
            player.socket().send(Map.of("type", "ping", "timestamp", 1234567));
            JsonNode pong = player.await("pong");
            assertThat(pong.path("timestamp").asLong()).isEqualTo(1234567);
            assertThat(pong.path("server_timestamp").asLong()).isPositive();
        }
    }

    @Test
    void aPingWhoseTimestampIsNoLongIsAnsweredWithoutEchoingIt() {
        try (Player player = join("pinger-huge")) {
            for (String timestamp : new String[] {"17118101111637712345678", "1e999", "-1e300"}) {
                player.socket().sendText("{\"type\":\"ping\",\"timestamp\":" + timestamp + "}");
                JsonNode pong = player.await("pong");
                assertThat(pong.has("timestamp")).as(timestamp).isFalse();
            }
            assertThat(player.socket().received()).noneMatch(f -> "error".equals(Player.type(f)));
        }
    }

    @Test
    void getCommandsAnswersWithOneSchemaPerCommand() {
        try (Player player = join("schemer")) {
            player.socket().send(Map.of("type", "get_commands"));
            JsonNode schema = player.await("commands_schema");
            assertThat(schema.path("commands").has("collect_item")).isTrue();
            assertThat(schema.path("commands").has("give_item")).isTrue();
        }
    }

    @Test
    void badFramesGetDocumentedErrorsAndTheSocketStaysOpen() {
        try (Player player = join("fumbler")) {
            assertThat(errorCodeFor(player, "{not json")).isEqualTo("invalid_json");
            assertThat(errorCodeFor(player, "[1,2]")).isEqualTo("invalid_json");
            assertThat(errorCodeFor(player, "{\"action\":\"go\"}")).isEqualTo("missing_type");
            assertThat(errorCodeFor(player, "{\"type\":\"dance\"}")).isEqualTo("unknown_message_type");
            assertThat(errorCodeFor(player, "{\"type\":\"action\"}")).isEqualTo("missing_action");
            assertThat(errorCodeFor(player, "{\"type\":\"update_location\",\"lat\":\"north\",\"lng\":1}"))
                    .isEqualTo("invalid_field");
            assertThat(errorCodeFor(player, "{\"type\":\"update_location\",\"lat\":91,\"lng\":1}"))
                    .isEqualTo("invalid_field");
            assertThat(errorCodeFor(player, "{\"type\":\"chat\"}")).isEqualTo("missing_field");
            assertThat(errorCodeFor(player, "{\"type\":\"resume\",\"versions\":{\"world\":-1}}"))
                    .isEqualTo("invalid_field");

            player.socket().send(Map.of("type", "ping", "timestamp", 42));
            assertThat(player.await("pong").path("timestamp").asLong()).isEqualTo(42);
            assertThat(player.socket().isClosed()).isFalse();
        }
    }

    @Test
    void theErrorContractNamesMissingFieldsEmptyFramesAndWrongTypes() {
        try (Player player = join("contractor")) {
            assertThat(errorCodeFor(player, "")).isEqualTo("invalid_json");
            assertThat(errorCodeFor(player, "   ")).isEqualTo("invalid_json");
            assertThat(errorCodeFor(player, "{\"type\":\"update_location\",\"lng\":1}")).isEqualTo("missing_field");
            player.socket().sendText("{\"type\":\"action\",\"action\":5}");
            JsonNode error = player.await("error");
            assertThat(error.path("code").asString()).isEqualTo("invalid_field");
            assertThat(error.path("field").asString()).isEqualTo("action");
            assertThat(error.path("message").asString()).doesNotContain("java", "io.gaia", "Coercion");
            assertThat(player.socket().isClosed()).isFalse();
        }
    }

    @Test
    void anUnknownActionIsAFailedActionResponseNotAnError() {
        try (Player player = join("dreamer")) {
            JsonNode response = player.act("fly_to_the_moon");
            assertThat(response.path("success").asBoolean()).isFalse();
            assertThat(response.path("code").asString()).isNotBlank();
        }
    }

    @Test
    void aFrameOverTheLimitClosesTheSocketWith1009() {
        try (Player player = join("shouter")) {
            player.socket().sendText("{\"type\":\"chat\",\"text\":\"" + "a".repeat(70_000) + "\"}");
            assertThat(player.socket().awaitClose(Duration.ofSeconds(5))).isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
        }
    }

    @Test
    void aFloodIsRateLimitedAndTheSocketRecovers() throws InterruptedException {
        try (Player player = join("flooder")) {
            for (int i = 0; i < 200; i++) {
                player.socket().send(Map.of("type", "ping", "timestamp", i, "request_id", "flood-" + i));
            }
            JsonNode limited = player.await(f -> "error".equals(Player.type(f))
                    && "rate_limited".equals(f.path("code").asString()), "rate_limited");
            assertThat(limited.path("request_id").asString()).as("which frame was dropped").startsWith("flood-");
            Thread.sleep(2500);
            player.socket().drain();
            player.socket().send(Map.of("type", "ping", "timestamp", 999_999));
            JsonNode pong = player.await(f -> "pong".equals(Player.type(f)) && f.path("timestamp").asLong() == 999_999,
                    "pong after the flood");
            assertThat(pong).isNotNull();
            assertThat(player.socket().isClosed()).isFalse();
        }
    }
}
