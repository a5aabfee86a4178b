package io.gaia.session.game;

import static io.gaia.session.support.Player.adds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gaia.events.ErrorCodes;
import io.gaia.support.nats.NatsConnection;
import org.springframework.beans.factory.annotation.Autowired;
import io.gaia.session.support.KbBackedTest;
import io.gaia.testsupport.stack.OwnStack;
import io.gaia.session.support.Player;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * NATS stopped and restarted mid-game. kb-service is reached over NATS, so an action waits for NATS
 * within the kb retry window (10 s here: a restart of nats-server and both services reconnecting took more than 5 s on a loaded machine) and otherwise fails as {@code upstream_unavailable} without
 * running; deltas resume afterwards, and no client misses one silently.
 */
@OwnStack
@TestPropertySource(properties = "gaia.session.kb-retry-window=10s")
class NatsOutageTest extends KbBackedTest {

    @Autowired
    NatsConnection sessionNats;

    private static void juggle(Player player, String bottle) {
        assertThat(player.act("collect_item", "instance_id", bottle).path("success").asBoolean()).isTrue();
        assertThat(player.act("drop_item", "instance_id", bottle).path("success").asBoolean()).isTrue();
    }

    private static void awaitWorldVersion(Player player, long version) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            player.catchUp();
            Long world = player.versions().get("world");
            return world != null && world >= version;
        });
    }

    @Test
    void anActionSentWhileNatsIsDownRunsOnceNatsIsBackAndTheOtherPlayerCatchesUp() throws Exception {
        try (Player alice = join("alice-outage"); Player bob = join("bob-outage")) {
            assertThat(alice.act("go", "destination", "main_room").path("success").asBoolean()).isTrue();
            juggle(alice, "bottle_joy");
            bob.awaitUpdate(u -> adds(u, "bottle_joy"), "a live delta before the outage");

            nats.stop();
            CompletableFuture<JsonNode> collect = CompletableFuture.supplyAsync(
                    () -> alice.act("collect_item", "instance_id", "bottle_mystery"));
            Thread.sleep(1000);
            assertThat(collect).isNotDone(); // waiting for a kb-service to answer, not failed
            nats.start();
            assertThat(collect.get(15, TimeUnit.SECONDS).path("success").asBoolean()).isTrue();
            assertThat(alice.act("drop_item", "instance_id", "bottle_mystery").path("success").asBoolean()).isTrue();

            awaitWorldVersion(bob, alice.versions().get("world"));
            bob.assertNoSilentGap();
            alice.assertNoSilentGap();

            juggle(alice, "bottle_energy"); // live delivery works again
            awaitWorldVersion(bob, alice.versions().get("world"));
            bob.assertNoSilentGap();
            alice.assertNoSilentGap();
        }
    }

    @Test
    void anActionWhileNatsStaysDownFailsAsUpstreamUnavailableAndChangesNothing() throws Exception {
        try (Player carol = join("carol-outage")) {
            assertThat(carol.act("go", "destination", "main_room").path("success").asBoolean()).isTrue();
            long before = carol.versions().get("world");
            nats.stop();
            // NATS stays down, and session-service knows it. An action sent in the instant before it notices
            // is published into jnats' buffer, which a reconnect may still deliver: that one ends as
            // `timeout` (outcome unknown), as KbClientRetriesTest pins down, not as a refusal.
            await().atMost(Duration.ofSeconds(10)).until(() -> sessionNats.connected().isEmpty());
            JsonNode refused;
            try {
                refused = carol.act("collect_item", "instance_id", "bottle_nature");
            } finally {
                nats.start();
            }
            assertThat(refused.path("success").asBoolean()).isFalse();
            assertThat(refused.path("code").asString()).isEqualTo(ErrorCodes.UPSTREAM_UNAVAILABLE);
            // it never reached kb-service: the bottle is still there to collect
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(
                    carol.act("collect_item", "instance_id", "bottle_nature").path("success").asBoolean()).isTrue());
            assertThat(carol.versions().get("world")).isGreaterThan(before);
            carol.assertNoSilentGap();
        }
    }
}
