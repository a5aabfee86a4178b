package io.gaia.kb.world;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.kb.support.Sandbox;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer meters follow the engine that serves an experience now, also one opened later (ownership), and their counters only grow. */
class EngineMetersTest {

    static final String WOODS = "wylding-woods";

    @TempDir
    Path state;
    Sandbox sandbox;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @AfterEach
    void close() throws Exception {
        sandbox.close();
    }

    double commits() {
        return meters.get("gaia.kb.commits").tag("experience", WOODS).functionCounter().count();
    }

    @Test
    void commitsAreCountedForAnEngineOpenedAfterTheMetersWereRegisteredAndNeverGoBackWhenItCloses() throws Exception {
        sandbox = new Sandbox(Sandbox.repositoryExperiences(), state);
        sandbox.engines().openOnlyWhenAsked();
        sandbox.engines().close(WOODS);
        EngineMeters.register(meters, sandbox.engines(), WOODS);
        double closed = commits();
        assertThat(meters.get("gaia.kb.queue.depth").tag("experience", WOODS).gauge().value()).isZero();

        sandbox.engines().open(WOODS); // as when this instance acquires the experience's lease
        long before = (long) commits();
        assertThat(before).isGreaterThanOrEqualTo((long) closed);
        assertThat(sandbox.act("ana", WOODS, "go", Map.of("destination", "main_room")).success()).isTrue();

        assertThat(commits()).isGreaterThan(before);
        assertThat(meters.get("gaia.kb.batched.jobs").tag("experience", WOODS).functionCounter().count()).isPositive();
        double open = commits();
        sandbox.engines().close(WOODS);
        assertThat(commits()).as("a counter only grows: the closed engine's commits still count").isEqualTo(open);
    }
}
