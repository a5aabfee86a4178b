package io.gaia.kb.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.ActionResponse;
import io.gaia.events.ErrorCodes;
import io.gaia.kb.support.Sandbox;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdminCommandsTest extends CommandTestBase {

    ActionResponse admin(String line) {
        return sandbox.act(Sandbox.admin("root"), WOODS, line, Map.of());
    }

    @Test
    void adminCommandsAreForbiddenWithoutTheAdminRole() {
        for (String line : new String[] {"@where", "@examine bottle_joy", "@edit bottle_joy visible false",
                "@reset experience", "@reset experience CONFIRM"}) {
            assertFailure(act("alice", line, Map.of()), ErrorCodes.FORBIDDEN);
        }
        assertThat(spotItems(sandbox.areaOfInterest("alice", WOODS), "main_room", "window_sill")).hasSize(1);
    }

    @Test
    void whereShowsAPlayersLocation() {
        ok("alice", "go", Map.of("destination", "reading_nook"));
        ActionResponse response = admin("@where alice");
        assertThat(response.success()).isTrue();
        assertThat(response.metadata()).containsEntry("zone_id", "woander_store").containsEntry("area_id", "reading_nook");
        assertFailure(admin("@where nobody"), ErrorCodes.NOT_FOUND);
    }

    @Test
    void whereShowsTheWorldVersionOfThePlayersOwnZoneAsTheirSnapshotDoesNotAnotherZones() {
        ok("alice", "collect_item", id("bottle_joy"));
        admin("@edit bottle_starlight description \"Brighter than before.\""); // the clearing's chain only
        Object held = map(sandbox.areaOfInterest("alice", WOODS).get("versions")).get("world");
        ActionResponse where = admin("@where alice");
        assertThat(((Number) where.metadata().get("world_version")).longValue()).isEqualTo(((Number) held).longValue());
    }

    @Test
    void examineFindsAnItemWhereverItIs() {
        ok("alice", "collect_item", id("bottle_joy"));
        assertThat(admin("@examine bottle_joy").metadata()).containsEntry("held_by_player", "alice");
        assertThat(map(admin("@examine bottle_energy").metadata().get("location"))).containsEntry("spot_id", "shelf_right");
        assertFailure(admin("@examine nothing_here"), ErrorCodes.NOT_FOUND);
    }

    @Test
    void editChangesAnItemAndPublishesTheChange() {
        ActionResponse response = admin("@edit bottle_joy description \"A golden bottle, freshly polished.\"");
        assertThat(response.success()).as(response.message()).isTrue();
        assertThat(changes(response, "world")).singleElement().satisfies(c ->
                assertThat(c.fields()).containsEntry("description", "A golden bottle, freshly polished."));
        assertThat(ok("alice", "examine", id("bottle_joy")).message()).isEqualTo("A golden bottle, freshly polished.");

        admin("@edit bottle_joy visible false");
        assertFailure(act("alice", "collect_item", id("bottle_joy")), ErrorCodes.NOT_FOUND);
        assertFailure(admin("@edit bottle_joy visible maybe"), ErrorCodes.INVALID_FIELD);
        assertFailure(admin("@edit bottle_joy owner alice"), ErrorCodes.INVALID_FIELD);
    }

    @Test
    void resettingOnePlayer() {
        ok("alice", "collect_item", id("bottle_joy"));
        ok("bob", "collect_item", id("bottle_energy"));
        assertFailure(admin("@reset player alice"), ErrorCodes.CONFIRMATION_REQUIRED);
        ActionResponse reset = admin("@reset player alice CONFIRM");
        assertThat(reset.success()).as(reset.message()).isTrue();
        assertThat(inventory(sandbox.areaOfInterest("alice", WOODS))).isEmpty();
        assertThat(inventory(sandbox.areaOfInterest("bob", WOODS))).hasSize(1);
        assertFailure(admin("@reset player"), ErrorCodes.MISSING_FIELD);
        assertFailure(admin("@reset galaxy CONFIRM"), ErrorCodes.INVALID_FIELD);
    }
}
