package io.gaia.kb.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.ActionResponse;
import io.gaia.events.ErrorCodes;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GoTest extends CommandTestBase {

    @Test
    void goingToAnotherAreaMovesThePlayerAndPublishesTheMove() {
        sandbox.areaOfInterest("alice", WOODS);
        ActionResponse response = ok("alice", "go", Map.of("destination", "reading_nook"));
        assertThat(changes(response, "player")).singleElement().satisfies(c -> {
            assertThat(c.path()).isEqualTo("player.location");
            assertThat(c.fields()).containsEntry("current_location", "woander_store")
                    .containsEntry("current_area", "reading_nook");
        });
        assertThat(changes(response, "world")).isEmpty();
        ok("alice", "collect_item", id("dream_journal"));
    }

    @Test
    void aNewPlayerCanGoToTheMainRoomAndCollectWithoutSendingALocation() {
        ok("newcomer", "go", Map.of("destination", "main_room"));
        ok("newcomer", "collect_item", id("bottle_energy"));
    }

    @Test
    void goingWhereYouAlreadyAreChangesNothing() {
        sandbox.areaOfInterest("alice", WOODS);
        ActionResponse response = ok("alice", "go", Map.of("destination", "main_room"));
        assertThat(response.events()).isEmpty();
    }

    @Test
    void goingToAnAreaThatDoesNotExistIsNotFound() {
        assertFailure(act("alice", "go", Map.of("destination", "narnia")), ErrorCodes.NOT_FOUND);
    }

    @Test
    void anotherZoneIsReachedByWalkingNotByGo() {
        assertFailure(act("alice", "go", Map.of("destination", "clearing")), ErrorCodes.NOT_IN_REACH);
        assertFailure(act("alice", "go", Map.of("destination", "glade")), ErrorCodes.NOT_FOUND);
    }
}
