package io.gaia.session.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.socket.CloseCodes;
import io.gaia.testsupport.NatsTestServer;
import io.gaia.testsupport.TestTokens;
import io.gaia.testsupport.socket.TestSocket;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Tokens must expire, and within gaia.jwt.max-lifetime: otherwise the socket closes with 1008 before anything else. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "gaia.jwt.max-lifetime=2h")
class TokenRulesOverSocketTest {

    @RegisterExtension
    static final NatsTestServer nats = new NatsTestServer();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("gaia.nats.url", nats::url);
        registry.add("gaia.session.kb-retry-window", () -> "1s");
    }

    @Test
    void aTokenWithoutExpIsClosedWithPolicyViolation() {
        String forever = Jwts.builder().subject("eternal").claim("user_id", "eternal").audience().add("authenticated").and()
                .issuedAt(new Date())
                .signWith(Keys.hmacShaKeyFor(TestTokens.DEVELOPMENT_SECRET.getBytes(StandardCharsets.UTF_8)), Jwts.SIG.HS256)
                .compact();
        assertClosedUnauthorized(forever);
    }

    @Test
    void aTokenLivingLongerThanTheConfiguredMaximumIsClosedWithPolicyViolation() {
        assertClosedUnauthorized(TestTokens.development().token("patient", Duration.ofHours(3), b -> b));
    }

    private void assertClosedUnauthorized(String token) {
        try (TestSocket socket = TestSocket.open("ws://127.0.0.1:" + port + "/ws/experience?experience=wylding-woods&token=" + token)) {
            assertThat(socket.awaitClose(Duration.ofSeconds(5))).isEqualTo(CloseCodes.POLICY_VIOLATION);
            assertThat(socket.closeReason()).startsWith("unauthorized");
        }
    }
}
