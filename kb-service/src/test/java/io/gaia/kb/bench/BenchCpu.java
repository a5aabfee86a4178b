package io.gaia.kb.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time the benchmark's own processes used (kb-service, nats-server, this client), read from the
 * OS per process. On a machine shared with other work, CPU per action says more than actions/s:
 * it is what each part costs, whatever else competes for the cores.
 */
final class BenchCpu {

    private final Map<String, List<Long>> groups;

    BenchCpu(Map<String, List<Long>> groups) {
        this.groups = groups;
    }

    /** Total CPU so far of each group's processes. */
    Map<String, Duration> now() {
        Map<String, Duration> out = new LinkedHashMap<>();
        groups.forEach((name, pids) -> out.put(name, pids.stream()
                .map(pid -> ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration()).orElse(Duration.ZERO))
                .reduce(Duration.ZERO, Duration::plus)));
        return out;
    }

    /** "kb-service 512 µs, nats-server 210 µs, client 300 µs per action (1.2 cores ...)" between two readings. */
    static String perAction(Map<String, Duration> before, Map<String, Duration> after, long actions, double seconds) {
        StringBuilder line = new StringBuilder("CPU per action:");
        double total = 0;
        for (String name : after.keySet()) {
            double micros = (after.get(name).toNanos() - before.get(name).toNanos()) / 1e3;
            total += micros;
            line.append(String.format(" %s %.0f µs (%.2f cores),", name, micros / Math.max(1, actions),
                    micros / 1e6 / seconds));
        }
        return line.append(String.format(" total %.0f µs", total / Math.max(1, actions))).toString();
    }

    /** The pid of the nats-server listening on {@code port} (NatsTestServer does not expose its process). */
    static List<Long> natsServerOnPort(int port) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("nats-server") && c.contains("--port " + port + " "))
                        .orElse(false))
                .map(ProcessHandle::pid).toList();
    }
}
