package io.gaia.kb.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.ActionResponse;
import io.gaia.events.Operation;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Sleeping Oaks: a quest of the Moonlit Clearing with visit, use and give stages and an item reward, all data. */
class ClearingQuestTest extends CommandTestBase {

    static final Map<String, Object> CLEARING = Map.of("lat", 37.905853, "lng", -122.546120);

    @Test
    void arrivingInTheClearingStartsTheQuestAndCompletesItsVisitStage() {
        ActionResponse arrived = ok("alice", "update_location", CLEARING);

        Map<String, Object> update = map(arrived.metadata().get("quest_update"));
        assertThat(update).containsEntry("quest_id", "sleeping_oaks").containsEntry("reach_the_clearing", 1)
                .containsEntry("stage", "wake_the_oaks").containsEntry("quest_complete", false);
        assertThat(arrived.message()).contains("glowing mushroom from the fern hollow would wake them");
        assertThat(changes(arrived, "player")).anySatisfy(c -> {
            assertThat(c.path()).isEqualTo("player.quests.sleeping_oaks");
            assertThat(c.fields()).containsEntry("stage", "wake_the_oaks");
        });
    }

    @Test
    void aLaterStagesObjectiveDoesNotCountBeforeItsTurn() {
        ok("alice", "update_location", CLEARING);
        ok("alice", "collect_item", id("bottle_dusk"));

        ActionResponse early = ok("alice", "give_item", GiveItemTest.give("bottle_dusk", "old_oak"));

        assertThat(early.metadata()).doesNotContainKey("quest_update");
        assertThat(map(map(sandbox.areaOfInterest("alice", WOODS).get("player")).get("quests")))
                .extractingByKey("sleeping_oaks").satisfies(q -> assertThat(map(q)).containsEntry("stage", "wake_the_oaks"));
    }

    @Test
    void visitingUsingAndGivingInOrderCompletesTheQuestWithItsRewards() {
        ok("alice", "update_location", CLEARING);
        ok("alice", "collect_item", id("glowing_mushroom"));
        ok("alice", "collect_item", id("bottle_dusk"));

        ActionResponse woke = ok("alice", "use_item", id("glowing_mushroom"));
        assertThat(map(woke.metadata().get("quest_update"))).containsEntry("stage", "return_the_dusk");
        assertThat(woke.message()).contains("Leaf by leaf the ring wakes");

        ActionResponse done = ok("alice", "give_item", GiveItemTest.give("bottle_dusk", "old_oak"));

        assertThat(map(done.metadata().get("quest_complete"))).containsEntry("quest_id", "sleeping_oaks");
        assertThat(done.message()).contains("An acorn drops into your hand");
        assertThat(changes(done, "player")).anySatisfy(c -> {
            assertThat(c.operation()).isEqualTo(Operation.ADD);
            assertThat(c.path()).isEqualTo("player.inventory");
            assertThat(c.item()).containsEntry("template_id", "acorn_charm");
        }).anySatisfy(c -> {
            assertThat(c.path()).isEqualTo("player.state");
            assertThat(c.fields()).containsEntry("friend_of_the_oaks", true);
        });
        assertThat(changes(done, "world")).anySatisfy(c -> {
            assertThat(c.path()).isEqualTo("world.global_state");
            assertThat(c.fields()).containsEntry("clearing_awake", true);
        });
        assertThat(inventory(sandbox.areaOfInterest("alice", WOODS))).extracting(i -> i.get("instance_id"))
                .containsExactly("acorn_charm");
    }
}
