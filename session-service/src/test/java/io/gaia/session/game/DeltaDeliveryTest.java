package io.gaia.session.game;

import static io.gaia.session.support.Player.adds;
import static io.gaia.session.support.Player.removes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gaia.events.Subjects;
import io.gaia.session.delta.DeltaSubscriptions;
import io.gaia.session.support.KbBackedTest;
import io.gaia.session.support.Player;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Who receives which delta, in what order, and what a reconnecting client gets back. */
class DeltaDeliveryTest extends KbBackedTest {

    @Autowired
    DeltaSubscriptions subscriptions;

    private static void enterShop(Player player) {
        assertThat(player.act("go", "destination", "main_room").path("success").asBoolean()).isTrue();
    }

    /** Collects and drops a bottle: two shared-world deltas and two of the player's own. */
    private static void juggle(Player player, String bottle) {
        assertThat(player.act("collect_item", "instance_id", bottle).path("success").asBoolean()).isTrue();
        assertThat(player.act("drop_item", "instance_id", bottle).path("success").asBoolean()).isTrue();
    }

    @Test
    void anActionsOwnDeltaArrivesBeforeItsResponse() {
        try (Player player = join("orderly")) {
            enterShop(player);
            player.act("collect_item", "instance_id", "bottle_joy");
            List<JsonNode> frames = player.socket().received();
            int update = indexOf(frames, f -> "world_update".equals(Player.type(f)) && removes(f, "bottle_joy"));
            int response = indexOf(frames, f -> "action_response".equals(Player.type(f))
                    && "collect_item".equals(f.path("action").asString()));
            assertThat(update).isNotNegative().isLessThan(response);
            player.act("drop_item", "instance_id", "bottle_joy");
            player.assertNoSilentGap();
        }
    }

    @Test
    void bothDevicesOfOnePlayerGetTheirPrivateDeltasAndNobodyElseDoes() {
        String user = Subjects.userUpdates("twin");
        try (Player phone = join("twin"); Player ipad = join("twin"); Player stranger = join("stranger")) {
            assertThat(subscriptions.count(user)).as("one subject, held by two sockets").isEqualTo(2);
            enterShop(phone);
            juggle(phone, "bottle_nature");
            ipad.awaitUpdate(u -> "player".equals(u.path("scope").asString()) && adds(u, "bottle_nature"),
                    "the phone's inventory change on the ipad");
            ipad.awaitUpdate(u -> "world".equals(u.path("scope").asString()) && adds(u, "bottle_nature"),
                    "the bottle back on the shelf on the ipad");
            stranger.awaitUpdate(u -> adds(u, "bottle_nature"), "the shared change for the stranger");
            stranger.catchUp();
            assertThat(stranger.worldUpdates()).noneMatch(u -> "player".equals(u.path("scope").asString())
                    && "twin".equals(u.path("user_id").asString()));
            phone.assertNoSilentGap();
            ipad.assertNoSilentGap();
            stranger.assertNoSilentGap();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> subscriptions.count(user) == 0);
    }

    @Test
    void aResumingClientGetsExactlyWhatItMissedInOrder() {
        try (Player actor = join("actor")) {
            enterShop(actor);
            Player watcher = join("watcher");
            juggle(actor, "bottle_energy");
            watcher.awaitUpdate(u -> adds(u, "bottle_energy"), "the bottle back for the watcher");
            Map<String, Long> held = watcher.versions();
            watcher.socket().abort(); // drops off Wi-Fi

            juggle(actor, "bottle_energy");
            juggle(actor, "bottle_joy");
            long worldNow = actor.versions().get("world");

            try (Player back = Player.resume(sessionUrl(), "watcher", held, watcher.connected.path("epoch").asString())) {
                JsonNode resumed = back.await("resumed");
                assertThat(resumed.path("resync").asBoolean()).isFalse();
                List<Long> replayed = back.worldUpdates().stream()
                        .filter(u -> "world".equals(u.path("scope").asString()))
                        .map(u -> u.path("snapshot_version").asLong()).toList();
                assertThat(replayed).hasSize((int) (worldNow - held.get("world")));
                assertThat(replayed).isSorted().startsWith(held.get("world") + 1).endsWith(worldNow);
                assertThat(resumed.path("replayed").asInt()).isEqualTo(replayed.size());
                assertThat(back.socket().received()).noneMatch(f -> "area_of_interest".equals(Player.type(f)));
                back.assertNoSilentGap();
                assertThat(back.versions().get("world")).isEqualTo(worldNow);
            }
        }
    }

    @Test
    void aV03ClientGetsDeltasInTheV03Shape() {
        String url = "ws://127.0.0.1:" + port + "/ws/experience?experience=" + Player.WOODS + "&delta_format=v0.3&token="
                + io.gaia.testsupport.TestTokens.development().player("oldtimer");
        try (io.gaia.testsupport.socket.TestSocket old = io.gaia.testsupport.socket.TestSocket.open(url);
             Player actor = join("newcomer")) {
            old.next("area_of_interest");
            enterShop(actor);
            juggle(actor, "bottle_mystery");
            JsonNode update = old.next(f -> "world_update".equals(Player.type(f))
                    && f.path("changes").isObject() && f.toString().contains("bottle_mystery"), Duration.ofSeconds(10),
                    "a v0.3 world_update");
            assertThat(update.path("version").asString()).isEqualTo("0.3");
            assertThat(update.has("base_version")).isFalse();
            assertThat(update.path("changes").properties()).isNotEmpty();
            // the agreed v0.3 schema names the item as item.id; instance_id stays beside it
            long itemChanges = update.path("changes").properties().stream()
                    .filter(change -> change.getKey().endsWith(".items") || change.getKey().equals("player.inventory"))
                    .peek(change -> {
                        assertThat(change.getValue().path("item").path("id").asString()).isEqualTo("bottle_mystery");
                        assertThat(change.getValue().path("instance_id").asString()).isEqualTo("bottle_mystery");
                    }).count();
            assertThat(itemChanges).isPositive();
        }
    }

    @Test
    void aResumeFromAVersionTheServerNeverReachedIsAResync() {
        try (Player player = join("timetraveller")) {
            Map<String, Long> future = Map.of("world", player.versions().get("world") + 1000,
                    "player", player.versions().get("player"));
            long snapshotsBefore = snapshots(player);
            player.socket().send(Map.of("type", "resume", "versions", future));
            JsonNode snapshot = player.await("area_of_interest");
            assertThat(snapshot.path("resync").asBoolean()).isTrue();
            assertThat(player.await("resumed").path("resync").asBoolean()).isTrue();
            try {
                Thread.sleep(1_500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            assertThat(snapshots(player) - snapshotsBefore).as("one resync snapshot, not a stream of them").isEqualTo(1);
        }
    }

    private static long snapshots(Player player) {
        return player.socket().received().stream().filter(f -> "area_of_interest".equals(Player.type(f))).count();
    }

    private static int indexOf(List<JsonNode> frames, java.util.function.Predicate<JsonNode> match) {
        for (int i = 0; i < frames.size(); i++) {
            if (match.test(frames.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
