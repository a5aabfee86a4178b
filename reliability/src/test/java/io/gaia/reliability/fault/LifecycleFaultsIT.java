package io.gaia.reliability.fault;

import static io.gaia.reliability.fault.FaultsUnderLoadIT.clean;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The operator faults of issue 11 (and issue 12's long-id / deep-edit restart), short versions:
 * 200 players over real sockets acting about every 4 s each, against real nats-server, kb-service
 * and session-service processes; each scenario ends with the load paused and the full audit
 * (0 lost acknowledged actions, 0 silent gaps, every item exactly once, clients equal to kb) and
 * checks session-service's heap. The long runs: {@code reliability/run-faults.sh players=200 lifecycle=1}.
 */
@Isolated("loads the whole machine and measures latency: no other test class beside it")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LifecycleFaultsIT {

    static final int PLAYERS = 200;
    static final int EXISTING = 1000;
    static FaultScenarios drill;
    static LifecycleScenarios lifecycle;

    @BeforeAll
    static void start() throws Exception {
        drill = FaultScenarios.start(PLAYERS, Duration.ofSeconds(4));
        lifecycle = new LifecycleScenarios(drill);
    }

    @AfterAll
    static void stop() throws Exception {
        if (lifecycle != null) {
            lifecycle.close();
        }
        if (drill != null) {
            drill.close();
        }
    }

    @Test
    @Order(5)
    void forgedFarAheadAndImpossibleDeltasOnNatsAreDroppedAndCountedWithoutAResyncStorm() throws Exception {
        ScenarioResult result = lifecycle.forgedDeltasOnNats(Duration.ofSeconds(10));
        clean(result);
        assertThat(result.count("deltas rejected by session-service (gaia_session_deltas_rejected_total)")).isPositive();
    }

    @Test
    @Order(1)
    void resetExperienceWithTwoHundredConnectedAndAThousandExistingAnswersAtOnceAndResyncsEverySocketOnce() throws Exception {
        ScenarioResult result = lifecycle.resetUnderLoad(EXISTING);
        clean(result);
        assertThat(result.count("connected sockets without a fresh snapshot within 15 s")).isZero();
        assertThat(result.count("answer with CONFIRM after (ms)")).isBetween(0L, LifecycleScenarios.CONFIRM_ANSWER_MS);
    }

    @Test
    @Order(2)
    void restoringTheResetBackupBringsItsWorldBackInANewEpochForEverySocket() throws Exception {
        ScenarioResult result = lifecycle.restoreFromResetBackup();
        clean(result);
        assertThat(result.count("connected sockets without a fresh snapshot within 15 s")).isZero();
    }

    @Test
    @Order(3)
    void kbServiceRestartedOnAWipedStateFolderNeverFeedsClientsTheOldHistory() throws Exception {
        ScenarioResult result = lifecycle.kbRestartedOnAWipedStateFolder();
        clean(result);
    }

    @Test
    @Order(4)
    void longUserIdsAndADeepEditLeaveTheExperienceLoadedAfterARestart() throws Exception {
        ScenarioResult result = lifecycle.longIdsAndDeepEditThenRestart();
        clean(result);
        assertThat(result.figures().get("experience playing after the restart")).isEqualTo(true);
    }
}
