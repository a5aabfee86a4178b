package io.gaia.session.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HousekeepingTest {

    @Test
    void socketsThatConnectTogetherGetTheirFirstHeartbeatsSpreadEvenlyOverTheInterval() {
        Duration interval = Duration.ofSeconds(15);
        int sockets = 10_000;
        int[] perTenth = new int[10];
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < sockets; i++) {
            // socket ids as the handler makes them: a random long in base 36
            String id = Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
            long shift = Housekeeping.firstHeartbeatShift(id, interval);
            assertThat(shift).isBetween(0L, interval.toNanos() - 1);
            perTenth[(int) (shift * 10 / interval.toNanos())]++;
        }
        // evenly: each tenth of the interval holds about a tenth of the sockets, so no sweep pings them in a burst
        for (int count : perTenth) {
            assertThat(count).isBetween(sockets / 10 * 8 / 10, sockets / 10 * 12 / 10);
        }
    }

    @Test
    void theSpreadFollowsTheConfiguredIntervalSoTheFirstHeartbeatNeverComesLaterThanOneInterval() {
        Duration shortInterval = Duration.ofMillis(500);
        for (int i = 0; i < 1_000; i++) {
            assertThat(Housekeeping.firstHeartbeatShift("socket-" + i, shortInterval))
                    .isBetween(0L, shortInterval.toNanos() - 1);
        }
    }
}
