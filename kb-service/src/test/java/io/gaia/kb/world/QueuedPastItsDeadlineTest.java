package io.gaia.kb.world;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.ActionRequest;
import io.gaia.events.ActionResponse;
import io.gaia.events.ErrorCodes;
import io.gaia.kb.command.ActionService;
import io.gaia.kb.support.Sandbox;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job still queued when its caller stopped waiting ({@link Deadline}, from kb-service's NATS header
 * {@code Gaia-Deadline-Ms}) is not run: the caller was told {@code timeout}, so the action must not take
 * effect afterwards, and a retry with the same request id runs it once.
 */
class QueuedPastItsDeadlineTest {

    static final String WOODS = "wylding-woods";

    @TempDir
    Path state;

    @Test
    void anActionStillQueuedWhenItsCallerStoppedWaitingIsNotRunAndItsRetryWithTheSameRequestIdRunsOnce() throws Exception {
        try (Sandbox sandbox = new Sandbox(Sandbox.repositoryExperiences(), state)) {
            ActionService actions = sandbox.actions();
            ExperienceEngine engine = actions.engineFor(WOODS);
            EngineMeters.register(sandbox.meters, sandbox.engines(), WOODS);
            sandbox.areaOfInterest("alice", WOODS);
            ActionRequest collect = new ActionRequest(WOODS, "collect_item", Map.of("instance_id", "bottle_joy"),
                    "alice-deadline-1");

            CompletableFuture<ActionResponse> late;
            CountDownLatch release = new CountDownLatch(1);
            engine.submit("someone-slow", null, tx -> awaitQuietly(release)); // the writer is busy meanwhile
            late = actions.perform(Sandbox.player("alice"), collect, Deadline.after(Duration.ofMillis(50), System.nanoTime()));
            Thread.sleep(300);
            release.countDown();

            ActionResponse refused = late.get(10, TimeUnit.SECONDS);
            assertThat(refused.success()).isFalse();
            assertThat(refused.code()).isEqualTo(ErrorCodes.TIMEOUT);
            assertThat(refused.message()).contains("did not run").doesNotContain("io.gaia");
            assertThat(JsonItems.inventoryOf(sandbox.areaOfInterest("alice", WOODS))).doesNotContain("bottle_joy");

            ActionResponse retried = actions.perform(Sandbox.player("alice"), collect).join();
            ActionResponse repeated = actions.perform(Sandbox.player("alice"), collect).join();
            assertThat(retried.success()).as(retried.message()).isTrue();
            assertThat(repeated.timestamp()).as("the retry ran once: its repeat gets its answer")
                    .isEqualTo(retried.timestamp());
            assertThat(repeated.events()).hasSameSizeAs(retried.events());
            assertThat(sandbox.meters.find("gaia.kb.jobs.expired").tag("experience", WOODS).functionCounter())
                    .as("registered with the experience's meters").isNotNull()
                    .satisfies(counter -> assertThat(counter.count()).isEqualTo(1.0));
        }
    }

    @Test
    void aJobQueuedWithTimeToSpareRuns() throws Exception {
        try (Sandbox sandbox = new Sandbox(Sandbox.repositoryExperiences(), state)) {
            ActionResponse collected = sandbox.actions().perform(Sandbox.player("bob"),
                    new ActionRequest(WOODS, "collect_item", Map.of("instance_id", "bottle_joy"), "bob-deadline-1"),
                    Deadline.after(Duration.ofSeconds(10), System.nanoTime())).get(10, TimeUnit.SECONDS);

            assertThat(collected.success()).as(collected.message()).isTrue();
        }
    }

    private static Object awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    /** The instance ids in a player's inventory, from an area of interest as a map. */
    private static final class JsonItems {
        @SuppressWarnings("unchecked")
        static java.util.List<Object> inventoryOf(Map<String, Object> areaOfInterest) {
            Map<String, Object> player = (Map<String, Object>) areaOfInterest.get("player");
            java.util.List<Map<String, Object>> inventory = (java.util.List<Map<String, Object>>) player.get("inventory");
            return inventory.stream().map(item -> item.get("instance_id")).toList();
        }
    }
}
