package io.gaia.e2e.tracing;

import static io.gaia.testsupport.socket.TestSocket.answerTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.e2e.stack.GaiaStackExtension;
import io.gaia.e2e.traffic.NatsTap;
import io.gaia.testsupport.ServiceProcess;
import io.gaia.testsupport.TestTokens;
import io.gaia.testsupport.socket.TestSocket;
import io.gaia.testsupport.stack.GaiaStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One action followed across the three services by its request id: from the socket frame through
 * session-service and kb-service (X-Request-Id) into the world_update's {@code metadata.request_id}
 * (on the socket and on NATS) and back in the answer, and in a log line of every service it touched.
 */
@ExtendWith(GaiaStackExtension.class)
class RequestIdRoundTripIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @BeforeAll
    static void freshWoods(GaiaStack stack) throws Exception {
        stack.reset(GaiaStackExtension.WOODS);
    }

    @Test
    void aClientsRequestIdComesBackInTheWorldUpdatesAndTheResponseAndIsLoggedByEachService(GaiaStack stack) throws Exception {
        String id = "trace-" + UUID.randomUUID().toString().substring(0, 8);
        try (NatsTap nats = NatsTap.listen(stack.natsUrl());
             TestSocket socket = TestSocket.connect(stack.socketUrl(GaiaStackExtension.WOODS, "tracer-1"))
                     .patience(Duration.ofSeconds(20)).open()) {
            socket.await("area_of_interest");
            socket.send("{\"type\":\"action\",\"action\":\"collect_item\",\"instance_id\":\"bottle_energy\",\"request_id\":\"" + id + "\"}");

            JsonNode response = socket.await(answerTo("action_response", id), "action_response");
            assertThat(response.path("success").asBoolean()).isTrue();
            List<JsonNode> updates = worldUpdatesOf(socket, id);
            assertThat(updates).extracting(u -> u.path("scope").asString()).contains("world", "player");
            Awaitility.await("the deltas on NATS").atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(nats.messages()).filteredOn(m -> id.equals(JSON.readTree(m.json()).at("/metadata/request_id").asString()))
                            .extracting(NatsTap.Message::subject)
                            .contains("world.updates.zone.wylding-woods.woander_store", "world.updates.user.tracer-1"));
        }
        awaitLogged(stack.session(), id, "action collect_item");
        awaitLogged(stack.kb(), id, "action collect_item");
    }

    @Test
    void anActionWithoutARequestIdGetsOneThatTravelsTheSameWay(GaiaStack stack) throws Exception {
        try (TestSocket socket = TestSocket.connect(stack.socketUrl(GaiaStackExtension.WOODS, "tracer-2"))
                     .patience(Duration.ofSeconds(20)).open()) {
            socket.await("area_of_interest");
            socket.send("{\"type\":\"action\",\"action\":\"collect_item\",\"instance_id\":\"bottle_mystery\"}");

            JsonNode response = socket.await("action_response");
            String generated = response.path("request_id").asString();
            assertThat(generated).isNotBlank();
            assertThat(worldUpdatesOf(socket, generated)).isNotEmpty();
            awaitLogged(stack.kb(), generated, "action collect_item");
        }
    }

    @Test
    void aChatTurnCarriesItsRequestIdThroughChatServiceAndKbService(GaiaStack stack) throws Exception {
        String id = "trace-chat-" + UUID.randomUUID().toString().substring(0, 8);
        try (TestSocket socket = TestSocket.connect(stack.socketUrl(GaiaStackExtension.WOODS, "tracer-3"))
                     .patience(Duration.ofSeconds(20)).open()) {
            socket.await("area_of_interest");
            socket.send("{\"type\":\"chat\",\"text\":\"Louisa, hello\",\"request_id\":\"" + id + "\"}");

            socket.await(answerTo("chat_complete", id), "chat_complete");
            assertThat(socket.received()).filteredOn(f -> f.path("type").asString().startsWith("chat_"))
                    .allSatisfy(f -> assertThat(f.path("request_id").asString()).isEqualTo(id));
            // the talk command the turn ran changed the player's stats: that delta names the same request
            assertThat(worldUpdatesOf(socket, id)).isNotEmpty();
        }
        awaitLogged(stack.session(), id, "chat turn");
        awaitLogged(stack.chat(), id, "chat turn");
        awaitLogged(stack.kb(), id, "action talk");
    }

    @Test
    void kbServiceTakesTheRequestIdFromTheHeaderAndEchoesIt(GaiaStack stack) throws Exception {
        String id = "trace-http-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> response = postAction(stack.kb().url(), TestTokens.development().player("tracer-4"), id,
                "{\"experience\":\"wylding-woods\",\"action\":\"go\",\"params\":{\"destination\":\"reading_nook\"}}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Request-Id")).contains(id);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("events")).isNotEmpty()
                .allSatisfy(event -> assertThat(event.at("/metadata/request_id").asString()).isEqualTo(id));
    }

    @Test
    void inTheProdProfileEveryLogLineIsJsonAndCarriesTheRequestIdAsAField(GaiaStack stack) throws Exception {
        String secret = "a-real-secret-for-the-prod-profile-test-0123456789";
        String id = "trace-prod-" + UUID.randomUUID().toString().substring(0, 8);
        try (ServiceProcess prod = ServiceProcess.start("kb-service", Map.of(
                "spring.profiles.active", "prod",
                "gaia.jwt.secret", secret,
                "gaia.nats.url", stack.natsUrl(),
                "gaia.kb.experiences-dir", ServiceProcess.repositoryRoot().resolve("experiences").toString(),
                "gaia.kb.state-dir", Files.createTempDirectory("e2e-kb-prod").toString()))) {
            HttpResponse<String> response = postAction(prod.url(), new TestTokens(secret).player("tracer-5"), id,
                    "{\"experience\":\"wylding-woods\",\"action\":\"inventory\",\"params\":{}}");
            assertThat(response.statusCode()).isEqualTo(200);

            Awaitility.await("a JSON log line with the request id").atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                List<JsonNode> lines = jsonLines(prod.logFile());
                assertThat(lines).filteredOn(line -> id.equals(line.path("request_id").asString()))
                        .anySatisfy(line -> {
                            assertThat(line.path("message").asString()).startsWith("action inventory by tracer-5");
                            assertThat(line.at("/service/name").asString()).isEqualTo("kb-service");
                            assertThat(line.at("/log/level").asString()).isEqualTo("INFO");
                        });
            });
        }
    }

    private static List<JsonNode> worldUpdatesOf(TestSocket socket, String requestId) {
        return socket.received().stream()
                .filter(f -> "world_update".equals(f.path("type").asString()))
                .filter(f -> requestId.equals(f.at("/metadata/request_id").asString()))
                .toList();
    }

    private static HttpResponse<String> postAction(String kbAddress, String token, String requestId, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(kbAddress + "/actions"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("X-Request-Id", requestId)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The log from its first JSON line on (before it, the JVM may print); every line from there must be JSON. */
    private static List<JsonNode> jsonLines(Path log) throws Exception {
        List<String> lines = Files.readAllLines(log).stream().dropWhile(line -> !line.startsWith("{"))
                .filter(line -> !line.isBlank()).toList();
        assertThat(lines).isNotEmpty().allSatisfy(line -> assertThat(line).startsWith("{").endsWith("}"));
        return lines.stream().map(JSON::readTree).toList();
    }

    private static void awaitLogged(ServiceProcess service, String requestId, String text) {
        Awaitility.await(service.logFile() + " logging " + requestId).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(Files.readAllLines(service.logFile()))
                        .anyMatch(line -> line.contains("[" + requestId + "]") && line.contains(text)));
    }
}
