package io.gaia.kb.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.ActionResponse;
import io.gaia.events.ErrorCodes;
import io.gaia.events.Operation;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TalkAndQuestTest extends CommandTestBase {

    @Test
    void louisaGreetsAndOffersHerQuestThenTalksAboutIt() {
        ActionResponse greeting = ok("alice", "talk", Map.of("npc_id", "louisa"));
        assertThat(greeting.message()).startsWith("Louisa: ").contains("dream bottles");
        assertThat(greeting.metadata()).containsEntry("quest_offer", "dream_bottles").containsEntry("situation", "greeting");

        ok("alice", "accept_quest", Map.of("quest_id", "dream_bottles"));
        ActionResponse active = ok("alice", "talk", Map.of("npc_id", "louisa"));
        assertThat(active.metadata()).containsEntry("situation", "quest_active").doesNotContainKey("quest_offer");
    }

    @Test
    void talkingToSomeoneElsewhereOrUnknownFails() {
        ok("alice", "go", Map.of("destination", "reading_nook"));
        assertFailure(act("alice", "talk", Map.of("npc_id", "woander")), ErrorCodes.NOT_IN_REACH);
        assertFailure(act("alice", "talk", Map.of("npc_id", "merlin")), ErrorCodes.NOT_FOUND);
    }

    @Test
    void acceptingAQuestStartsItOnce() {
        ActionResponse accepted = ok("alice", "accept_quest", Map.of("quest_id", "dream_bottles"));
        assertThat(map(accepted.metadata().get("quest_update"))).containsEntry("bottles_collected", 0)
                .containsEntry("status", "active");
        assertThat(changes(accepted, "player")).anySatisfy(c -> {
            assertThat(c.operation()).isEqualTo(Operation.ADD);
            assertThat(c.path()).isEqualTo("player.quests.dream_bottles");
        });
        assertFailure(act("alice", "accept_quest", Map.of("quest_id", "dream_bottles")), ErrorCodes.CONFLICT);
        assertFailure(act("alice", "accept_quest", Map.of("quest_id", "slay_dragon")), ErrorCodes.NOT_FOUND);
    }

    @Test
    void aQuestThatDoesNotAutoAcceptOnlyCountsOnceAccepted() {
        sandbox.act("alice", GROVE, "collect_item", id("firefly_1"));
        ActionResponse before = sandbox.act("alice", GROVE, "give_item",
                Map.of("instance_id", "firefly_1", "target_npc_id", "keeper"));
        assertThat(before.success()).isTrue();
        assertThat(before.metadata()).doesNotContainKey("hook_result");

        sandbox.act("alice", GROVE, "accept_quest", Map.of("quest_id", "light_the_path"));
        sandbox.act("alice", GROVE, "go", Map.of("destination", "pond"));
        sandbox.act("alice", GROVE, "collect_item", id("firefly_2"));
        sandbox.act("alice", GROVE, "go", Map.of("destination", "path"));
        ActionResponse after = sandbox.act("alice", GROVE, "give_item",
                Map.of("instance_id", "firefly_2", "target_npc_id", "keeper"));
        assertThat(map(map(after.metadata().get("hook_result")).get("quest_updates")))
                .containsEntry("fireflies_given", 1).containsEntry("quest_complete", false);
    }
}
