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

/**
 * Interest scoped to zones, over real sockets, a real kb-service process and a real nats-server: a
 * player receives the deltas of the zone they stand in, and no other zone's; walking between zones
 * swaps one chain for the other with a snapshot; a change visible everywhere reaches every zone once.
 */
class ZoneInterestOverSocketsTest extends KbBackedTest {

    private static final String SHOP = "woander_store";
    private static final String CLEARING = "clearing";

    @Autowired
    DeltaSubscriptions subscriptions;

    @Test
    void aPlayerInTheClearingNeverReceivesTheShopsDeltas() {
        try (Player shopper = join("shopper"); Player camper = join("camper")) {
            walk(camper, 37.905853, -122.546120, CLEARING);
            enterShop(shopper);
            juggle(shopper, "bottle_mystery");
            assertThat(camper.act("collect_item", "instance_id", "bottle_starlight").path("success").asBoolean()).isTrue();
            assertThat(camper.worldUpdates()).as("the clearing's own change, before its answer")
                    .anyMatch(u -> removes(u, "bottle_starlight") && "world".equals(u.path("scope").asString()));
            pause(500);
            camper.catchUp();
            assertThat(camper.worldUpdates()).filteredOn(u -> "world".equals(u.path("scope").asString()))
                    .allSatisfy(u -> assertThat(u.path("zone").asString()).isEqualTo(CLEARING))
                    .noneMatch(u -> u.toString().contains("bottle_mystery"));
            camper.assertNoSilentGap();
            shopper.catchUp();
            assertThat(shopper.worldUpdates()).noneMatch(u -> u.toString().contains("bottle_starlight"));
            shopper.assertNoSilentGap();
            assertThat(subscriptions.count(Subjects.zoneUpdates(Player.WOODS, CLEARING))).isEqualTo(1);
            assertThat(subscriptions.count(Subjects.zoneUpdates(Player.WOODS, SHOP))).isEqualTo(1);
            camper.act("drop_item", "instance_id", "bottle_starlight");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> subscriptions.count(Subjects.zoneUpdates(Player.WOODS, CLEARING)) == 0
                && subscriptions.count(Subjects.zoneUpdates(Player.WOODS, SHOP)) == 0);
    }

    @Test
    void walkingToTheClearingAndBackYieldsEachZonesSnapshotAndOnlyItsDeltasWithNoGapAndNoDuplicate() {
        try (Player walker = join("walker"); Player keeper = join("keeper")) {
            enterShop(keeper);
            enterShop(walker);
            juggle(keeper, "bottle_energy");
            walker.awaitUpdate(u -> adds(u, "bottle_energy"), "the shop's change while in the shop");

            JsonNode clearing = walk(walker, 37.905853, -122.546120, CLEARING);
            assertThat(clearing.path("resync").asBoolean()).isFalse();
            juggle(keeper, "bottle_mystery"); // the shop moves on while the walker is away
            long shopNow = keeper.versions().get("world");

            JsonNode shop = walk(walker, 37.906512, -122.544217, SHOP);
            assertThat(shop.path("versions").path("world").asLong())
                    .as("the shop's snapshot is at the shop's version, its changes while away included").isEqualTo(shopNow);
            assertThat(walker.worldUpdates()).filteredOn(u -> u.toString().contains("bottle_mystery")).isEmpty();
            juggle(keeper, "bottle_nature");
            walker.awaitUpdate(u -> adds(u, "bottle_nature"), "the shop's change after coming back");
            walker.catchUp();
            walker.assertNoSilentGap();
            walker.assertNoLinkTwice();
            assertThat(walker.versions().get("world")).isEqualTo(keeper.versions().get("world"));
        }
    }

    /**
     * kb-service answers a walk with the new zone's snapshot; a change in that zone run in the same batch after
     * the walk is published before the answer, so it reaches session-service before the socket follows the zone,
     * and no later delta shows the gap in a quiet zone. The socket must still end at the zone's version.
     */
    @Test
    void aChangeInTheZoneAPlayerWalksIntoMadeAsTheWalkIsAnsweredStillReachesThem() {
        try (Player walker = join("edge-walker"); Player keeper = join("edge-keeper")) {
            enterShop(keeper);
            for (int i = 0; i < 12; i++) {
                walk(walker, 37.905853, -122.546120, CLEARING);
                walker.socket().send(Map.of("type", "update_location", "lat", 37.906512, "lng", -122.544217));
                assertThat(keeper.act(i % 2 == 0 ? "collect_item" : "drop_item", "instance_id", "bottle_mystery")
                        .path("success").asBoolean()).isTrue();
                walker.await(f -> "area_of_interest".equals(Player.type(f))
                        && SHOP.equals(f.path("zone").path("id").asString()), "the shop's snapshot");
                long shopNow = keeper.versions().get("world");
                int round = i;
                await().atMost(Duration.ofSeconds(5)).alias("round " + round + ": the walker reaches the shop's version "
                        + shopNow).until(() -> {
                            walker.catchUp();
                            return Long.valueOf(shopNow).equals(walker.versions().get("world"));
                        });
            }
            walker.assertNoSilentGap();
            walker.assertNoLinkTwice();
        }
    }

