package io.gaia.bench;

import io.gaia.testsupport.ChildProcesses;
import io.gaia.testsupport.JvmLaunch;
import io.gaia.testsupport.NatsTestServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The latency scenario's floor: the same load generator ({@link LatencyRun}, same players, rate and
 * windows) against {@link FloorServer}, a server in a JVM of its own (the services' production flags)
 * that only broadcasts. Whatever {@code SessionBench latency} measures above this is GAIA's.
 * <pre>
 * java -Xmx3g -cp "bench/target/bench-0.1.0-SNAPSHOT.jar:$(cat bench/target/classpath.txt)" io.gaia.bench.FloorBench \
 *     players=200 rate=100 seconds=30 warmup=120 [zones=1] [client=reactor|lean]
 * </pre>
 * With {@code zones=100} and {@code players=10000}, each action's update goes to the 100 sockets of its
 * actor's zone (the n-th socket to connect is in zone {@code n % zones}).
 */
public final class FloorBench {

    private FloorBench() {
    }

    public static void main(String[] args) throws Exception {
        Parameters p = Parameters.of(args);
        ChildProcesses.reapOnExit();
        int port = NatsTestServer.freePort();
        int zones = p.integer("zones", 1);
        Process server = startServer(port, zones);
        try {
            awaitListening(server);
            String load = Files.readString(Path.of("/proc/loadavg")).trim();
            boolean lean = SessionBench.leanClient(p.values());
            LatencyRun run = new LatencyRun("http://127.0.0.1:" + port, p.integer("players", 200), p.decimal("rate", 100), lean);
            LatencyRun.Result r = run.run(Duration.ofSeconds(p.integer("warmup", SessionBench.LATENCY_WARMUP_SECONDS)),
                    Duration.ofSeconds(p.integer("seconds", 30)), () -> { });
            StringBuilder report = new StringBuilder();
            report.append("load average before: ").append(load).append('\n');
            report.append(String.format("floor (broadcast only): %d players in %d zones, %.0f actions/s target, %d s, %s client: %d actions sent (%d ok, %d skipped)%n",
                    p.integer("players", 200), zones, p.decimal("rate", 100), p.integer("seconds", 30),
                    lean ? "lean" : "reactor", r.actions(), r.succeeded(), r.skipped()));
            report.append(SessionBench.latencyRows(r));
            report.append("load average after: ").append(Files.readString(Path.of("/proc/loadavg")).trim()).append('\n');
            System.out.println(report);
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
        System.exit(0);
    }

    /** {@link FloorServer} in a JVM of its own, with the services' production flags and any in {@code -Dbench.jvm}. */
    private static Process startServer(int port, int zones) throws java.io.IOException {
        List<String> command = new ArrayList<>();
        command.add(JvmLaunch.javaBinary());
        command.addAll(SessionBench.jvm().flags());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), FloorServer.class.getName(), String.valueOf(port),
                String.valueOf(zones)));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static void awaitListening(Process server) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Void> listening = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith("listening")) {
                        listening.complete(null);
                    } else {
                        System.err.println("floor server: " + line);
                    }
                }
            } catch (java.io.IOException e) {
                listening.completeExceptionally(e);
            }
            listening.completeExceptionally(new IllegalStateException("the floor server exited before listening"));
        }, "floor-server-output");
        reader.setDaemon(true);
        reader.start();
        listening.get(60, TimeUnit.SECONDS);
    }
}
