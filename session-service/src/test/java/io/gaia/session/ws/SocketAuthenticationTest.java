package io.gaia.session.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.socket.CloseCodes;
import io.gaia.session.metrics.SessionMetrics;
import io.gaia.testsupport.NatsTestServer;
import io.gaia.testsupport.TestTokens;
import io.gaia.testsupport.socket.TestSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** Who may open a socket, and what a client sees when it may not — no kb-service needed (it is down on purpose). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SocketAuthenticationTest {

    @RegisterExtension
    static final NatsTestServer nats = new NatsTestServer();

    private static final TestTokens tokens = TestTokens.development();

    @LocalServerPort
    int port;

    @Autowired
    SessionMetrics metrics;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("gaia.nats.url", nats::url); // no kb-service serves on this NATS
        registry.add("gaia.session.kb-retry-window", () -> "1s");
    }

    private String url(String query) {
        return "ws://127.0.0.1:" + port + "/ws/experience?" + query;
    }

    @Test
    void aSocketWithoutTokenIsClosedWithPolicyViolation() {
        double before = metrics.count("gaia.session.auth.failures");
        try (TestSocket socket = TestSocket.open(url("experience=wylding-woods"))) {
            assertThat(socket.awaitClose(Duration.ofSeconds(5))).isEqualTo(CloseCodes.POLICY_VIOLATION);
            assertThat(socket.closeReason()).startsWith("unauthorized");
        }
        assertThat(metrics.count("gaia.session.auth.failures")).isGreaterThan(before);
    }

    @Test
    void aForgedTokenIsClosedWithPolicyViolation() {
        String forged = new TestTokens("some-other-secret-that-is-long-enough-for-hs256!!").player("mallory");
        try (TestSocket socket = TestSocket.open(url("experience=wylding-woods&token=" + forged))) {
            assertThat(socket.awaitClose(Duration.ofSeconds(5))).isEqualTo(CloseCodes.POLICY_VIOLATION);
            assertThat(socket.closeReason()).startsWith("unauthorized");
        }
    }

    @Test
    void aTokenWithALongNonAsciiAlgorithmIsStillClosedWithPolicyViolation() {
        java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        String header = "{\"alg\":\"" + "Жё€".repeat(40) + "\",\"typ\":\"JWT\"}";
        String payload = "{\"sub\":\"mallory\",\"aud\":\"authenticated\",\"exp\":" + (System.currentTimeMillis() / 1000 + 600) + "}";
        String token = b64.encodeToString(header.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + ".c2lnbmF0dXJl";
        try (TestSocket socket = TestSocket.open(url("experience=wylding-woods&token=" + token))) {
            assertThat(socket.awaitClose(Duration.ofSeconds(5))).isEqualTo(CloseCodes.POLICY_VIOLATION);
            assertThat(socket.closeReason().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                    .isLessThanOrEqualTo(123);
        }
    }

    @Test
    void anExpiredTokenIsClosedWithPolicyViolationNamingTheExpiry() {
        String expired = tokens.token("jason", Duration.ofMinutes(-5), b -> b);
        try (TestSocket socket = TestSocket.open(url("experience=wylding-woods&token=" + expired))) {
            assertThat(socket.awaitClose(Duration.ofSeconds(5))).isEqualTo(CloseCodes.POLICY_VIOLATION);
            assertThat(socket.closeReason()).startsWith("token_expired");
        }
    }

    @Test
    void aMissingExperienceIsAnErrorThenAClose() {
        try (TestSocket socket = TestSocket.open(url("token=" + tokens.player("jason")))) {
            JsonNode error = socket.next("error");
            assertThat(error.path("code").asString()).isEqualTo("unknown_experience");
            assertThat(socket.awaitClose(Duration.ofSeconds(5))).isEqualTo(CloseCodes.UNKNOWN_EXPERIENCE);
        }
    }

    @Test
    void aBearerHeaderIsAcceptedAndAnUnreachableKbServiceIsAServerError() {
        Map<String, String> headers = Map.of("Authorization", "Bearer " + tokens.player("jason"));
        try (TestSocket socket = TestSocket.open(url("experience=wylding-woods"), headers)) {
            JsonNode error = socket.next("error");
            assertThat(error.path("code").asString()).isEqualTo("upstream_unavailable");
            assertThat(socket.awaitClose(Duration.ofSeconds(10))).isEqualTo(CloseCodes.SERVER_ERROR);
        }
    }
}
