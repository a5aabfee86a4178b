package io.gaia.kb.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.ActionResponse;
import io.gaia.events.ErrorCodes;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpdateLocationTest extends CommandTestBase {

    static final Map<String, Object> SHOP = Map.of("lat", 37.906512, "lng", -122.544217);
    static final Map<String, Object> NEAR_SHOP = Map.of("lat", 37.90660, "lng", -122.54430);
    static final Map<String, Object> CLEARING = Map.of("lat", 37.905853, "lng", -122.546120);

    @Test
    void walkingIntoTheClearingEntersItsZoneAtItsEntryArea() {
        sandbox.areaOfInterest("alice", WOODS);
        ActionResponse response = ok("alice", "update_location", CLEARING);
        Map<String, Object> aoi = map(response.metadata().get("area_of_interest"));
        assertThat(map(aoi.get("zone"))).containsEntry("id", "clearing");
        assertThat(map(aoi.get("player"))).containsEntry("current_location", "clearing").containsEntry("current_area", "glade");
        assertThat(spotItems(aoi, "glade", "mossy_stump")).extracting(i -> i.get("instance_id")).containsExactly("bottle_starlight");
        assertThat(map(aoi.get("versions")).get("player")).isEqualTo(event(response, "player").snapshotVersion());
        // (arriving also starts the clearing's quest: its changes are on the player too)
        assertThat(changes(response, "player")).filteredOn(c -> c.path().equals("player.location")).singleElement()
                .satisfies(c -> assertThat(c.fields()).containsEntry("current_location", "clearing"));
    }

    @Test
    void movingWithinTheSameZoneKeepsTheAreaThePlayerIsIn() {
        ok("alice", "go", Map.of("destination", "reading_nook"));
        ActionResponse response = ok("alice", "update_location", NEAR_SHOP);
        assertThat(response.events()).isEmpty();
        assertThat(map(map(response.metadata().get("area_of_interest")).get("player")))
                .containsEntry("current_area", "reading_nook");
    }

    @Test
    void farFromEveryWaypointNothingChanges() {
        ok("alice", "update_location", CLEARING);
        ActionResponse response = ok("alice", "update_location", Map.of("lat", 48.8584, "lng", 2.2945));
        assertThat(response.metadata()).containsEntry("nearby", false);
        assertThat(response.events()).isEmpty();
        ok("alice", "update_location", SHOP);
    }

    @Test
    void absurdCoordinatesAreRefused() {
        assertFailure(act("alice", "update_location", Map.of("lat", 91.0, "lng", 0.0)), ErrorCodes.INVALID_FIELD);
        assertFailure(act("alice", "update_location", Map.of("lat", 0.0, "lng", -181.0)), ErrorCodes.INVALID_FIELD);
        assertFailure(act("alice", "update_location", Map.of("lat", "north", "lng", 0.0)), ErrorCodes.INVALID_FIELD);
        assertFailure(act("alice", "update_location", Map.of("lat", 1.0)), ErrorCodes.MISSING_FIELD);
    }
}
