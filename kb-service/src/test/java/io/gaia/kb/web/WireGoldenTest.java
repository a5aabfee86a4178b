package io.gaia.kb.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import io.gaia.kb.support.KbServiceTest;

/**
 * The JSON kb-service answers with for Wylding Woods (area of interest before and after a quest
 * step, commands, NPCs, waypoints, experience list and info, a location fix, a quest action) is
 * exactly the JSON it answered with before its answers became records: compared as JSON trees
 * against files captured from the earlier Map-building code ({@code src/test/resources/golden}).
 * Values that differ from run to run (epoch, timestamps) are blanked on both sides.
 * Run with {@code -Dgolden.capture=true} to write the files instead (only after a deliberate change).
 */
class WireGoldenTest extends KbServiceTest {

    static final boolean CAPTURE = Boolean.getBoolean("golden.capture");

    @Test
    void everyContentAnswerIsTheJsonItWasBeforeRecords() throws IOException {
        matches("experiences", get("/experiences"));
        matches("experience-info", get("/experiences/" + WOODS));
        matches("commands", get("/experiences/" + WOODS + "/commands"));
        matches("npcs", get("/experiences/" + WOODS + "/npcs"));
        matches("waypoints", get("/experiences/" + WOODS + "/waypoints"));
    }

    @Test
    void theAreaOfInterestAndQuestAnswersAreTheJsonTheyWereBeforeRecords() throws IOException {
        matches("area-of-interest-fresh", get("/experiences/" + WOODS + "/area-of-interest"));
        action("collect_item", Map.of("instance_id", "bottle_joy"));
        action("use_item", Map.of("instance_id", "bottle_joy"));
        matches("area-of-interest-holding", get("/experiences/" + WOODS + "/area-of-interest"));
        matches("give-item-response", action("give_item", Map.of("instance_id", "bottle_joy", "target_npc_id", "louisa")));
        matches("area-of-interest-after-gift", get("/experiences/" + WOODS + "/area-of-interest"));
        matches("location", body(http().post().uri("/experiences/" + WOODS + "/location")
                .header("Authorization", "Bearer " + tokens.player("golden"))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("lat", 37.906512, "lng", -122.544217))));
    }

    private void matches(String name, String answer) throws IOException {
        JsonNode actual = normalised(json.readTree(answer));
        Path file = Path.of("src/test/resources/golden", name + ".json");
        if (CAPTURE) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(actual) + "\n");
            return;
        }
        try (InputStream in = getClass().getResourceAsStream("/golden/" + name + ".json")) {
            assertThat(in).as("golden file " + name).isNotNull();
            JsonNode expected = json.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            assertThat(actual).as(name).isEqualTo(expected);
        }
    }

    /** Blanks what differs between runs: the epoch (a fresh history each run) and wall-clock times. */
    private static JsonNode normalised(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (String name : java.util.List.copyOf(object.propertyNames())) {
                if (name.equals("epoch") || name.equals("timestamp") || name.endsWith("_at")
                        || name.equals("request_id")) {
                    object.put(name, "*");
                } else {
                    normalised(object.get(name));
                }
            }
        } else if (node != null && node.isArray()) {
            node.forEach(WireGoldenTest::normalised);
        }
        return node;
    }

    private String get(String path) {
        return body(http().get().uri(path).header("Authorization", "Bearer " + tokens.player("golden")));
    }

    private String action(String action, Map<String, Object> params) {
        return body(http().post().uri("/actions").header("Authorization", "Bearer " + tokens.player("golden"))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("experience", WOODS, "action", action, "params", params)));
    }

    private static String body(WebTestClient.RequestHeadersSpec<?> request) {
        return request.exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
    }
}
