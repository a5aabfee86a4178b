package io.gaia.kb.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.ActionResponse;
import io.gaia.events.ErrorCodes;
import io.gaia.events.Operation;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DropItemTest extends CommandTestBase {

    @Test
    void droppingPutsTheItemInTheFirstSpotOfTheAreaForEveryoneToSee() {
        ok("alice", "collect_item", id("bottle_joy"));

        ActionResponse response = ok("alice", "drop_item", id("bottle_joy"));

        assertThat(changes(response, "player")).singleElement().satisfies(c -> {
            assertThat(c.operation()).isEqualTo(Operation.REMOVE);
            assertThat(c.instanceId()).isEqualTo("bottle_joy");
        });
        assertThat(changes(response, "world")).singleElement().satisfies(c -> {
            assertThat(c.operation()).isEqualTo(Operation.ADD);
            assertThat(c.spotId()).isEqualTo("shelf_left");
            assertThat(c.item()).containsEntry("instance_id", "bottle_joy");
        });
        assertThat(spotItems(sandbox.areaOfInterest("bob", WOODS), "main_room", "shelf_left"))
                .extracting(i -> i.get("instance_id")).contains("bottle_joy");
        ok("bob", "collect_item", id("bottle_joy"));
    }

    @Test
    void droppingIntoANamedSpot() {
        ok("alice", "collect_item", id("bottle_joy"));
        ActionResponse response = ok("alice", "drop_item", Map.of("instance_id", "bottle_joy", "spot_id", "counter"));
        assertThat(changes(response, "world")).singleElement().satisfies(c -> assertThat(c.spotId()).isEqualTo("counter"));
    }

    @Test
    void droppingSomethingYouDoNotCarryFails() {
        assertFailure(act("alice", "drop_item", id("bottle_joy")), ErrorCodes.NOT_IN_INVENTORY);
    }

    @Test
    void droppingIntoASpotOfAnotherAreaIsNotFound() {
        ok("alice", "collect_item", id("bottle_joy"));
        assertFailure(act("alice", "drop_item", Map.of("instance_id", "bottle_joy", "spot_id", "armchair")),
                ErrorCodes.NOT_FOUND);
        assertThat(inventory(sandbox.areaOfInterest("alice", WOODS))).hasSize(1);
    }
}
