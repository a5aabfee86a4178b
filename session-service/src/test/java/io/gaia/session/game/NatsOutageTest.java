package io.gaia.session.game;

import static io.gaia.session.support.Player.adds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gaia.session.support.KbBackedTest;
import io.gaia.session.support.Player;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** NATS stopped and restarted mid-game: actions keep working, deltas resume, and no client misses one silently. */
class NatsOutageTest extends KbBackedTest {

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
    void actionsWorkWhileNatsIsDownAndTheOtherPlayerCatchesUpAfterwards() throws Exception {
        try (Player alice = join("alice-outage"); Player bob = join("bob-outage")) {
            assertThat(alice.act("go", "destination", "main_room").path("success").asBoolean()).isTrue();
            juggle(alice, "bottle_joy");
            bob.awaitUpdate(u -> adds(u, "bottle_joy"), "a live delta before the outage");

            nats.stop();
            juggle(alice, "bottle_mystery"); // state is the truth: the action works without NATS
            juggle(alice, "bottle_nature");
            long missed = alice.versions().get("world");
            alice.assertNoSilentGap(); // her own deltas came in the action replies
            nats.start();

            awaitWorldVersion(bob, missed);
            bob.assertNoSilentGap();

            juggle(alice, "bottle_energy"); // live delivery works again
            awaitWorldVersion(bob, alice.versions().get("world"));
            bob.assertNoSilentGap();
            alice.assertNoSilentGap();
        }
    }
}
