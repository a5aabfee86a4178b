package io.gaia.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * What every GAIA service must do from the first day: boot on a real port, connect to a real NATS,
 * and say so in {@code /actuator/health}, and serve Prometheus metrics. A service's smoke test is
 * this class annotated with {@code @SpringBootTest(webEnvironment = RANDOM_PORT)}.
 */
public abstract class ServiceSmokeTest {

    @RegisterExtension
    protected static final NatsTestServer nats = new NatsTestServer();

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void natsUrl(DynamicPropertyRegistry registry) {
        registry.add("gaia.nats.url", nats::url);
    }

    protected WebTestClient http() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
    }

    /** {@code Authorization} for the private actuator endpoints. */
    protected static String admin() {
        return "Bearer " + TestTokens.development().admin("ops");
    }

    @Test
    void healthIsUpWithNatsConnected() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> http().get().uri("/actuator/health/details")
                .header("Authorization", admin()).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.nats.details.connected").isEqualTo(true));
    }

    @Test
    void publicHealthShowsTheStatusOnly() {
        String body = http().get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components").doesNotExist()
                .jsonPath("$.details").doesNotExist()
                .returnResult().getResponseBodyContent() == null ? "" : "checked";
        assertThat(body).isEqualTo("checked");
        String raw = http().get().uri("/actuator/health").exchange().expectBody(String.class).returnResult().getResponseBody();
        assertThat(raw).doesNotContain("/", "nats", "experiences", "sessions");
    }

    @Test
    void healthDetailsAndMetricsNeedAnAdminToken() {
        for (String path : new String[] {"/actuator/health/details", "/actuator/prometheus", "/actuator/metrics",
                "/actuator/health/nats", "/actuator"}) {
            http().get().uri(path).exchange().expectStatus().isUnauthorized()
                    .expectBody().jsonPath("$.code").isEqualTo("unauthorized");
            http().get().uri(path).header("Authorization", "Bearer " + TestTokens.development().player("mallory"))
                    .exchange().expectStatus().isForbidden()
                    .expectBody().jsonPath("$.code").isEqualTo("forbidden");
        }
    }

    @Test
    void encodedParameterAndDoubleSlashSpellingsOfActuatorPathsNeedAnAdminTokenToo() {
        for (String path : new String[] {"/%61ctuator/metrics", "/actuator;x/metrics", "//actuator/metrics",
                "/actuator/%6detrics", "/%61ctuator/health/details", "/actuator/health;x/details", "/ACTUATOR/metrics",
                "/actuator/health;x"}) {
            http().get().uri(java.net.URI.create("http://127.0.0.1:" + port + path)).exchange()
                    .expectStatus().isUnauthorized()
                    .expectBody().jsonPath("$.code").isEqualTo("unauthorized");
        }
    }

    @Test
    void prometheusMetricsAreServed() {
        String body = http().get().uri("/actuator/prometheus").header("Authorization", admin()).exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(body).contains("jvm_memory_used_bytes");
    }
}
