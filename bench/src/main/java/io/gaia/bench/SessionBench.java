package io.gaia.bench;

import io.gaia.testsupport.ServiceProcess;
import io.gaia.testsupport.stack.GaiaStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The session-service load and latency tool. Starts a real nats-server, kb-service and
 * session-service on loopback, then runs simulated players over real WebSockets:
 *
 * <pre>
 * mvn -q -B -pl bench -am package -DskipTests
 * java -cp "bench/target/bench-0.1.0-SNAPSHOT.jar:$(cat bench/target/classpath.txt)" io.gaia.bench.SessionBench \
 *     [latency players=200 rate=100 seconds=30 warmup=120] [fanout players=500 rate=120 seconds=20] [idle connections=10000]
 *     [zones players=10000 zones=100 areas=1 rate=500 seconds=30 warmup=30] [with gaia.session.delivery.frames-in-flight=1 ...]
 * </pre>
 *
 * {@code with} takes session-service settings ({@code gaia.session.*}) and kb-service ones ({@code gaia.kb.*},
 * e.g. {@code gaia.kb.journal=jetstream}, the journal {@code ./gaia up} runs). {@code -Dbench.jvm="-XX:..."} adds
 * JVM flags to every service (after the production ones: 1 GB heap, G1).
 *
 * Prints a markdown summary and writes docs/session-latency.png. Everything stops by itself.
 */
public final class SessionBench {

    /**
     * Load before the latency is measured. On 2 cores the three JVMs are still JIT-compiling
     * (C2 busy, ~250 compilations/s) half a minute after start, and that work competes with the
     * request path; this is how long it takes to settle under this load. {@code warmup=} overrides.
     */
    static final int LATENCY_WARMUP_SECONDS = 120;

    private SessionBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, Map<String, String>> scenarios = parse(args);
        Map<String, String> given = scenarios.remove("with");
        Path root = ServiceProcess.repositoryRoot();
        StringBuilder report = new StringBuilder();
        int townZones = Integer.parseInt(scenarios.getOrDefault("zones", Map.of()).getOrDefault("zones", "100"));
        int townAreas = Integer.parseInt(scenarios.getOrDefault("zones", Map.of()).getOrDefault("areas", "1"));
        try (GaiaStack stack = GaiaStack.builder()
                .jvm(jvm())
                .experiences(folder -> {
                    GaiaStack.copyExperience(root.resolve("experiences").resolve("wylding-woods"), folder);
                    io.gaia.testsupport.GeneratedExperience.writeTown(folder, ZoneRun.TOWN, townZones, townAreas,
                            ZoneRun.ITEMS_PER_ZONE, townAreas > 1 ? "area" : "zone");
                })
                .everyService(Map.of("logging.level.root", "WARN"))
                // the idle run opens 50 devices per user (default cap 8 per user); "with k=v ..." adds settings
                .kbProperties(settingsOf(given, "gaia.kb."))
                .sessionProperties(sessionSettings(settingsOf(given, "gaia.session.")))
                .start()) {
            ServiceProcess kb = stack.kb();
            ServiceProcess session = stack.session();
            report.append("load average before: ").append(loadAverage()).append('\n');
            report.append("machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
                    .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch"))
                    .append(", Java ").append(System.getProperty("java.version")).append('\n');
            for (Map.Entry<String, Map<String, String>> scenario : scenarios.entrySet()) {
                Map<String, String> p = scenario.getValue();
                switch (scenario.getKey()) {
                    case "latency" -> {
                        latency(session, kb, root, p, report);
                    }
                    case "fanout" -> fanout(session, kb, stack.natsUrl(), p, report);
                    case "idle" -> idle(session, p, report);
                    case "zones" -> {
                        zones(session, kb, p, report);
                        report.append(serverSide(session, "gaia_session_delta_forward"));
                    }
                    default -> throw new IllegalArgumentException("unknown scenario " + scenario.getKey());
                }
                report.append("  load average after ").append(scenario.getKey()).append(": ").append(loadAverage()).append('\n');
            }
        }
        System.out.println(report);
        System.exit(0);
    }

    private static final String[] SESSION_TIMERS = {"gaia_session_relay", "gaia_session_delta_forward"};
    private static final String[] KB_TIMERS = {"gaia_kb_action_latency", "gaia_kb_publish_latency"};

