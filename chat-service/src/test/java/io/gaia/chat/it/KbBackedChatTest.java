package io.gaia.chat.it;

import io.gaia.events.GaiaJson;
import io.gaia.testsupport.ServiceProcess;
import io.gaia.testsupport.TestTokens;
import io.gaia.testsupport.stack.GaiaStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * chat-service in this JVM on a random port, against the REAL kb-service started as a process and a
 * real nats-server (with monitoring). Each test class gets its own NATS, kb process, kb state and
 * conversation folder (a {@link GaiaStack} without session-service, whose
 * {@link GaiaStack#chatProperties()} this context binds); the offline narrator runs fast (a few ms between chunks).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "gaia.chat.narrator.chunk-delay=2ms",
        "gaia.chat.heartbeat=500ms"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
public abstract class KbBackedChatTest {

    @RegisterExtension
    protected static final MonitoredNats nats = new MonitoredNats();

    protected static final TestTokens tokens = TestTokens.development();
    protected static GaiaStack stack;
    protected static ServiceProcess kb;
    protected static Path conversationsDir;

    @LocalServerPort
    protected int port;

    @BeforeAll
    static void startKb() throws Exception {
        startKb(ServiceProcess.repositoryRoot().resolve("experiences"));
    }

    /**
     * Starts kb-service on {@code experiencesDir}, stopping the one already running. A subclass with its
     * own content calls this from a {@code @BeforeAll} of its own, which JUnit runs after this class's:
     * the default kb-service it replaces is stopped here, never left behind as an orphan process.
     */
    protected static void startKb(Path experiencesDir) throws Exception {
        startKb(experiencesDir, Map.of());
    }

    /** As above, with extra kb-service properties (e.g. its language model). */
    protected static void startKb(Path experiencesDir, Map<String, String> kbProperties) throws Exception {
        stopKb();
        stack = GaiaStack.builder().natsUrl(nats.url()).experiences(experiencesDir).kbProperties(kbProperties)
                .sessions(0).start();
        kb = stack.kb();
        conversationsDir = stack.conversationsDir();
    }

    @AfterAll
    static void stopKb() throws Exception {
        if (stack != null) {
            stack.close();
            stack = null;
            kb = null;
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        stack.chatProperties().forEach((key, value) -> registry.add(key, () -> value));
    }

    protected ChatClient chat() {
        return new ChatClient("http://127.0.0.1:" + port);
    }

    protected static String newPlayer() {
        return "player-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Runs a kb command directly (not through chat), e.g. an admin reset between tests. */
    protected static JsonNode kbAction(String token, String action, Map<String, Object> params) throws Exception {
        String body = GaiaJson.create().writeString(Map.of("experience", "wylding-woods", "action", action, "params", params));
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(kb.url() + "/actions"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return GaiaJson.create().readTree(response.body());
    }

    protected static void resetWorld() throws Exception {
        kbAction(tokens.admin("chat-test-admin"), "@reset experience CONFIRM", Map.of());
    }
}
