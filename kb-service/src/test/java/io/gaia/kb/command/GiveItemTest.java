package io.gaia.kb.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.ActionResponse;
import io.gaia.events.ErrorCodes;
import io.gaia.events.Operation;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GiveItemTest extends CommandTestBase {

    static Map<String, Object> give(String item, String npc) {
        return Map.of("instance_id", item, "target_npc_id", npc);
    }

    @Test
    void givingABottleToLouisaCountsTowardsHerQuest() {
        ok("alice", "collect_item", id("bottle_joy"));

        ActionResponse response = ok("alice", "give_item", give("bottle_joy", "louisa"));

        Map<String, Object> quest = map(map(response.metadata().get("hook_result")).get("quest_updates"));
        assertThat(quest).containsEntry("quest_id", "dream_bottles").containsEntry("bottles_collected", 1)
                .containsEntry("required", 4).containsEntry("quest_complete", false);
        assertThat(response.metadata()).containsKey("quest_update").doesNotContainKey("quest_complete");
        assertThat(changes(response, "player")).extracting(c -> c.path())
                .contains("player.inventory", "player.quests.dream_bottles");
        assertThat(changes(response, "world")).singleElement().satisfies(c -> {
            assertThat(c.operation()).isEqualTo(Operation.UPDATE);
            assertThat(c.path()).isEqualTo("world.npcs.louisa");
            assertThat(c.fields()).containsEntry("inventory", java.util.List.of("bottle_joy"));
        });
    }

    @Test
    void theFourthBottleCompletesTheQuestAndRestoresTheDreamsForEveryone() {
        for (String bottle : new String[] {"bottle_joy", "bottle_energy", "bottle_nature", "bottle_mystery"}) {
            ok("alice", "collect_item", id(bottle));
        }
        ok("alice", "give_item", give("bottle_joy", "louisa"));
        ok("alice", "give_item", give("bottle_energy", "louisa"));
        ok("alice", "give_item", give("bottle_nature", "louisa"));

        ActionResponse last = ok("alice", "give_item", give("bottle_mystery", "louisa"));

        Map<String, Object> quest = map(map(last.metadata().get("hook_result")).get("quest_updates"));
        assertThat(quest).containsEntry("bottles_collected", 4).containsEntry("quest_complete", true);
        assertThat(map(last.metadata().get("quest_complete"))).containsEntry("quest_id", "dream_bottles");
        assertThat(last.message()).contains("restored");
        assertThat(changes(last, "world")).anySatisfy(c -> {
            assertThat(c.path()).isEqualTo("world.global_state");
            assertThat(c.fields()).containsEntry("dreams_restored", true);
        }).anySatisfy(c -> assertThat(c.path()).isEqualTo("world.npcs.louisa"));
        assertThat(changes(last, "player")).anySatisfy(c -> {
            assertThat(c.path()).isEqualTo("player.quests.dream_bottles");
            assertThat(c.fields()).containsEntry("status", "complete");
        });
    }

    @Test
    void woanderDoesNotWantBottles() {
        ok("alice", "collect_item", id("bottle_joy"));
        assertFailure(act("alice", "give_item", give("bottle_joy", "woander")), ErrorCodes.NOT_ACCEPTED);
        assertThat(inventory(sandbox.areaOfInterest("alice", WOODS))).hasSize(1);
    }

    @Test
    void givingSomethingYouDoNotCarryFails() {
        assertFailure(act("alice", "give_item", give("bottle_joy", "louisa")), ErrorCodes.NOT_IN_INVENTORY);
    }

    @Test
    void givingToSomeoneUnknownIsNotFound() {
        ok("alice", "collect_item", id("bottle_joy"));
        assertFailure(act("alice", "give_item", give("bottle_joy", "gandalf")), ErrorCodes.NOT_FOUND);
    }

    @Test
    void givingToSomeoneInAnotherAreaIsNotInReach() {
        ok("alice", "collect_item", id("bottle_joy"));
        ok("alice", "go", Map.of("destination", "reading_nook"));
        assertFailure(act("alice", "give_item", give("bottle_joy", "louisa")), ErrorCodes.NOT_IN_REACH);
    }

    @Test
    void givingNeedsBothFields() {
        assertFailure(act("alice", "give_item", id("bottle_joy")), ErrorCodes.MISSING_FIELD);
    }
}