    @Test
    void aResumeAfterADropInsideAZoneReplaysOnlyThatZone() {
        try (Player actor = join("glade-actor"); Player shopper = join("busy-shopper")) {
            walk(actor, 37.905853, -122.546120, CLEARING);
            Player watcher = join("glade-watcher");
            walk(watcher, 37.905853, -122.546120, CLEARING);
            Map<String, Long> held = watcher.versions();
            String epoch = watcher.connected.path("epoch").asString();
            watcher.socket().abort();

            enterShop(shopper);
            juggle(shopper, "bottle_mystery");
            assertThat(actor.act("collect_item", "instance_id", "bottle_starlight").path("success").asBoolean()).isTrue();
            assertThat(actor.act("drop_item", "instance_id", "bottle_starlight").path("success").asBoolean()).isTrue();
            long clearingNow = actor.versions().get("world");

            try (Player back = Player.resume(sessionUrl(), "glade-watcher", held, epoch, CLEARING)) {
                JsonNode resumed = back.await("resumed");
                assertThat(resumed.path("resync").asBoolean()).isFalse();
                List<JsonNode> replayed = back.worldUpdates().stream()
                        .filter(u -> "world".equals(u.path("scope").asString())).toList();
                assertThat(replayed).hasSize((int) (clearingNow - held.get("world")))
                        .allSatisfy(u -> assertThat(u.path("zone").asString()).isEqualTo(CLEARING));
                assertThat(resumed.path("replayed").asInt()).isEqualTo(replayed.size());
                back.assertNoSilentGap();
            }
        }
    }

    @Test
    void aResumeWithAnotherZonesVersionsGetsTheCurrentZonesSnapshot() {
        try (Player hiker = join("hiker")) {
            Map<String, Long> held = hiker.versions();
            String epoch = hiker.connected.path("epoch").asString();
            walk(hiker, 37.905853, -122.546120, CLEARING);
            hiker.socket().abort();
            try (Player back = Player.resume(sessionUrl(), "hiker", held, epoch, SHOP)) {
                JsonNode snapshot = back.await("area_of_interest");
                assertThat(snapshot.path("zone").path("id").asString()).isEqualTo(CLEARING);
                assertThat(back.await("resumed").path("resync").asBoolean()).isTrue();
            }
        }
    }

    @Test
    void aChangeVisibleEverywhereReachesEveryZoneOnceInItsChain() {
        try (Player giver = join("giver"); Player camper = join("far-camper")) {
            walk(camper, 37.905853, -122.546120, CLEARING);
            enterShop(giver);
            assertThat(giver.act("collect_item", "instance_id", "bottle_joy").path("success").asBoolean()).isTrue();
            JsonNode given = giver.act("give_item", "instance_id", "bottle_joy", "target_npc_id", "louisa");
            assertThat(given.path("success").asBoolean()).as(given.toString()).isTrue();

            camper.awaitUpdate(u -> u.toString().contains("world.npcs.louisa"), "louisa's keeping, in the clearing");
            pause(500);
            camper.catchUp();
            giver.catchUp();
            assertThat(camper.worldUpdates()).filteredOn(u -> u.toString().contains("world.npcs.louisa")).hasSize(1)
                    .allSatisfy(u -> assertThat(u.path("zone").asString()).isEqualTo(CLEARING));
            assertThat(giver.worldUpdates()).filteredOn(u -> u.toString().contains("world.npcs.louisa")).hasSize(1)
                    .allSatisfy(u -> assertThat(u.path("zone").asString()).isEqualTo(SHOP));
            camper.assertNoSilentGap();
            giver.assertNoSilentGap();
        }
    }

    @Test
    void aRepeatedRequestIdAnsweredFromMemoryInAnotherZoneIsAnsweredAtOnce() {
        try (Player keeper = join("busy-keeper"); Player walker = join("forgetful")) {
            enterShop(keeper);
            enterShop(walker);
            for (int i = 0; i < 3; i++) {
                juggle(keeper, "bottle_energy"); // the shop's chain runs ahead of the clearing's
            }
            walker.socket().send(Map.of("type", "action", "action", "collect_item", "instance_id", "bottle_mystery",
                    "request_id", "forgetful-again"));
            assertThat(answerTo(walker, "forgetful-again").path("success").asBoolean()).isTrue();
            walker.act("drop_item", "instance_id", "bottle_mystery");
            walk(walker, 37.905853, -122.546120, CLEARING);

            // the same request id: kb-service answers with the first answer, whose deltas are the shop's
            walker.socket().send(Map.of("type", "action", "action", "collect_item", "instance_id", "bottle_starlight",
                    "request_id", "forgetful-again"));
            long sent = System.nanoTime();
            JsonNode repeated = answerTo(walker, "forgetful-again");
            assertThat(repeated.path("success").asBoolean()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - sent)).as("not held for the shop's versions")
                    .isLessThan(Duration.ofSeconds(5));
            assertThat(walker.zone()).isEqualTo(CLEARING);
            walker.assertNoSilentGap();
        }
    }

    private static JsonNode answerTo(Player player, String requestId) {
        return player.await(f -> "action_response".equals(Player.type(f)) && requestId.equals(f.path("request_id").asString()),
                "the action_response to " + requestId);
    }

    /** Sends an {@code update_location} and waits for the snapshot of {@code zone}. */
    private static JsonNode walk(Player player, double lat, double lng, String zone) {
        player.socket().send(Map.of("type", "update_location", "lat", lat, "lng", lng));
        JsonNode snapshot = player.await(f -> "area_of_interest".equals(Player.type(f))
                && zone.equals(f.path("zone").path("id").asString()), "the snapshot of " + zone);
        assertThat(player.zone()).isEqualTo(zone);
        return snapshot;
    }

    private static void enterShop(Player player) {
        assertThat(player.act("go", "destination", "main_room").path("success").asBoolean()).isTrue();
    }

    private static void juggle(Player player, String bottle) {
        assertThat(player.act("collect_item", "instance_id", bottle).path("success").asBoolean()).isTrue();
        assertThat(player.act("drop_item", "instance_id", bottle).path("success").asBoolean()).isTrue();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
