package io.gaia.session.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.socket.CloseCodes;
import io.gaia.testsupport.NatsTestServer;
import io.gaia.testsupport.TestJwks;
import io.gaia.testsupport.socket.TestSocket;
import io.gaia.testsupport.stack.GaiaStack;
import io.jsonwebtoken.Jwts;
import java.security.KeyPair;
import java.time.Duration;
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
    static TestJwks jwks;
    static GaiaStack stack;

    @LocalServerPort
    int port;

    @BeforeAll
    static void start() throws Exception {
        jwks = TestJwks.serve(TestJwks.document(TestJwks.key(PROVIDER, "provider-1", "RS256")));
        stack = GaiaStack.builder().nats(nats).sessions(0).kbProperties(Map.of("gaia.jwt.jwks-url", jwks.url())).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
        jwks.close();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        stack.sessionProperties().forEach((key, value) -> registry.add(key, () -> value));
        registry.add("gaia.jwt.jwks-url", () -> jwks.url());
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
        return TestJwks.token(pair.getPrivate(), kid, Jwts.SIG.RS256, "rsa-player");
    }
}
