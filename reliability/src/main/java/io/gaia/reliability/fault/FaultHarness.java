package io.gaia.reliability.fault;

import io.gaia.testsupport.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rerunnable fault harness: real nats-server, kb-service and session-service on loopback, a
 * crowd of simulated players over real WebSockets, and the faults of docs/reliability.md. Bounded:
 * every scenario has a fixed count of faults and time limits, and everything stops by itself.
 *
 * <pre>
 * reliability/run-faults.sh [players=100] [period=1s] [nats=3] [outage=5s] [kills=20] [restarts=4] [slow=1]
 *                           [slowreaders=0] [slowwindow=60s] [lifecycle=0] [existing=1000]
 *                           [ownerkills=0] [natskills=0]
 * </pre>
 *
 * {@code slowreaders=50} adds the issue-12 slow-reader scenario (that many non-reading sockets for
 * {@code slowwindow}); {@code lifecycle=1} adds the issue-11 operator faults (forged deltas, reset
 * with {@code existing} players, restore, wiped state folder, long ids and a deep edit), last.
 * {@code ownerkills=10} and {@code natskills=1} run issue 13's failovers ({@link FailoverScenarios}) on a
 * second, clustered stack afterwards (3 NATS nodes, 3 kb-service instances); with every single-node
 * count at 0 ({@code nats=0 kills=0 restarts=0 slow=0}) only the clustered stack runs.
 *
 * Prints a markdown report (also written to reliability/target/faults-report.md); exits 1 when any
 * check failed.
 */
public final class FaultHarness {

    /** The options whose scenarios run on the single-node stack. */
    private static final List<String> SINGLE_NODE = List.of("nats", "kills", "restarts", "slow", "slowreaders", "lifecycle");

    private FaultHarness() {
    }

    public static void main(String[] args) throws Exception {
        // nats-server's banner arrives through java.util.logging at INFO: keep the report readable
        java.util.logging.Logger.getLogger("io.nats").setLevel(java.util.logging.Level.WARNING);
        Map<String, String> options = new LinkedHashMap<>(Map.of("players", "100", "period", "1s", "nats", "3",
                "outage", "5s", "kills", "20", "restarts", "4", "slow", "1"));
        options.putAll(Map.of("slowreaders", "0", "slowwindow", "60s", "lifecycle", "0", "existing", "1000",
                "ownerkills", "0", "natskills", "0"));
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            if (kv.length != 2 || !options.containsKey(kv[0])) {
                throw new IllegalArgumentException("unknown argument " + arg + "; known: " + options.keySet());
            }
            options.put(kv[0], kv[1]);
        }
        int players = Integer.parseInt(options.get("players"));
        List<ScenarioResult> results = new ArrayList<>();
        long started = System.currentTimeMillis();
        String loadBefore = loadAverage();
        if (SINGLE_NODE.stream().anyMatch(option -> Integer.parseInt(options.get(option)) > 0)) {
            try (FaultScenarios drill = FaultScenarios.start(players, duration(options.get("period")))) {
                try {
                    run(drill, options, results);
                } catch (Exception e) {
                    drill.dumpThreads(ServiceProcess.repositoryRoot().resolve("reliability/target/diagnostics"));
                    throw e;
                }
            }
        }
        int ownerKills = Integer.parseInt(options.get("ownerkills"));
        int natsKills = Integer.parseInt(options.get("natskills"));
        if (ownerKills > 0 || natsKills > 0) {
            try (FaultScenarios drill = FaultScenarios.startClustered(players, duration(options.get("period")))) {
                try {
                    FailoverScenarios failovers = new FailoverScenarios(drill);
                    if (ownerKills > 0) {
                        results.add(report(failovers.ownerKills(ownerKills)));
                    }
                    if (natsKills > 0) {
                        results.add(report(failovers.natsNodeKills(natsKills)));
                    }
                } catch (Exception e) {
                    drill.dumpThreads(ServiceProcess.repositoryRoot().resolve("reliability/target/diagnostics"));
                    throw e;
                }
            }
        }
        StringBuilder out = new StringBuilder("## Fault run " + Instant.ofEpochMilli(started) + "\n\n")
                .append("Options: ").append(options).append("; ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores; load average before ").append(loadBefore).append(", after ").append(loadAverage())
                .append("; took ").append((System.currentTimeMillis() - started) / 1000).append(" s\n\n");
        results.forEach(r -> out.append(r.markdown()).append('\n'));
        boolean clean = results.stream().allMatch(r -> r.failures().isEmpty());
        out.append(clean ? "All checks passed.\n" : "SOME CHECKS FAILED.\n");
        System.out.println(out);
        Path report = ServiceProcess.repositoryRoot().resolve("reliability/target/faults-report.md");
        Files.createDirectories(report.getParent());
        Files.writeString(report, out);
        System.exit(clean ? 0 : 1);
    }

    private static void run(FaultScenarios drill, Map<String, String> options, List<ScenarioResult> results)
            throws Exception {
        int nats = Integer.parseInt(options.get("nats"));
        if (nats > 0) {
            results.add(report(drill.natsOutage(nats, duration(options.get("outage")))));
        }
        int kills = Integer.parseInt(options.get("kills"));
        if (kills > 0) {
            results.add(report(drill.kbKills(kills)));
        }
        int restarts = Integer.parseInt(options.get("restarts"));
        if (restarts > 0) {
            results.add(report(drill.sessionRestarts(restarts)));
        }
        if (Integer.parseInt(options.get("slow")) > 0) {
            results.add(report(drill.slowClient(Duration.ofSeconds(10), Duration.ofSeconds(120))));
        }
        int slowReaders = Integer.parseInt(options.get("slowreaders"));
        if (slowReaders > 0) {
            results.add(report(drill.slowReaders(slowReaders, duration(options.get("slowwindow")), Duration.ofSeconds(1))));
        }
        if (Integer.parseInt(options.get("lifecycle")) > 0) {
            try (LifecycleScenarios lifecycle = new LifecycleScenarios(drill)) {
                results.add(report(lifecycle.resetUnderLoad(Integer.parseInt(options.get("existing")))));
                results.add(report(lifecycle.restoreFromResetBackup()));
                results.add(report(lifecycle.kbRestartedOnAWipedStateFolder()));
                results.add(report(lifecycle.longIdsAndDeepEditThenRestart()));
                results.add(report(lifecycle.forgedDeltasOnNats(Duration.ofSeconds(10))));
            }
        }
    }

    private static ScenarioResult report(ScenarioResult result) {
        System.out.println(result.markdown());
        return result;
    }

    private static Duration duration(String text) {
        if (text.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
        }
        if (text.endsWith("s")) {
            return Duration.ofMillis((long) (Double.parseDouble(text.substring(0, text.length() - 1)) * 1000));
        }
        return Duration.ofMillis(Long.parseLong(text));
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "?";
        }
    }
}
