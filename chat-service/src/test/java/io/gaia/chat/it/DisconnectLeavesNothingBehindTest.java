package io.gaia.chat.it;

import io.gaia.testsupport.stack.OwnStack;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gaia.chat.delta.DeltaSubscriptions;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import reactor.core.publisher.Flux;

/**
 * Clients that hang up mid-stream: every per-turn subscription must be gone afterwards, as the
 * NATS server itself reports it (monitoring /connz) and as chat-service's gauge reports it.
 */
@OwnStack
@TestPropertySource(properties = {"gaia.chat.narrator.chunk-delay=50ms", "gaia.chat.narrator.words-per-chunk=1"})
class DisconnectLeavesNothingBehindTest extends KbBackedChatTest {

    private static final int REQUESTS = 1000;

    @Autowired
    DeltaSubscriptions deltas;

    @Test
    void aThousandClientsHangingUpMidStreamLeaveZeroSubscriptions() throws Exception {
        ChatClient client = chat();
        int baseline = nats.subscriptionsOf("chat-service");
        AtomicInteger sawContent = new AtomicInteger();
        AtomicInteger peakOpen = new AtomicInteger();
        // "look around" narrates the surroundings in many one-word chunks 50 ms apart: the client leaves after the first.
        Flux.range(0, REQUESTS)
                .flatMap(i -> client.stream(tokens.player("leaver-" + (i % 50)), "look around", null, "/chat/unified")
                        .filter(e -> e.type().equals("content"))
                        .take(1)
                        .doOnNext(e -> {
                            sawContent.incrementAndGet();
                            peakOpen.accumulateAndGet(deltas.active(), Math::max);
                        }), 50)
                .blockLast(Duration.ofMinutes(4));

        assertThat(sawContent.get()).isEqualTo(REQUESTS);
        // While streams were open their subscriptions existed: the check below can fail.
        assertThat(peakOpen.get()).isGreaterThanOrEqualTo(2);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(deltas.active()).isZero();
            assertThat(nats.subscriptionsOf("chat-service")).isEqualTo(baseline);
        });
    }
}
