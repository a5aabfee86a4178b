package io.gaia.kb.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.ErrorCodes;
import io.gaia.kb.world.WorldQueries;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Finding an item in the repository's Wylding Woods: in one area, anywhere, and the refusals a collect gets. */
class WorldQueriesTest extends CommandTestBase {

    @Test
    void anItemIsFoundInItsOwnAreaAndAnywhereButNotInAnotherArea() throws Exception {
        List<String> found = sandbox.engines().engine(WOODS).orElseThrow().submit("queries", null, tx -> List.of(
                WorldQueries.findInArea(tx.world(), "woander_store", "main_room", "bottle_joy")
                        .map(p -> p.at().spotId()).orElse("-"),
                WorldQueries.findInArea(tx.world(), "woander_store", "reading_nook", "bottle_joy")
                        .map(p -> p.at().spotId()).orElse("-"),
                WorldQueries.findInArea(tx.world(), "nowhere", "main_room", "bottle_joy")
                        .map(p -> p.at().spotId()).orElse("-"),
                WorldQueries.findInSpots(tx.world(), "bottle_joy")
                        .map(p -> p.at().zoneId() + "/" + p.at().areaId() + "/" + p.at().spotId()).orElse("-"))).get().value();

        assertThat(found).containsExactly("window_sill", "-", "-", "woander_store/main_room/window_sill");
    }

    @Test
    void aCollectFindsWhatLiesInThePlayersAreaAndTellsWhereAnythingElseIs() {
        ok("finder", "collect_item", id("bottle_joy"));

        assertFailure(act("finder", "collect_item", id("dream_journal")), ErrorCodes.NOT_IN_REACH);
        assertThat(act("finder", "collect_item", id("dream_journal")).message()).contains("reading_nook");
        assertFailure(act("finder", "collect_item", id("no_such_thing")), ErrorCodes.NOT_FOUND);
    }
}
