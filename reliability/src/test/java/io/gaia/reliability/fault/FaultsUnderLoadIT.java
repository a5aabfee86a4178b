package io.gaia.reliability.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The short, bounded version of every fault scenario (the long runs are reliability/run-faults.sh):
 * 100 players over real sockets against real nats-server, kb-service and session-service processes,
 * one stack for all scenarios, each scenario ending with the load paused and a full audit.
 */
@Isolated("loads the whole machine and measures latency: no other test class beside it")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultsUnderLoadIT {

    static final int PLAYERS = 100;
    static FaultScenarios drill;

    @BeforeAll
    static void start() throws Exception {
        drill = FaultScenarios.start(PLAYERS, Duration.ofSeconds(2));
    }

    @AfterAll
    static void stop() throws Exception {
        if (drill != null) {
            drill.close();
        }
    }

    static void clean(ScenarioResult result) throws Exception {
        Path figures = Path.of("target", "reliability-figures");
        Files.createDirectories(figures);
        Files.writeString(figures.resolve(result.name().replaceAll("[^A-Za-z0-9]+", "-") + ".md"), result.markdown());
        assertThat(result.failures()).as(result.markdown()).isEmpty();
        assertThat(result.count("lost acknowledged actions")).isZero();
        assertThat(result.count("silent gaps")).isZero();
        assertThat(result.count("clients differing from kb at the end")).isZero();
        assertThat(result.count("conservation violations")).isZero();
        assertThat(result.count("faults survived")).isEqualTo(result.count("faults injected"));
    }

    @Test
    @Order(1)
    void natsKilledAndRestartedLosesNoAcknowledgedActionAndDeltasResumeWithinFiveSeconds() throws Exception {
        ScenarioResult result = drill.natsOutage(1, Duration.ofSeconds(3));
        clean(result);
        assertThat(result.count("deltas resumed after NATS returned (worst client, ms)")).isBetween(0L, 5000L);
    }

    @Test
    @Order(2)
    void kbServiceKilledWithSigkillKeepsParsableFilesEqualToTheLastAcknowledgedState() throws Exception {
        ScenarioResult result = drill.kbKills(2);
        clean(result);
        assertThat(result.count("unparsable state files")).isZero();
        assertThat(result.count("restarted state differing from the files")).isZero();
        assertThat(result.count("git commits in the state history")).isPositive();
    }

    @Test
    @Order(3)
    void sessionServiceRestartedClientsResumeAndEndWithTheServersState() throws Exception {
        ScenarioResult result = drill.sessionRestarts(2);
        clean(result);
        assertThat(result.count("resumes served")).isGreaterThanOrEqualTo(PLAYERS);
    }

    @Test
    @Order(4)
    void aClientThatStopsReadingIsClosedWhileTheOthersKeepTheirLatency() throws Exception {
        ScenarioResult result = drill.slowClient(Duration.ofSeconds(8), Duration.ofSeconds(90));
        clean(result);
        assertThat(result.figures().get("closed as slow consumer")).isEqualTo(true);
        String[] p99 = result.figures().get("others' delta latency p99 before / during / after (ms)").toString().split(" / ");
        long before = Long.parseLong(p99[0]);
        long during = Long.parseLong(p99[1]);
        // "unchanged within noise" on a shared 2-core machine: generous, but a stalled fan-out would exceed it by far
        assertThat(during).as(result.markdown()).isLessThanOrEqualTo(3 * before + 150);
    }

    /**
     * Issue 12: 50 sockets that never read, in the drill zone (the whole world is every player's area
     * of interest), each sending {@code update_location} every second, for a window (20 s here; the
     * issue's 60 s with {@code -Dgaia.faults.slow-window=60s} or the harness), after a window
     * without them: all closed as slow consumers, heap bounded, others' p99 within 2x.
     */
    @Test
    @Order(5)
    void fiftySocketsThatNeverReadAreClosedWhileTheOthersKeepTheirLatency() throws Exception {
        Duration window = Duration.parse("PT" + System.getProperty("gaia.faults.slow-window", "20s").toUpperCase());
        ScenarioResult result = drill.slowReaders(50, window, Duration.ofSeconds(1));
        clean(result);
        assertThat(result.count("slow sockets closed as slow consumers (server count)")).isGreaterThanOrEqualTo(50);
    }
}
