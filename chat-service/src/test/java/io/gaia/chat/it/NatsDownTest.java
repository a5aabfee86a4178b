package io.gaia.chat.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** NATS is an optimisation of latency: with it gone, the turn's deltas still arrive (from kb's response) and narrative still streams. */
class NatsDownTest extends KbBackedChatTest {

    @AfterEach
    void natsBack() throws Exception {
        nats.start();
    }

    @Test
    void withNatsDownTheWorldUpdateStillPrecedesNarrativeAndTheTurnCompletes() throws Exception {
        resetWorld();
        nats.stop();

        SseTurn turn = chat().turn(tokens.player(newPlayer()), "take the bottle of joy");

        assertThat(turn.types()).startsWith("metadata").endsWith("done").doesNotContain("error");
        assertThat(turn.firstIndexOf("world_update")).isPositive().isLessThan(turn.firstIndexOf("content"));
        assertThat(turn.last("metadata").path("success").asBoolean()).isTrue();
    }
}
