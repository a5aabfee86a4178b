package io.gaia.kb.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.Subjects;
import io.gaia.events.WorldUpdateEvent;
import io.gaia.testsupport.TestTokens;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import io.nats.client.Connection;
import io.nats.client.Subscription;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import io.gaia.kb.support.KbServiceTest;

/** kb-service's edge: the request-id rule on POST /actions bodies, tokens that must expire, and empty bodies. */
class RequestIdAndTokenRulesTest extends KbServiceTest {

    @Test
    void aRequestIdOutsideTheRuleIsRefusedAndNeverReachesAWorldUpdate() throws Exception {
        try (Connection listener = nats.connect()) {
            Subscription updates = listener.subscribe(Subjects.ALL_WORLD_UPDATES);
            listener.flush(Duration.ofSeconds(2));
            for (String bad : new String[] {"x".repeat(60_000), "a\r\n2026-01-01 INFO forged", "with space"}) {
                post(tokens.player("ridley"), Map.of("experience", "wylding-woods", "action", "go",
                        "params", Map.of("destination", "main_room"), "request_id", bad))
                        .expectStatus().isBadRequest()
                        .expectBody().jsonPath("$.code").isEqualTo("invalid_field");
            }
            assertThat(updates.nextMessage(Duration.ofMillis(300))).as("no delta from a refused action").isNull();

            post(tokens.player("ridley"), Map.of("experience", "wylding-woods", "action", "go",
                    "params", Map.of("destination", "main_room"), "request_id", "ok:1.a_b-c"))
                    .expectStatus().isOk();
            WorldUpdateEvent update = json.read(updates.nextMessage(Duration.ofSeconds(5)).getData(), WorldUpdateEvent.class);
            assertThat(update.metadata().requestId()).isEqualTo("ok:1.a_b-c");
        }
    }

    @Test
    void aTokenWithoutExpIsUnauthorized() {
        String forever = Jwts.builder().subject("eternal").audience().add("authenticated").and().issuedAt(new java.util.Date())
                .signWith(Keys.hmacShaKeyFor(TestTokens.DEVELOPMENT_SECRET.getBytes(StandardCharsets.UTF_8)), Jwts.SIG.HS256)
                .compact();
        post(forever, Map.of("experience", "wylding-woods", "action", "inventory"))
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.code").isEqualTo("unauthorized");
    }

    @Test
    void anEmptyBodyIsInvalidJson() {
        http().post().uri("/actions").header("Authorization", "Bearer " + tokens.player("ridley"))
                .contentType(MediaType.APPLICATION_JSON).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("invalid_json");
    }

    private WebTestClient.ResponseSpec post(String token, Map<String, Object> body) {
        return http().post().uri("/actions").header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(json.writeString(body)).exchange();
    }
}
