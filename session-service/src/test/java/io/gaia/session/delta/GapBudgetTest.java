package io.gaia.session.delta;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GapBudgetTest {

    private final GapBudget budget = new GapBudget(GapBudget.Settings.DEFAULT);

    @Test
    void onlyOneFillIsInFlightAndRequestsMeanwhileBecomeOneFollowUp() {
        assertThat(budget.tryStart()).isTrue();
        assertThat(budget.tryStart()).isFalse();
        assertThat(budget.tryStart()).isFalse();
        assertThat(budget.finish()).isTrue();
        assertThat(budget.tryStart()).isTrue();
        assertThat(budget.finish()).isFalse();
    }

    @Test
    void snapshotsBackOffExponentiallyWithinTheWindow() {
        long now = 1_000_000;
        assertThat(budget.delayMillis(now)).isZero();
        long[] expected = {250, 500, 1_000, 2_000, 4_000, 8_000, 8_000};
        for (long delay : expected) {
            budget.snapshotTaken(now, true);
            assertThat(budget.delayMillis(now)).isEqualTo(delay);
        }
        assertThat(budget.delayMillis(now + Duration.ofSeconds(31).toMillis())).isZero();
    }

    @Test
    void aSnapshotAnAnswerWaitsForWaitsAtMostTheFirstBackoffWhateverCameBeforeInTheWindow() {
        long now = 2_000_000;
        assertThat(budget.delayMillis(now, true)).isZero();
        for (int i = 0; i < 4; i++) {
            budget.snapshotTaken(now, true); // e.g. a kill and a hand-back, then another kill
        }
        assertThat(budget.delayMillis(now)).isEqualTo(2_000);
        assertThat(budget.delayMillis(now, false)).isEqualTo(2_000);
        assertThat(budget.delayMillis(now, true)).isEqualTo(250);
    }

    @Test
    void snapshotsAnAnswerWaitsForStillCountAgainstTheUnconvergedBudget() {
        long now = 3_000_000;
        for (int i = 0; i < 5; i++) {
            assertThat(budget.delayMillis(now + i, true)).isLessThanOrEqualTo(250);
            budget.snapshotTaken(now + i, false);
        }
        assertThat(budget.exhausted(now + 5)).isTrue();
    }

    @Test
    void fiveSnapshotsWithoutConvergenceExhaustTheBudgetAndConvergenceRestoresIt() {
        long now = 5_000_000;
        for (int i = 0; i < 4; i++) {
            budget.snapshotTaken(now + i, false);
            assertThat(budget.exhausted(now + i)).isFalse();
        }
        budget.snapshotTaken(now + 5, false);
        assertThat(budget.exhausted(now + 5)).isTrue();

        budget.converged();
        assertThat(budget.exhausted(now + 6)).isFalse();
        budget.snapshotTaken(now + 7, false);
        assertThat(budget.exhausted(now + Duration.ofSeconds(40).toMillis())).isFalse();
    }

    @Test
    void aSnapshotWishRemembersTheEpochWishedFor() {
        assertThat(budget.takeSnapshotWish()).isNull();
        budget.wantSnapshot("abc");
        budget.wantSnapshot(null);
        assertThat(budget.takeSnapshotWish()).isEqualTo("abc");
        assertThat(budget.takeSnapshotWish()).isNull();
        budget.wantSnapshot(null);
        assertThat(budget.takeSnapshotWish()).isEmpty();
    }
}
