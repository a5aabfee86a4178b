package io.gaia.session.game;

import static io.gaia.session.support.Player.adds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gaia.events.Subjects;
import io.gaia.session.delta.DeltaSubscriptions;
import io.gaia.session.support.KbBackedTest;
import io.gaia.session.support.Player;
import io.gaia.testsupport.GeneratedExperience;
import io.gaia.testsupport.stack.GaiaStack;
import io.gaia.testsupport.stack.OwnStack;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Interest scoped to areas ({@code state.interest: "area"}), over real sockets, a real kb-service
 * process and a real nats-server: a player receives the deltas of the area they stand in and no other
 * area's, even of the same zone; going between areas swaps one chain for the other with a snapshot,
 * with no gap and no duplicate; a change visible everywhere reaches every area once; a resume replays
 * only the player's area.
 */
@OwnStack(content = AreaInterestOverSocketsTest.AreaTown.class)
class AreaInterestOverSocketsTest extends KbBackedTest {

    static final String TOWN = "area-town";
    private static final String FLOOR = "zone_0/floor";
    private static final String NOOK = "zone_0/floor_1";

    /** Two zones of two areas each, three tokens in each area, interest scoped by area. */
    static final class AreaTown implements GaiaStack.ExperiencesWriter {
        @Override
        public void write(Path folder) throws IOException {
            GeneratedExperience.writeTown(folder, TOWN, 2, 2, 3, "area");
        }
    }

    @Autowired
    DeltaSubscriptions subscriptions;

    @Test
    void aPlayerInAnotherAreaOfTheSameZoneNeverReceivesTheFirstAreasDeltas() {
        try (Player onFloor = join("on-floor"); Player inNook = join("in-nook")) {
            JsonNode nook = go(inNook, "floor_1", NOOK);
            assertThat(nook.path("zone").path("id").asString()).isEqualTo("zone_0");
            assertThat(nook.path("areas").path("floor").path("spots").isEmpty())
                    .as("the other area is named without its spots").isTrue();

            juggle(onFloor, "item_0_0");
            juggle(inNook, "item_0_1_0");
            pause(500);
            onFloor.catchUp();
            inNook.catchUp();
            assertThat(onFloor.worldUpdates()).filteredOn(u -> "world".equals(u.path("scope").asString()))
                    .allSatisfy(u -> assertThat(u.path("zone").asString()).isEqualTo(FLOOR))
                    .noneMatch(u -> u.toString().contains("item_0_1_0"));
            assertThat(inNook.worldUpdates()).filteredOn(u -> "world".equals(u.path("scope").asString()))
                    .allSatisfy(u -> assertThat(u.path("zone").asString()).isEqualTo(NOOK))
                    .noneMatch(u -> u.toString().contains("\"item_0_0\""));
            onFloor.assertNoSilentGap();
            inNook.assertNoSilentGap();
            assertThat(subscriptions.count(Subjects.zoneUpdates(TOWN, FLOOR))).isEqualTo(1);
            assertThat(subscriptions.count(Subjects.zoneUpdates(TOWN, NOOK))).isEqualTo(1);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> subscriptions.count(Subjects.zoneUpdates(TOWN, FLOOR)) == 0
                && subscriptions.count(Subjects.zoneUpdates(TOWN, NOOK)) == 0);
    }

    @Test
    void goingToAnotherAreaAndBackYieldsEachAreasSnapshotAndOnlyItsDeltasWithNoGapAndNoDuplicate() {
        try (Player walker = join("walker"); Player keeper = join("keeper")) {
            juggle(keeper, "item_0_1");
            walker.awaitUpdate(u -> adds(u, "item_0_1"), "the floor's change while on the floor");

            JsonNode nook = go(walker, "floor_1", NOOK);
            assertThat(nook.path("resync").asBoolean()).isFalse();
            juggle(keeper, "item_0_2"); // the floor moves on while the walker is away
            long floorNow = keeper.versions().get("world");

            JsonNode floor = go(walker, "floor", FLOOR);
            assertThat(floor.path("versions").path("world").asLong())
                    .as("the floor's snapshot is at the floor's version, its changes while away included").isEqualTo(floorNow);
            assertThat(walker.worldUpdates()).filteredOn(u -> u.toString().contains("item_0_2")).isEmpty();
            juggle(keeper, "item_0_0");
            walker.awaitUpdate(u -> adds(u, "item_0_0"), "the floor's change after coming back");
            walker.catchUp();
            walker.assertNoSilentGap();
            walker.assertNoLinkTwice();
            assertThat(walker.versions().get("world")).isEqualTo(keeper.versions().get("world"));
        }
    }

