package io.gaia.kb.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.ActionResponse;
import io.gaia.events.ErrorCodes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExamineAndInventoryTest extends CommandTestBase {

    @Test
    void examiningAnItemInReachDescribesItAndChangesNothing() {
        sandbox.areaOfInterest("alice", WOODS);
        ActionResponse response = ok("alice", "examine", id("bottle_joy"));
        assertThat(response.message()).contains("golden").contains("moon");
        assertThat(response.events()).isEmpty();
    }

    @Test
    void examiningSomethingYouCarry() {
        ok("alice", "collect_item", id("bottle_nature"));
        ok("alice", "go", Map.of("destination", "reading_nook"));
        assertThat(ok("alice", "examine", id("bottle_nature")).message()).contains("emerald");
    }

    @Test
    void examiningSomethingElsewhereOrNowhereFails() {
        assertFailure(act("alice", "examine", id("dream_journal")), ErrorCodes.NOT_IN_REACH);
        assertFailure(act("alice", "examine", id("unicorn")), ErrorCodes.NOT_FOUND);
        assertFailure(act("alice", "examine", Map.of()), ErrorCodes.MISSING_FIELD);
    }

    @Test
    @SuppressWarnings("unchecked")
    void inventoryListsWhatYouCarry() {
        assertThat(ok("alice", "inventory", Map.of()).message()).isEqualTo("You carry nothing.");
        ok("alice", "collect_item", id("bottle_joy"));
        ActionResponse response = ok("alice", "inventory", Map.of());
        assertThat((List<Map<String, Object>>) response.metadata().get("inventory"))
                .extracting(i -> i.get("instance_id")).containsExactly("bottle_joy");
        assertThat(response.message()).contains("Bottle of Joy");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aNewPlayerStartsWithTheBootstrapInventory() {
        ActionResponse response = sandbox.act("alice", GROVE, "inventory", Map.of());
        assertThat((List<Map<String, Object>>) response.metadata().get("inventory"))
                .extracting(i -> i.get("template_id")).containsExactly("grove_map");
        assertThat(changes(response, "player")).extracting(c -> c.path())
                .containsExactly("player.location", "player.inventory");
    }
}
