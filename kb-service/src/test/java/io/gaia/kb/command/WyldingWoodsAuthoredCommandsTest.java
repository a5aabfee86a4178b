package io.gaia.kb.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.ActionResponse;
import io.gaia.events.ErrorCodes;
import io.gaia.events.Operation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The commands Wylding Woods defines in its pages (no Java): knock, wind_music_box, read_journal. */
class WyldingWoodsAuthoredCommandsTest extends CommandTestBase {

    @Test
    void louisaAnswersAKnockButKeepsTheDoorShutUntilSheHasHadABottle() {
        ActionResponse response = ok("alice", "knock", Map.of());

        assertThat(response.message()).contains("stays shut");
        assertThat(speech(response)).singleElement().satisfies(line -> {
            assertThat(line).containsEntry("npc_id", "louisa").containsEntry("name", "Louisa");
            assertThat((String) line.get("text")).contains("Bring me a dream bottle");
        });
        assertThat(changes(response, "world")).isEmpty();
    }

    @Test
    void afterTheFirstBottleTheDoorOpensForEveryoneAtOnce() {
        ok("alice", "collect_item", id("bottle_joy"));
        ok("alice", "give_item", GiveItemTest.give("bottle_joy", "louisa"));

        ActionResponse opened = ok("alice", "knock", Map.of());

        assertThat(opened.message()).contains("swings open");
        assertThat(changes(opened, "world")).anySatisfy(c -> {
            assertThat(c.path()).isEqualTo("world.global_state");
            assertThat(c.fields()).containsEntry("fairy_door_open", true);
        }).anySatisfy(c -> {
            assertThat(c.path()).isEqualTo("world.npcs.louisa");
            assertThat(map(c.fields().get("state"))).containsEntry("door", "open");
        });
        ActionResponse bob = ok("bob", "knock", Map.of());
        assertThat(bob.message()).contains("already open");
        assertThat(changes(bob, "world")).isEmpty();
    }

    @Test
    void knockingAwayFromTheDoorIsRefusedWithTheAuthorsReason() {
        ok("alice", "go", Map.of("destination", "reading_nook"));

        ActionResponse response = act("alice", "knock", Map.of());

        assertFailure(response, ErrorCodes.PRECONDITION_FAILED);
        assertThat(response.message()).contains("main room");
        assertThat(response.events()).isEmpty();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> instead = (List<Map<String, Object>>) response.metadata().get("available_actions");
        assertThat(instead).extracting(a -> a.get("action")).contains("collect_item", "go", "wind_music_box")
                .doesNotContain("knock");
    }

    @Test
    void theMusicBoxPlaysForEveryoneAndTheWinderRemembersTheTune() {
        assertFailure(act("alice", "wind_music_box", Map.of()), ErrorCodes.PRECONDITION_FAILED);
        ok("alice", "go", Map.of("destination", "reading_nook"));

        ActionResponse wound = ok("alice", "wind_music_box", Map.of());

        assertThat(wound.message()).contains("lullaby");
        assertThat(changes(wound, "world")).singleElement().satisfies(c -> {
            assertThat(c.operation()).isEqualTo(Operation.UPDATE);
            assertThat(c.instanceId()).isEqualTo("music_box");
            assertThat(map(c.fields().get("state"))).containsEntry("wound", true);
        });
        assertThat(changes(wound, "player")).singleElement().satisfies(c -> {
            assertThat(c.path()).isEqualTo("player.state");
            assertThat(c.fields()).containsEntry("heard_lullaby", true);
        });
        assertThat(map(sandbox.areaOfInterest("alice", WOODS).get("player")).get("state"))
                .isEqualTo(Map.of("heard_lullaby", true));
        ok("bob", "go", Map.of("destination", "reading_nook"));
        assertThat(ok("bob", "wind_music_box", Map.of()).message()).contains("still playing");
    }

    @Test
    void theJournalsLastPageAppearsOnlyToWhoeverHeardTheLullaby() {
        ok("alice", "go", Map.of("destination", "reading_nook"));
        ActionResponse without = act("alice", "read_journal", Map.of());
        assertFailure(without, ErrorCodes.PRECONDITION_FAILED);
        assertThat(without.message()).contains("armchair");

        ok("alice", "collect_item", id("dream_journal"));
        assertThat(ok("alice", "read_journal", Map.of()).message()).contains("stuck together");
        ok("alice", "wind_music_box", Map.of());

        ActionResponse last = ok("alice", "read_journal", Map.of());

        assertThat(last.message()).contains("Follow the glowing mushrooms");
        assertThat(changes(last, "player")).anySatisfy(c -> {
            assertThat(c.path()).isEqualTo("player.inventory");
            assertThat(c.instanceId()).isEqualTo("dream_journal");
            assertThat(map(c.fields().get("state"))).containsEntry("read", true).containsEntry("last_page", true);
        });
    }

    @Test
    void aPhraseNamesAContentCommandByItsAliases() {
        ActionResponse response = sandbox.interact("alice", WOODS, "knock on the fairy door");

        assertThat(response.success()).as(response.message()).isTrue();
        assertThat(response.action()).isEqualTo("knock");
        assertThat(response.message()).contains("stays shut");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> speech(ActionResponse response) {
        return (List<Map<String, Object>>) response.metadata().get("npc_speech");
    }
}
