package io.gaia.kb.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.ActionResponse;
import io.gaia.events.ErrorCodes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PhraseInterpreterTest extends CommandTestBase {

    ActionResponse say(String message) {
        return sandbox.interact("alice", WOODS, message);
    }

    @Test
    void simplePhrasesBecomeTheSameCommandsAsActions() {
        ActionResponse take = say("take the bottle of joy");
        assertThat(take.success()).isTrue();
        assertThat(take.action()).isEqualTo("collect_item");
        assertThat(take.itemId()).isEqualTo("bottle_joy");

        assertThat(say("Grab the amber bottle!").itemId()).isEqualTo("bottle_energy");
        ActionResponse give = say("give the joy bottle to Louisa");
        assertThat(give.success()).as(give.message()).isTrue();
        assertThat(map(map(give.metadata().get("hook_result")).get("quest_updates"))).containsEntry("bottles_collected", 1);
        assertThat(say("what do i have").action()).isEqualTo("inventory");
        assertThat(say("talk to woander").message()).startsWith("Woander: ");
        ActionResponse go = say("go to the reading nook");
        assertThat(go.success()).as(go.message()).isTrue();
        assertThat(say("read the journal").success()).isFalse();
        assertThat(say("pick up the dream journal").success()).isTrue();
        assertThat(say("read the journal").message()).contains("Four dreams");
    }

    @Test
    void phrasesAboutThingsThatAreNotThereFailLikeTheCommandWould() {
        assertThat(say("take the unicorn").code()).isEqualTo(ErrorCodes.NOT_FOUND);
        assertThat(say("sing a song").code()).isEqualTo(ErrorCodes.UNKNOWN_ACTION);
    }

    @Test
    void aSharedWordNeverTakesAnotherItemWhileTheNamedOneIsHeldBySomeoneElse() {
        assertThat(sandbox.interact("bob", WOODS, "take the bottle of joy").itemId()).isEqualTo("bottle_joy");
        Map<String, Object> before = sandbox.areaOfInterest("alice", WOODS);
        for (String phrase : List.of("please grab the joy bottle", "take the joy bottle", "grab the bottle of joy",
                "pick up the golden bottle", "get the moon bottle", "collect joy bottle")) {
            ActionResponse response = say(phrase);
            assertThat(response.success()).as(phrase).isFalse();
            assertThat(response.code()).as(phrase).isEqualTo(ErrorCodes.ALREADY_TAKEN);
            assertThat(response.message()).as(phrase).contains("bottle_joy");
            assertThat(response.events()).as(phrase).isEmpty();
        }
        assertThat(sandbox.areaOfInterest("alice", WOODS)).isEqualTo(before);
        assertThat(inventory(before)).isEmpty();
    }

    @Test
    void anAmbiguousPhraseListsTheAlternativesAndChangesNothing() {
        Map<String, Object> before = sandbox.areaOfInterest("alice", WOODS);
        for (String phrase : List.of("take the bottle", "grab a bottle", "please pick up the bottle")) {
            ActionResponse response = say(phrase);
            assertThat(response.success()).as(phrase).isFalse();
            assertThat(response.code()).as(phrase).isEqualTo(ErrorCodes.AMBIGUOUS);
            assertThat(response.message()).as(phrase).contains("Bottle of Joy").contains("Bottle of Mystery");
            assertThat(response.events()).as(phrase).isEmpty();
            @SuppressWarnings("unchecked")
            List<Map<String, String>> alternatives = (List<Map<String, String>>) response.metadata().get("alternatives");
            assertThat(alternatives).extracting(a -> a.get("id"))
                    .contains("bottle_joy", "bottle_mystery", "bottle_energy", "bottle_nature");
        }
        assertThat(sandbox.areaOfInterest("alice", WOODS)).isEqualTo(before);
    }

    @Test
    void aPhraseNamingNothingHereSaysSoAndOffersWhatIsHere() {
        sandbox.areaOfInterest("alice", WOODS); // first contact creates the player (a delta of its own)
        ActionResponse response = say("grab the shiny bottle");
        assertThat(response.success()).isFalse();
        assertThat(response.code()).isEqualTo(ErrorCodes.NOT_FOUND);
        assertThat(response.message()).contains("shiny bottle").contains("Here you can see").contains("Bottle of Joy");
        assertThat(response.events()).isEmpty();
        assertThat(inventory(sandbox.areaOfInterest("alice", WOODS))).isEmpty();
    }

    @Test
    void everyActionTheInterpreterRunsIsOnTheItemThePhraseNamed() {
        Map<String, String> named = Map.of(
                "take the turquoise bottle", "bottle_mystery", "grab the mystery bottle", "bottle_mystery",
                "pick up the amber bottle", "bottle_energy", "get the star bottle", "bottle_energy",
                "take bottle_nature", "bottle_nature", "collect the leaf bottle", "bottle_nature");
        named.forEach((phrase, item) -> {
            ActionResponse response = say(phrase);
            if (response.success()) {
                assertThat(response.itemId()).as(phrase).isEqualTo(item);
            } else {
                // taken by an earlier phrase of this map: refused, on the same item
                assertThat(response.code()).as(phrase).isEqualTo(ErrorCodes.ALREADY_TAKEN);
                assertThat(response.message()).as(phrase).contains(item);
            }
        });
        assertThat(inventory(sandbox.areaOfInterest("alice", WOODS))).extracting(i -> i.get("instance_id"))
                .containsExactlyInAnyOrder("bottle_mystery", "bottle_energy", "bottle_nature");
        // giving a bottle one does not carry never gives another
        ActionResponse give = say("give the joy bottle to louisa");
        assertThat(give.success()).isFalse();
        assertThat(give.code()).isEqualTo(ErrorCodes.NOT_IN_INVENTORY);
        assertThat(inventory(sandbox.areaOfInterest("alice", WOODS))).hasSize(3);
    }
}
