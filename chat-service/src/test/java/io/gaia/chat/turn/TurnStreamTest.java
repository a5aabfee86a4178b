package io.gaia.chat.turn;

import io.gaia.events.chat.ChatStreamEvent;
import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.Change;
import io.gaia.events.EventMetadata;
import io.gaia.events.VersionScope;
import io.gaia.events.WorldUpdateEvent;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TurnStreamTest {

    @Test
    void aDeltaSeenOnNatsAndInTheActionResponseIsDeliveredOnce() {
        TurnStream turn = new TurnStream("wylding-woods");
        WorldUpdateEvent delta = delta("wylding-woods", VersionScope.WORLD, 4);

        assertThat(turn.worldUpdate(delta)).isTrue();
        assertThat(turn.worldUpdate(delta("wylding-woods", VersionScope.WORLD, 4))).isFalse();
        assertThat(turn.worldUpdate(delta("wylding-woods", VersionScope.PLAYER, 4))).isTrue();
        turn.complete(Map.of());

        assertThat(turn.events().map(ChatStreamEvent::type).collectList().block())
                .containsExactly("world_update", "world_update", "metadata", "done");
    }

    @Test
    void deltasOfAnotherExperienceAreNotThisTurnsBusiness() {
        TurnStream turn = new TurnStream("wylding-woods");
        assertThat(turn.worldUpdate(delta("other-experience", VersionScope.PLAYER, 1))).isFalse();
    }

    @Test
    void nothingIsWrittenAfterDone() {
        TurnStream turn = new TurnStream("wylding-woods");
        turn.fail("timeout", "slow");
        turn.content("late ");
        turn.worldUpdate(delta("wylding-woods", VersionScope.WORLD, 9));

        assertThat(turn.events().map(ChatStreamEvent::type).collectList().block()).containsExactly("error", "done");
    }

    @Test
    void timingsReportTheFirstWorldUpdateAndTheFirstContent() {
        TurnStream turn = new TurnStream("wylding-woods");
        turn.worldUpdate(delta("wylding-woods", VersionScope.WORLD, 1));
        turn.content("You ");
        turn.content("lift it.");
        Map<String, Object> timings = turn.timings();

        assertThat((Double) timings.get("time_to_world_update_ms")).isNotNull()
                .isLessThanOrEqualTo((Double) timings.get("time_to_first_content_ms"));
        assertThat(turn.narrative()).isEqualTo("You lift it.");
    }

    @Test
    void concurrentProducersNeverInterleaveOrLoseEvents() throws Exception {
        TurnStream turn = new TurnStream("wylding-woods");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        for (int t = 0; t < 4; t++) {
            int base = t * 1000;
            pool.submit(() -> {
                go.await();
                for (int i = 0; i < 250; i++) {
                    turn.worldUpdate(delta("wylding-woods", VersionScope.WORLD, base + i));
                    turn.content("w ");
                }
                return null;
            });
        }
        go.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        turn.complete(Map.of());

        List<String> types = turn.events().map(ChatStreamEvent::type).collectList().block();
        assertThat(types.stream().filter("world_update"::equals).count()).isEqualTo(1000);
        assertThat(types.stream().filter("content"::equals).count()).isEqualTo(1000);
        assertThat(types).endsWith("metadata", "done");
    }

    private static WorldUpdateEvent delta(String experience, VersionScope scope, long version) {
        return WorldUpdateEvent.of(experience, "alice", scope, version - 1, version,
                List.of(Change.remove("world.locations.woander_store.areas.main_room.spots.shelf.items", "bottle_joy",
                        new Change.Location("woander_store", "main_room", "shelf"))),
                1L, EventMetadata.EMPTY);
    }
}
