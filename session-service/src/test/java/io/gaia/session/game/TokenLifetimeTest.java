package io.gaia.session.game;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.socket.CloseCodes;
import io.gaia.session.support.KbBackedTest;
import io.gaia.session.support.Player;
import io.gaia.testsupport.TestTokens;
import io.gaia.testsupport.socket.TestSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A token that runs out while connected closes the socket (4401) unless the client refreshes it in time. */
class TokenLifetimeTest extends KbBackedTest {

    private static final TestTokens tokens = TestTokens.development();

    private TestSocket connect(String token) {
        TestSocket socket = TestSocket.open("ws://127.0.0.1:" + port + "/ws/experience?experience=" + Player.WOODS
                + "&token=" + token);
        socket.next("area_of_interest");
        return socket;
    }

    @Test
    void aTokenThatExpiresClosesTheSocketWithTheDocumentedCode() {
        try (TestSocket socket = connect(tokens.token("shortlived", Duration.ofSeconds(5), b -> b))) {
            // on a loaded machine the warning can come before area_of_interest, which connect() waited for
            if (socket.received().stream().noneMatch(frame -> "token_expiring".equals(frame.path("type").asString()))) {
                socket.next("token_expiring");
            }
            assertThat(socket.next("error").path("code").asString()).isEqualTo("token_expired");
            assertThat(socket.awaitClose(Duration.ofSeconds(12))).isEqualTo(CloseCodes.TOKEN_EXPIRED);
        }
    }

    @Test
    void aRefreshedTokenKeepsTheSocketOpenPastTheOldExpiry() throws InterruptedException {
        try (TestSocket socket = connect(tokens.token("refresher", Duration.ofSeconds(5), b -> b))) {
            socket.send(Map.of("type", "refresh_token", "token", tokens.player("refresher")));
            JsonNode refreshed = socket.next("token_refreshed");
            assertThat(refreshed.path("expires_at").asLong()).isGreaterThan(System.currentTimeMillis() + 600_000);
            Thread.sleep(6500);
            socket.send(Map.of("type", "ping", "timestamp", 7));
            assertThat(socket.next("pong").path("timestamp").asLong()).isEqualTo(7);
            assertThat(socket.isClosed()).isFalse();
        }
    }

    @Test
    void aRefreshForAnotherUserIsRefused() {
        try (TestSocket socket = connect(tokens.player("honest"))) {
            socket.send(Map.of("type", "refresh_token", "token", tokens.player("impostor")));
            assertThat(socket.next("error").path("code").asString()).isEqualTo("forbidden");
            socket.send(Map.of("type", "refresh_token", "token", "garbage"));
            assertThat(socket.next("error").path("code").asString()).isEqualTo("unauthorized");
        }
    }
}
