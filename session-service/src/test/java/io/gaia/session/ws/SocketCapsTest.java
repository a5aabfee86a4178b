package io.gaia.session.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gaia.events.ErrorCodes;
import io.gaia.events.socket.CloseCodes;
import io.gaia.session.connection.ConnectionRegistry;
import io.gaia.session.support.KbBackedTest;
import io.gaia.session.support.Player;
import io.gaia.testsupport.TestTokens;
import io.gaia.testsupport.socket.TestSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** A user may hold a few sockets, the instance a bounded number in all; one more is refused with 4409. */
@TestPropertySource(properties = {"gaia.session.sockets.per-user=3", "gaia.session.sockets.per-instance=5"})
class SocketCapsTest extends KbBackedTest {

    @Autowired
    ConnectionRegistry registry;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable socket : open) {
            socket.close();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> registry.size() == 0);
    }

    private String url(String userId) {
        return sessionUrl().replaceFirst("^http", "ws") + "/ws/experience?experience=" + Player.WOODS + "&token="
                + TestTokens.development().player(userId);
    }

    private Player join(String userId, List<AutoCloseable> into) {
        Player player = join(userId);
        into.add(player);
        return player;
    }

    private static void assertRefused(TestSocket socket, String naming) {
        JsonNode error = socket.next("error");
        assertThat(error.path("code").asString()).isEqualTo(ErrorCodes.TOO_MANY_SOCKETS);
        assertThat(error.path("message").asString()).contains(naming);
        assertThat(socket.awaitClose(Duration.ofSeconds(5))).isEqualTo(CloseCodes.TOO_MANY_SOCKETS);
        assertThat(socket.closeReason()).contains(naming);
    }

    @Test
    void aUsersSocketBeyondTheCapIsRefusedAndTheEarlierOnesKeepWorking() {
        for (int i = 0; i < 3; i++) {
            join("octopus", open);
        }
        try (TestSocket fourth = TestSocket.open(url("octopus"))) {
            assertRefused(fourth, "3 sockets");
        }
        assertThat(registry.ofUser("octopus")).hasSize(3);
        Player first = (Player) open.get(0);
        assertThat(first.act("inventory").path("success").asBoolean()).isTrue();

        // another user is not affected, and a freed slot can be used again
        join("squid", open);
        first.close();
        open.remove(first);
        await().atMost(Duration.ofSeconds(5)).until(() -> registry.ofUser("octopus").size() == 2);
        join("octopus", open);
    }

    @Test
    void aBurstOfConnectsForOneUserNeverOvershootsTheCap() throws Exception {
        var pool = Executors.newFixedThreadPool(10);
        try {
            List<CompletableFuture<TestSocket>> sockets = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                sockets.add(CompletableFuture.supplyAsync(() -> TestSocket.open(url("swarm")), pool));
            }
            int accepted = 0;
            int refused = 0;
            for (CompletableFuture<TestSocket> future : sockets) {
                TestSocket socket = future.join();
                open.add(socket);
                JsonNode first = socket.next(f -> true, Duration.ofSeconds(10), "a first frame");
                if ("connected".equals(first.path("type").asString())) {
                    accepted++;
                } else {
                    assertThat(first.path("code").asString()).isEqualTo(ErrorCodes.TOO_MANY_SOCKETS);
                    assertThat(socket.awaitClose(Duration.ofSeconds(5))).isEqualTo(CloseCodes.TOO_MANY_SOCKETS);
                    refused++;
                }
            }
            assertThat(accepted).isEqualTo(3);
            assertThat(refused).isEqualTo(7);
            assertThat(registry.ofUser("swarm")).hasSize(3);
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void theInstanceCapRefusesAnyoneOnceFull() {
        for (String user : List.of("a1", "a2", "a3", "a4", "a5")) {
            join(user, open);
        }
        try (TestSocket sixth = TestSocket.open(url("a6"))) {
            assertRefused(sixth, "retry later");
        }
        assertThat(registry.size()).isEqualTo(5);
    }
}
