package io.gaia.session.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.gaia.events.socket.CloseCodes;
import io.gaia.session.support.TestSocket;
import io.gaia.testsupport.NatsTestServer;
import io.gaia.testsupport.ServiceProcess;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Jwks;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * An identity provider that signs with RS256 and publishes a JWKS: its token opens a socket, and
 * kb-service (configured with the same JWKS) accepts it when session-service forwards it with an action.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class JwksTokensOverSocketTest {

    @RegisterExtension
    static final NatsTestServer nats = new NatsTestServer();

    static final KeyPair PROVIDER = Jwts.SIG.RS256.keyPair().build();
    static HttpServer jwks;
    static ServiceProcess kb;

    @LocalServerPort
    int port;

    @BeforeAll
    static void start() throws Exception {
        jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] document = ("{\"keys\":[" + Jwks.json(Jwks.builder().key((PublicKey) PROVIDER.getPublic()).id("provider-1")
                .algorithm("RS256").build()) + "]}").getBytes(StandardCharsets.UTF_8);
        jwks.createContext("/jwks.json", exchange -> {
            exchange.sendResponseHeaders(200, document.length);
            exchange.getResponseBody().write(document);
            exchange.close();
        });
        jwks.start();
        kb = ServiceProcess.start("kb-service", Map.of(
                "gaia.nats.url", nats.url(),
                "gaia.jwt.jwks-url", jwksUrl(),
                "gaia.kb.experiences-dir", ServiceProcess.repositoryRoot().resolve("experiences").toString(),
                "gaia.kb.state-dir", Files.createTempDirectory("gaia-kb-state").toString()));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (kb != null) {
            kb.stop();
        }
        jwks.stop(0);
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("gaia.nats.url", nats::url);
        registry.add("gaia.session.kb-url", () -> kb.url());
        registry.add("gaia.jwt.jwks-url", JwksTokensOverSocketTest::jwksUrl);
    }

    static String jwksUrl() {
        return "http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks.json";
    }

    @Test
    void anRs256TokenFromTheJwksOpensASocketAndItsActionsReachKbService() throws Exception {
        try (TestSocket socket = openWhenKeyKnown(token(PROVIDER, "provider-1"))) {
            socket.send(Map.of("type", "action", "action", "collect_item", "instance_id", "bottle_joy", "request_id", "r1"));
            JsonNode response = socket.next("action_response");
            assertThat(response.path("success").asBoolean()).as(response.toString()).isTrue();
        }
    }

    @Test
    void anRs256TokenSignedByAKeyOutsideTheJwksIsClosedWithPolicyViolation() {
        KeyPair stranger = Jwts.SIG.RS256.keyPair().build();
        try (TestSocket socket = TestSocket.open(url(token(stranger, "provider-1")))) {
            assertThat(socket.awaitClose(Duration.ofSeconds(5))).isEqualTo(CloseCodes.POLICY_VIOLATION);
            assertThat(socket.closeReason()).startsWith("unauthorized");
        }
    }

    /** The services fetch the JWKS in the background right after start; a client retries as a real one would. */
    private TestSocket openWhenKeyKnown(String token) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            TestSocket socket = TestSocket.open(url(token));
            try {
                JsonNode connected = socket.next("connected");
                assertThat(connected.path("user_id").asString()).isEqualTo("rsa-player");
                return socket;
            } catch (AssertionError refused) {
                socket.close();
            }
            assertThat(System.nanoTime()).as("socket accepted within 20 s").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private String url(String token) {
        return "ws://127.0.0.1:" + port + "/ws/experience?experience=wylding-woods&token=" + token;
    }

    private static String token(KeyPair pair, String kid) {
        return Jwts.builder().header().keyId(kid).and().subject("rsa-player").audience().add("authenticated").and()
                .expiration(new Date(System.currentTimeMillis() + 600_000)).signWith(pair.getPrivate(), Jwts.SIG.RS256)
                .compact();
    }
}
