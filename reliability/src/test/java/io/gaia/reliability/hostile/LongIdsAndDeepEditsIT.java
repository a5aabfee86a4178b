package io.gaia.reliability.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.ErrorCodes;
import io.gaia.events.GaiaJson;
import io.gaia.reliability.stack.Stack;
import io.gaia.testsupport.TestTokens;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 12 items 3, 4 and 10 over the real stack (kb-service, session-service, NATS as processes):
 * players with long and non-ASCII ids act, an admin's deep {@code @edit}s are refused, admin
 * commands naming long ids answer documented codes, and after kb-service restarts the experience
 * is loaded with every player's state and new sockets connect.
 */
class LongIdsAndDeepEditsIT {

    static final String WOODS = "wylding-woods";
    static final String ASCII_300 = "long." + "a".repeat(295);
    static final String CYRILLIC_120 = "пользователь".repeat(10);
    static final TestTokens tokens = TestTokens.development();
    static final GaiaJson JSON = GaiaJson.withMaxBytes(4 * 1024 * 1024);
    static final HttpClient http = HttpClient.newHttpClient();
    static Stack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = Stack.start(2, Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void longIdsAndRefusedDeepEditsLeaveTheExperienceLoadedAcrossARestart() throws Exception {
        try (Ws ascii = join(ASCII_300); Ws cyrillic = join(CYRILLIC_120); Ws admin = joinAdmin()) {
            assertThat(act(ascii, "collect_item", Map.of("instance_id", "bottle_joy")).path("success").asBoolean()).isTrue();
            assertThat(act(cyrillic, "collect_item", Map.of("instance_id", "bottle_energy")).path("success").asBoolean())
                    .isTrue();

            for (int depth : new int[] {63, 54}) {
                JsonNode refused = act(admin, "@edit", Map.of("params", Map.of("instance_id", "bottle_nature",
                        "field", "state.deep", "value", nested(depth))));
                assertThat(refused.path("success").asBoolean()).as("depth %d", depth).isFalse();
                assertThat(refused.path("code").asString()).isEqualTo(ErrorCodes.INVALID_FIELD);
                assertThat(refused.path("message").asString()).contains("nested deeper than " + GaiaJson.MAX_VALUE_DEPTH);
            }
            JsonNode accepted = act(admin, "@edit", Map.of("params", Map.of("instance_id", "bottle_nature",
                    "field", "state.deep", "value", nested(GaiaJson.MAX_VALUE_DEPTH))));
            assertThat(accepted.path("success").asBoolean()).as(accepted.toString()).isTrue();

            for (String line : new String[] {"@where " + "w".repeat(300), "@reset player " + "r".repeat(300)}) {
                JsonNode answer = act(admin, line, Map.of());
                assertThat(answer.path("code").asString()).as(line).isNotEqualTo(ErrorCodes.INTERNAL_ERROR);
                assertThat(answer.path("success").asBoolean()).as(line).isFalse();
            }
            HttpResponse<String> unknown = get("/admin/experiences/" + WOODS + "/players/" + "p".repeat(257));
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.body()).contains(ErrorCodes.NOT_FOUND);
        }
        // a new socket still connects after the accepted edit
        try (Ws fresh = join("fresh-after-edit")) {
            assertThat(fresh.isClosed()).isFalse();
        }

        Thread.sleep(1_500); // let the fold (every 500 ms in this stack) write the documents
        stack.kb().stop();
        stack.kb().start();

        assertThat(get("/actuator/health").body()).doesNotContain("stopped");
        try (Ws ascii = Ws.open(url(tokens.player(ASCII_300))); Ws cyrillic = Ws.open(url(tokens.player(CYRILLIC_120)))) {
            assertThat(inventory(ascii.next("area_of_interest"))).isEqualTo("[\"bottle_joy\"]");
            assertThat(inventory(cyrillic.next("area_of_interest"))).isEqualTo("[\"bottle_energy\"]");
        }
        HttpResponse<String> player = get("/admin/experiences/" + WOODS + "/players/"
                + URLEncoder.encode(CYRILLIC_120, StandardCharsets.UTF_8));
        assertThat(player.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(player.body()).path("player").path("user_id").asString()).isEqualTo(CYRILLIC_120);
    }

    static Ws join(String user) {
        Ws ws = Ws.open(url(tokens.player(user)));
        ws.next("area_of_interest");
        return ws;
    }

    static Ws joinAdmin() {
        Ws ws = Ws.open(url(tokens.admin("operator")));
        ws.next("area_of_interest");
        return ws;
    }

    static String url(String token) {
        return stack.sessionSocketUrl() + "?experience=" + WOODS + "&token=" + token;
    }

    static JsonNode act(Ws ws, String action, Map<String, ?> fields) {
        Map<String, Object> frame = new LinkedHashMap<>(fields);
        String requestId = "r-" + System.nanoTime();
        frame.put("type", "action");
        frame.put("action", action);
        frame.put("request_id", requestId);
        ws.send(Ws.json(frame));
        return ws.next(f -> requestId.equals(f.path("request_id").asString())
                && ("action_response".equals(f.path("type").asString()) || "error".equals(f.path("type").asString())),
                Duration.ofSeconds(15), "answer to " + action);
    }

    static String inventory(JsonNode area) {
        StringBuilder ids = new StringBuilder("[");
        for (JsonNode item : area.path("player").path("inventory")) {
            ids.append(ids.length() > 1 ? "," : "").append('"').append(item.path("instance_id").asString()).append('"');
        }
        return ids.append(']').toString();
    }

    static String nested(int depth) {
        return "{\"a\":".repeat(depth - 1) + "{}" + "}".repeat(depth - 1);
    }

    static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(stack.kb().url() + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + tokens.admin("auditor")).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
