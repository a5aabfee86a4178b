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
import io.gaia.testsupport.stack.OwnStack;
import io.gaia.testsupport.stack.SharedStack;
import java.nio.file.Files;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * chat-service in this JVM on a random port, against the REAL kb-service started as a process and a
 * real nats-server: the test JVM's {@link SharedStack}, every experience put back as authored, or, for a
 * class marked {@link OwnStack}, a stack of its own on a nats-server with monitoring ({@link #nats}),
 * on the content it gives {@link #startKb(Path)} (default: the repository's). Each class gets its own
 * conversation folder. The offline narrator runs fast (a few ms between chunks).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "gaia.chat.narrator.chunk-delay=2ms",
        "gaia.chat.heartbeat=500ms"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
public abstract class KbBackedChatTest {

    @RegisterExtension
    static final Stacks stacks = new Stacks();

    /** An {@link OwnStack} class's nats-server, which it may stop and start; null on the shared stack. */
    protected static MonitoredNats nats;
    protected static final TestTokens tokens = TestTokens.development();
    protected static GaiaStack stack;
    protected static ServiceProcess kb;
    protected static Path conversationsDir;

    @LocalServerPort
    protected int port;

    /** Before the class's own {@code @BeforeAll} methods: the shared stack, or an own class's nats-server. */
    static final class Stacks implements BeforeAllCallback, AfterAllCallback {
        private boolean owned;

        @Override
        public void beforeAll(ExtensionContext context) throws Exception {
            owned = context.getRequiredTestClass().isAnnotationPresent(OwnStack.class);
            conversationsDir = Files.createTempDirectory("chat-conversations");
            if (owned) {
                nats = new MonitoredNats();
                nats.start();
            } else {
                stack = SharedStack.fresh();
                kb = stack.kb();
            }
        }

        @Override
        public void afterAll(ExtensionContext context) throws Exception {
            try {
                if (owned) {
                    stopKb();
                    nats.stop();
                } else if (stack != null) {
                    SharedStack.release(stack);
                }
            } finally {
                stack = null;
                kb = null;
                nats = null;
            }
        }
    }

    /**
     * An {@link OwnStack} class's kb-service on {@code experiencesDir}, from a {@code @BeforeAll} of its
     * own (stopping the one it started before, if any). Without one, the repository's content is served.
     */
    protected static void startKb(Path experiencesDir) throws Exception {
        startKb(experiencesDir, Map.of());
    }

    /** As above, with extra kb-service properties (e.g. its language model). */
    protected static void startKb(Path experiencesDir, Map<String, String> kbProperties) throws Exception {
        if (nats == null) {
            throw new IllegalStateException("only an @OwnStack class starts its own kb-service");
        }
        stopKb();
        stack = GaiaStack.builder().natsUrl(nats.url()).experiences(experiencesDir).kbProperties(kbProperties)
                .sessions(0).start();
        kb = stack.kb();
    }

    private static void stopKb() throws Exception {
        if (stack != null) {
            stack.close();
            stack = null;
            kb = null;
        }
    }

    /** Read when the context starts, after every {@code @BeforeAll}. */
    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        if (stack == null) {
            startKb(ServiceProcess.repositoryRoot().resolve("experiences"));
        }
        stack.chatProperties().forEach((key, value) -> {
            if (!key.equals("gaia.chat.conversations.dir")) {
                registry.add(key, () -> value);
            }
        });
        registry.add("gaia.chat.conversations.dir", conversationsDir::toString); // the class's own
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
