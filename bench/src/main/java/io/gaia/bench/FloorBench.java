package io.gaia.bench;

import io.gaia.testsupport.ChildProcesses;
import io.gaia.testsupport.JvmLaunch;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
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
        java.util.Map<String, String> p = new java.util.HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("expected name=value, got " + arg);
            }
            p.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        int players = Integer.parseInt(p.getOrDefault("players", "200"));
        double rate = Double.parseDouble(p.getOrDefault("rate", "100"));
        int seconds = Integer.parseInt(p.getOrDefault("seconds", "30"));
        int warmup = Integer.parseInt(p.getOrDefault("warmup", String.valueOf(SessionBench.LATENCY_WARMUP_SECONDS)));
        ChildProcesses.reapOnExit();
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        String extra = System.getProperty("bench.jvm", "").strip();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JvmLaunch.production("1g", extra.isEmpty() ? List.of() : List.of(extra.split("\\s+"))).flags());
        int groups = Integer.parseInt(p.getOrDefault("zones", "1"));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), FloorServer.class.getName(), String.valueOf(port),
                String.valueOf(groups)));
        Process server = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            awaitListening(server);
            String load = Files.readString(Path.of("/proc/loadavg")).trim();
            boolean lean = SessionBench.leanClient(p);
            LatencyRun.Result r = new LatencyRun("http://127.0.0.1:" + port, players, rate, lean)
                    .run(Duration.ofSeconds(warmup), Duration.ofSeconds(seconds), () -> { });
            StringBuilder report = new StringBuilder();
            report.append("load average before: ").append(load).append('\n');
            report.append(String.format("floor (broadcast only): %d players in %d zones, %.0f actions/s target, %d s, %s client: %d actions sent (%d ok, %d skipped)%n",
                    players, groups, rate, seconds, lean ? "lean" : "reactor", r.actions(), r.succeeded(), r.skipped()));
            report.append(SessionBench.row("action -> own world_update", r.own()));
            report.append(SessionBench.row("action -> other player's world_update", r.others()));
            report.append(SessionBench.row("action -> its action_response", r.responses()));
            report.append(String.format("world_updates delivered: %.0f/s%n", r.deliveredPerSecond()));
            report.append("load average after: ").append(Files.readString(Path.of("/proc/loadavg")).trim()).append('\n');
            System.out.println(report);
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
        System.exit(0);
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