    private static void latency(ServiceProcess session, ServiceProcess kb, Path root, Map<String, String> p,
                                StringBuilder report) throws Exception {
        int players = Integer.parseInt(p.getOrDefault("players", "200"));
        double rate = Double.parseDouble(p.getOrDefault("rate", "100"));
        int seconds = Integer.parseInt(p.getOrDefault("seconds", "30"));
        ServerTimers[] atWindowStart = new ServerTimers[2];
        boolean lean = leanClient(p);
        LatencyRun.Result r = new LatencyRun(session.url(), players, rate, lean)
                .run(Duration.ofSeconds(Integer.parseInt(p.getOrDefault("warmup", String.valueOf(LATENCY_WARMUP_SECONDS)))),
                        Duration.ofSeconds(seconds), () -> {
                            atWindowStart[0] = ServerTimers.scrape(session, SESSION_TIMERS);
                            atWindowStart[1] = ServerTimers.scrape(kb, KB_TIMERS);
                        });
        report.append(String.format("latency: %d players, %.0f actions/s target, %d s, %s client: %d actions sent (%d ok, %d skipped)%n",
                players, rate, seconds, lean ? "lean" : "reactor", r.actions(), r.succeeded(), r.skipped()));
        report.append(latencyRows(r));
        Map<String, long[]> series = new LinkedHashMap<>();
        series.put("action -> own world_update", r.own());
        series.put("action -> other players' world_update", r.others());
        Path png = root.resolve("docs").resolve("session-latency.png");
        HistogramChart.render(png, String.format("session-service: %d players, %.0f actions/s, %d s (loopback, 2 cores)",
                players, rate, seconds), series);
        report.append("histogram: ").append(root.relativize(png)).append('\n');
        report.append(ServerTimers.scrape(session, SESSION_TIMERS).since(atWindowStart[0]).describe("measured window"));
        report.append(ServerTimers.scrape(kb, KB_TIMERS).since(atWindowStart[1]).describe("measured window"));
    }

    /** The latency scenario's figures: own, other and response latencies, and the updates delivered. */
    static String latencyRows(LatencyRun.Result r) {
        return row("action -> own world_update", r.own()) + row("action -> other player's world_update", r.others())
                + row("action -> its action_response", r.responses())
                + String.format("world_updates delivered: %.0f/s%n", r.deliveredPerSecond());
    }

    /** {@code client=reactor} (the default: Reactor Netty's WebSocket client) or {@code client=lean} ({@link LeanSockets}). */
    static boolean leanClient(Map<String, String> p) {
        String client = p.getOrDefault("client", "reactor");
        if (!client.equals("reactor") && !client.equals("lean")) {
            throw new IllegalArgumentException("client=" + client + ": reactor or lean");
        }
        return client.equals("lean");
    }

    /** A service's timers since it started (warm-up included); the latency scenario reports its window only. */
    static String serverSide(ServiceProcess process, String... metrics) throws Exception {
        return ServerTimers.scrape(process, metrics).describe("since start");
    }

    private static void fanout(ServiceProcess session, ServiceProcess kb, String natsUrl, Map<String, String> p,
                               StringBuilder report) throws Exception {
        int players = Integer.parseInt(p.getOrDefault("players", "500"));
        double rate = Double.parseDouble(p.getOrDefault("rate", "150"));
        int seconds = Integer.parseInt(p.getOrDefault("seconds", "20"));
        FanoutRun.Result r = new FanoutRun().run(session.url(), session.pid(), kb.url(), natsUrl, players, rate,
                Duration.ofSeconds(Integer.parseInt(p.getOrDefault("warmup", "5"))), Duration.ofSeconds(seconds));
        report.append(String.format("fanout: %d players, %.0f deltas/s published to NATS, %d s: %d published, "
                        + "%.0f world_updates delivered per second (%.0f expected)%n", players, rate, seconds,
                r.published(), r.deliveredPerSecond(), r.published() * players / r.seconds()));
        report.append(row("NATS publish -> socket receipt", r.latency()));
        report.append(String.format("session-service: %.1f s CPU, %d socket write syscalls (io_uring_enter included) for %d frames: %.1f us CPU and %.3f writes per frame%n",
                r.session().cpuSeconds(), r.socketWrites(), r.delivered(),
                r.session().cpuSeconds() * 1e6 / Math.max(1, r.delivered()),
                r.socketWrites() / (double) Math.max(1, r.delivered())));
        report.append(serverSide(session, "gaia_session_delta_forward"));
        Path png = ServiceProcess.repositoryRoot().resolve("docs").resolve("session-fanout-latency.png");
        HistogramChart.render(png, String.format("session-service fan-out: %d sockets x %.0f deltas/s (loopback, 2 cores)",
                players, rate), Map.of("NATS publish -> socket receipt", r.latency()));
        report.append("histogram: docs/").append(png.getFileName()).append('\n');
    }

