package io.gaia.kb.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.ActionResponse;
import io.gaia.events.Change;
import io.gaia.events.ErrorCodes;
import io.gaia.events.Operation;
import io.gaia.events.Subjects;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CollectItemTest extends CommandTestBase {

    @Test
    void collectingABottleInReachMovesItFromTheSpotIntoTheInventory() {
        sandbox.areaOfInterest("alice", WOODS);
        sandbox.published.clear();

        ActionResponse response = ok("alice", "collect_item", id("bottle_joy"));

        assertThat(response.itemId()).isEqualTo("bottle_joy");
        assertThat(map(response.metadata().get("item"))).containsEntry("instance_id", "bottle_joy")
                .containsEntry("type", "dream_bottle");
        List<Change> world = changes(response, "world");
        assertThat(world).singleElement().satisfies(c -> {
            assertThat(c.operation()).isEqualTo(Operation.REMOVE);
            assertThat(c.path()).isEqualTo("world.locations.woander_store.areas.main_room.spots.window_sill.items");
            assertThat(c.instanceId()).isEqualTo("bottle_joy");
            assertThat(c.zoneId()).isEqualTo("woander_store");
            assertThat(c.areaId()).isEqualTo("main_room");
            assertThat(c.spotId()).isEqualTo("window_sill");
        });
        assertThat(changes(response, "player")).first().satisfies(c -> {
            assertThat(c.operation()).isEqualTo(Operation.ADD);
            assertThat(c.path()).isEqualTo("player.inventory");
            assertThat(c.item()).containsEntry("instance_id", "bottle_joy");
        });
        assertThat(sandbox.published).extracting(d -> d.subject())
                .containsExactly(Subjects.zoneUpdates(WOODS, "woander_store"), Subjects.userUpdates("alice"));
        assertThat(response.events()).extracting(e -> e.snapshotVersion() - e.baseVersion()).containsOnly(1L);

        Map<String, Object> aoi = sandbox.areaOfInterest("alice", WOODS);
        assertThat(inventory(aoi)).extracting(i -> i.get("instance_id")).containsExactly("bottle_joy");
        assertThat(spotItems(aoi, "main_room", "window_sill")).isEmpty();
    }

    @Test
    void collectingTheSameBottleTwiceFailsTheSecondTime() {
        ok("alice", "collect_item", id("bottle_joy"));

        assertFailure(act("bob", "collect_item", id("bottle_joy")), ErrorCodes.ALREADY_TAKEN);
        assertFailure(act("alice", "collect_item", id("bottle_joy")), ErrorCodes.ALREADY_TAKEN);
    }

    @Test
    void collectingAnItemThatDoesNotExistIsNotFound() {
        assertFailure(act("alice", "collect_item", id("bottle_of_nothing")), ErrorCodes.NOT_FOUND);
    }

    @Test
    void collectingAnItemInAnotherAreaIsNotInReach() {
        assertFailure(act("alice", "collect_item", id("dream_journal")), ErrorCodes.NOT_IN_REACH);
    }

    @Test
    void collectingSomethingThatCannotBeTakenIsRefused() {
        sandbox.act("alice", GROVE, "go", Map.of("destination", "pond"));
        ActionResponse response = sandbox.act("alice", GROVE, "collect_item", id("stone"));
        assertFailure(response, ErrorCodes.NOT_COLLECTIBLE);
        assertThat(changes(response, "world")).isEmpty();
    }

    @Test
    void collectingWithoutOrWithABadInstanceIdIsRefusedBeforeAnythingHappens() {
        assertFailure(act("alice", "collect_item", Map.of()), ErrorCodes.MISSING_FIELD);
        assertFailure(act("alice", "collect_item", id("../etc/passwd")), ErrorCodes.INVALID_FIELD);
        assertFailure(act("alice", "collect_item", Map.of("instance_id", 42)), ErrorCodes.INVALID_FIELD);
        assertFailure(act("alice", "collect_item", id("x".repeat(65))), ErrorCodes.INVALID_FIELD);
    }
}
