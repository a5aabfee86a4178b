package io.gaia.kb.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.ActionResponse;
import io.gaia.events.ErrorCodes;
import io.gaia.events.GaiaJson;
import io.gaia.kb.support.Sandbox;
import org.junit.jupiter.api.Test;

/** With the local (file) journal: a repeated request id runs once, also after a restart. */
class RepeatedRequestIdTest extends CommandTestBase {

    static final GaiaJson json = GaiaJson.create();

    ActionResponse collect(String user, String requestId) {
        return sandbox.act(Sandbox.player(user), WOODS, "collect_item", id("bottle_joy"), requestId);
    }

    @Test
    void theSameUsersRepeatGetsTheFirstAnswerAndRunsNothingEvenAfterARestart() throws Exception {
        ActionResponse first = collect("alice", "r-1");
        ActionResponse repeat = collect("alice", "r-1");
        ActionResponse another = collect("alice", "r-2");
        sandbox.close();
        sandbox = new Sandbox(Sandbox.repositoryExperiences(), state);
        ActionResponse afterRestart = collect("alice", "r-1");

        assertThat(first.success()).isTrue();
        assertThat(json.readTree(json.writeString(repeat))).isEqualTo(json.readTree(json.writeString(first)));
        assertThat(another.code()).isEqualTo(ErrorCodes.ALREADY_TAKEN);
        assertThat(json.readTree(json.writeString(afterRestart))).isEqualTo(json.readTree(json.writeString(first)));
        assertThat(inventory(sandbox.areaOfInterest("alice", WOODS))).hasSize(1);
    }

    @Test
    void anotherUsersSameRequestIdIsNotARepeat() {
        ActionResponse alices = collect("alice", "r-1");
        ActionResponse bobs = collect("bob", "r-1");

        assertThat(alices.success()).isTrue();
        assertThat(bobs.code()).isEqualTo(ErrorCodes.ALREADY_TAKEN);
        assertThat(bobs.message()).isNotEqualTo(alices.message());
    }
}
