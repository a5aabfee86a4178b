package io.gaia.chat.it;

import io.gaia.testsupport.stack.OwnStack;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * kb-service is reached over NATS, so a turn started while NATS is down waits for it (within
 * {@code gaia.chat.kb-retry-window}, 5 s) rather than failing: once NATS is back the turn completes,
 * its deltas still ahead of the narrative.
 */
@OwnStack
class NatsDownTest extends KbBackedChatTest {

    @AfterEach
    void natsBack() throws Exception {
        nats.start();
    }

    @Test
    void aTurnStartedWhileNatsIsDownCompletesOnceItIsBackWithTheWorldUpdateBeforeNarrative() throws Exception {
        resetWorld();
        nats.stop();

        String token = tokens.player(newPlayer());
        CompletableFuture<SseTurn> pending = CompletableFuture.supplyAsync(() -> {
            try {
                return chat().turn(token, "take the bottle of joy");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(1000);
        assertThat(pending).isNotDone();
        nats.start();
        SseTurn turn = pending.get(30, TimeUnit.SECONDS);

        assertThat(turn.types()).startsWith("metadata").endsWith("done").doesNotContain("error");
        assertThat(turn.firstIndexOf("world_update")).isPositive().isLessThan(turn.firstIndexOf("content"));
        assertThat(turn.last("metadata").path("success").asBoolean()).isTrue();
    }
}