    @Test
    void aChangeVisibleEverywhereReachesEveryAreaOnceInItsChain() {
        try (Player ringer = join("ringer"); Player nook = join("nook-sitter"); Player far = join("far-walker")) {
            go(nook, "floor_1", NOOK);
            double[] gps = GeneratedExperience.townGps(1);
            far.socket().send(Map.of("type", "update_location", "lat", gps[0], "lng", gps[1]));
            far.await(f -> "area_of_interest".equals(Player.type(f)) && "zone_1/floor".equals(f.path("chain").asString()),
                    "the snapshot of zone_1's floor");

            JsonNode rung = ringer.act("ring");
            assertThat(rung.path("success").asBoolean()).as(rung.toString()).isTrue();

            for (Player player : List.of(nook, far)) {
                player.awaitUpdate(u -> u.toString().contains("bell_rung"), "the bell, for " + player.userId());
            }
            pause(500);
            Map<Player, String> chains = Map.of(ringer, FLOOR, nook, NOOK, far, "zone_1/floor");
            chains.forEach((player, chain) -> {
                player.catchUp();
                assertThat(player.worldUpdates()).filteredOn(u -> u.toString().contains("bell_rung")).hasSize(1)
                        .allSatisfy(u -> assertThat(u.path("zone").asString()).isEqualTo(chain));
                player.assertNoSilentGap();
            });
        }
    }

    @Test
    void aResumeAfterADropInsideAnAreaReplaysOnlyThatArea() {
        try (Player actor = join("nook-actor"); Player floorActor = join("floor-actor")) {
            go(actor, "floor_1", NOOK);
            Player watcher = join("nook-watcher");
            go(watcher, "floor_1", NOOK);
            Map<String, Long> held = watcher.versions();
            String epoch = watcher.connected.path("epoch").asString();
            watcher.socket().abort();

            juggle(floorActor, "item_0_0");
            juggle(actor, "item_0_1_1");
            long nookNow = actor.versions().get("world");

            try (Player back = Player.connect(sessionUrl(), TOWN, "nook-watcher", "&world_version=" + held.get("world")
                    + "&player_version=" + held.get("player") + "&epoch=" + epoch + "&zone=" + NOOK)) {
                JsonNode resumed = back.await("resumed");
                assertThat(resumed.path("resync").asBoolean()).isFalse();
                List<JsonNode> replayed = back.worldUpdates().stream()
                        .filter(u -> "world".equals(u.path("scope").asString())).toList();
                assertThat(replayed).hasSize((int) (nookNow - held.get("world")))
                        .allSatisfy(u -> assertThat(u.path("zone").asString()).isEqualTo(NOOK));
                assertThat(resumed.path("replayed").asInt()).isEqualTo(replayed.size());
            }
        }
    }

    @Override
    protected Player join(String userId) {
        return Player.join(sessionUrl(), TOWN, userId);
    }

    /**
     * Goes to another area of the zone and returns the snapshot of its chain (it may come before the
     * answer, which is sent after it, or after).
     */
    private static JsonNode go(Player player, String area, String chain) {
        assertThat(player.act("go", "destination", area).path("success").asBoolean()).isTrue();
        java.util.function.Predicate<JsonNode> snapshotOfChain = f -> "area_of_interest".equals(Player.type(f))
                && chain.equals(f.path("chain").asString());
        if (!chain.equals(player.zone())) {
            player.await(snapshotOfChain, "the snapshot of " + chain);
        }
        assertThat(player.zone()).isEqualTo(chain);
        return player.socket().received().stream().filter(snapshotOfChain).reduce((a, b) -> b).orElseThrow();
    }

    private static void juggle(Player player, String item) {
        JsonNode taken = player.act("collect_item", "instance_id", item);
        assertThat(taken.path("success").asBoolean()).as(taken.toString()).isTrue();
        JsonNode dropped = player.act("drop_item", "instance_id", item);
        assertThat(dropped.path("success").asBoolean()).as(dropped.toString()).isTrue();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