    private static void zones(ServiceProcess session, ServiceProcess kb, Map<String, String> p, StringBuilder report)
            throws Exception {
        int players = Integer.parseInt(p.getOrDefault("players", "10000"));
        int zones = Integer.parseInt(p.getOrDefault("zones", "100"));
        int areas = Integer.parseInt(p.getOrDefault("areas", "1"));
        double rate = Double.parseDouble(p.getOrDefault("rate", "500"));
        int seconds = Integer.parseInt(p.getOrDefault("seconds", "30"));
        ZoneRun.Result r = new ZoneRun(session, kb, players, zones, areas, rate)
                .histogram(Boolean.parseBoolean(p.getOrDefault("histogram", "false"))).run(
                Duration.ofSeconds(Integer.parseInt(p.getOrDefault("warmup", "30"))), Duration.ofSeconds(seconds));
        report.append(String.format("zones: %d players over %d zones x %d areas (%d per chain; interest by %s), %.0f actions/s target, %d s: "
                        + "%d actions sent (%d ok, %d skipped)%n", players, zones, areas, players / (zones * areas),
                areas > 1 ? "area" : "zone", rate, seconds,
                r.actions(), r.succeeded(), r.skipped()));
        report.append(row("action -> own world_update", r.own()));
        report.append(row("action -> other player's world_update in the zone", r.others()));
        report.append(String.format("world_updates delivered: %.0f/s; delivered outside their zone: %d%n",
                r.deliveredPerSecond(), r.outside()));
        report.append(String.format("CPU per action: session-service %.3f ms, kb-service %.3f ms (%.1f s / %.1f s over %d actions)%n",
                r.sessionCpuSeconds() * 1000 / Math.max(1, r.succeeded()), r.kbCpuSeconds() * 1000 / Math.max(1, r.succeeded()),
                r.sessionCpuSeconds(), r.kbCpuSeconds(), r.succeeded()));
        report.append(String.format("session-service socket write syscalls (io_uring_enter included; every frame type): %d for %d world_updates (%.3f per world_update)%n",
                r.sessionWrites(), r.delivered(), r.sessionWrites() / (double) Math.max(1, r.delivered())));
        report.append(String.format("session-service live heap: %.1f MB -> %.1f MB with %d sockets, %.1f KB per socket%n",
                r.baselineHeap() / 1e6, r.loadedHeap() / 1e6, players, r.heapPerSocket() / 1024));
    }

    private static void idle(ServiceProcess session, Map<String, String> p, StringBuilder report) throws Exception {
        int connections = Integer.parseInt(p.getOrDefault("connections", "10000"));
        int users = Integer.parseInt(p.getOrDefault("users", "200"));
        IdleRun.Result r = IdleRun.run(session, connections, users,
                Boolean.parseBoolean(p.getOrDefault("histogram", "false")));
        report.append(String.format("idle: %d connections (%d users): live heap %.1f MB -> %.1f MB, %.1f KB per connection%n",
                r.connections(), users, r.baselineBytes() / 1e6, r.loadedBytes() / 1e6, r.bytesPerConnection() / 1024));
    }

    /** The production flags, and any given in {@code -Dbench.jvm}. */
    static io.gaia.testsupport.JvmLaunch jvm() {
        String extra = System.getProperty("bench.jvm", "").strip();
        return io.gaia.testsupport.JvmLaunch.production("1g",
                extra.isEmpty() ? java.util.List.of() : java.util.List.of(extra.split("\\s+")));
    }

    /** The {@code with} settings whose names start with {@code prefix}; one that starts with neither prefix is refused. */
    private static Map<String, String> settingsOf(Map<String, String> given, String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        if (given != null) {
            given.forEach((key, value) -> {
                if (!key.startsWith("gaia.kb.") && !key.startsWith("gaia.session.")) {
                    throw new IllegalArgumentException("with " + key + ": only gaia.kb.* and gaia.session.* settings");
                }
                if (key.startsWith(prefix)) {
                    out.put(key, value);
                }
            });
        }
        return out;
    }

    /** session-service's settings: 64 sockets per user, and any given as {@code with gaia.session.x=y ...}. */
    private static Map<String, String> sessionSettings(Map<String, String> given) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("gaia.session.sockets.per-user", "64");
        if (given != null) {
            settings.putAll(given);
        }
        return settings;
    }

    /** Other work on the machine skews every number here; the report says how busy it was. */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    static String row(String what, long[] sorted) {
        return String.format("%s: n=%d p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", what, sorted.length,
                Samples.percentileMillis(sorted, 50), Samples.percentileMillis(sorted, 99),
                Samples.percentileMillis(sorted, 100));
    }

    /** {@code latency players=200 idle connections=10000} -> scenario -> parameters; none given: all three. */
    private static Map<String, Map<String, String>> parse(String[] args) {
        Map<String, Map<String, String>> scenarios = new LinkedHashMap<>();
        Map<String, String> current = null;
        for (String arg : args) {
            if (arg.contains("=")) {
                if (current == null) {
                    throw new IllegalArgumentException("parameter before scenario: " + arg);
                }
                current.put(arg.substring(0, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            } else {
                current = new HashMap<>();
                scenarios.put(arg, current);
            }
        }
        if (scenarios.isEmpty()) {
            scenarios.put("latency", new HashMap<>());
            scenarios.put("fanout", new HashMap<>());
            scenarios.put("idle", new HashMap<>());
        }
        return scenarios;
    }
}
