package io.gaia.e2e.stack;

import io.gaia.testsupport.NatsTestServer;
import io.gaia.testsupport.ServiceProcess;
import io.gaia.testsupport.TestTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/**
 * The whole GAIA stack as it runs in production, on loopback: a real nats-server with JetStream,
 * and kb-service, chat-service and session-service as processes from their packaged jars, each with
 * its own temporary state. One stack serves every end-to-end test of a run ({@link GaiaStackExtension}).
 */
public final class GaiaStack implements AutoCloseable {

    public static final String WOODS = "wylding-woods";
    /**
     * The services' own exposure plus {@code mappings} and {@code configprops}, so tests can list every
     * route a service really has and every property it really binds.
     */
    private static final String EXPOSURE = "management.endpoints.web.exposure.include";
    private static final String EXPOSED = "health,info,prometheus,metrics,mappings,configprops";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final NatsTestServer nats;
    private final ServiceProcess kb;
    private final ServiceProcess chat;
    private final ServiceProcess session;

    private GaiaStack(NatsTestServer nats, ServiceProcess kb, ServiceProcess chat, ServiceProcess session) {
        this.nats = nats;
        this.kb = kb;
        this.chat = chat;
        this.session = session;
    }

    static GaiaStack start() throws Exception {
        NatsTestServer nats = new NatsTestServer();
        nats.beforeAll(null); // the extension's start, outside a test class: the stack outlives any one class
        Deque<ServiceProcess> started = new ArrayDeque<>();
        try {
            Path root = ServiceProcess.repositoryRoot();
            ServiceProcess kb = ServiceProcess.start("kb-service", Map.of(
                    EXPOSURE, EXPOSED,
                    "gaia.nats.url", nats.url(),
                    "gaia.kb.experiences-dir", root.resolve("experiences").toString(),
                    "gaia.kb.state-dir", Files.createTempDirectory("e2e-kb-state").toString()));
            started.push(kb);
            ServiceProcess chat = ServiceProcess.start("chat-service", Map.of(
                    EXPOSURE, EXPOSED,
                    "gaia.nats.url", nats.url(),
                    "gaia.chat.conversations.dir", Files.createTempDirectory("e2e-chat-conversations").toString()));
            started.push(chat);
            ServiceProcess session = ServiceProcess.start("session-service", Map.of(
                    EXPOSURE, EXPOSED,
                    "gaia.nats.url", nats.url(),
                    "gaia.session.chat-url", chat.url()));
            return new GaiaStack(nats, kb, chat, session);
        } catch (Exception | Error e) {
            while (!started.isEmpty()) {
                started.pop().stop();
            }
            nats.afterAll(null);
            throw e;
        }
    }

    public String natsUrl() {
        return nats.url();
    }

    public NatsTestServer nats() {
        return nats;
    }

    public ServiceProcess kb() {
        return kb;
    }

    public ServiceProcess chat() {
        return chat;
    }

    public ServiceProcess session() {
        return session;
    }

    /** {@code ws://.../ws/experience?experience=...&token=...} for {@code user}. */
    public String socketUrl(String user) {
        return session.url().replaceFirst("^http", "ws") + "/ws/experience?experience=" + WOODS + "&token="
                + TestTokens.development().player(user);
    }

    /**
     * Puts Wylding Woods back as authored (every bottle on its shelf, every player removed) with the
     * admin line {@code @reset experience CONFIRM}, so each test class starts from the same world.
     */
    public void resetWoods() throws IOException, InterruptedException {
        String body = "{\"experience\":\"" + WOODS + "\",\"action\":\"@reset experience CONFIRM\",\"params\":{}}";
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(kb.url() + "/actions"))
                .header("Authorization", "Bearer " + TestTokens.development().admin("e2e-admin"))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("reset failed: " + response.statusCode() + " " + response.body());
        }
    }

    @Override
    public void close() throws Exception {
        for (ServiceProcess service : new ServiceProcess[] {session, chat, kb}) {
            service.stop();
        }
        nats.afterAll(null);
    }
}
