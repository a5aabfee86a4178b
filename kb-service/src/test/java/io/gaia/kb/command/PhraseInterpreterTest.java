package io.gaia.kb.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.ActionResponse;
import io.gaia.events.ErrorCodes;
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
}
