package io.gaia.kb.bench;

import io.gaia.events.GaiaJson;
import io.gaia.testsupport.NatsTestServer;
import io.gaia.testsupport.ServiceProcess;
import io.gaia.testsupport.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The same measurement as {@link KbBenchmark} end to end: the packaged kb-service as a real
 * process (real nats-server, JWT auth, JSON over HTTP on loopback, durable writes, NATS
 * publishing), driven by an async HTTP client in this JVM on the same machine.
 * Run with {@code kb-service/bench --http [players] [seconds] [rate]}.
 */
public final class KbHttpBenchmark {

    private static final GaiaJson JSON = GaiaJson.create();
    private static final TestTokens TOKENS = TestTokens.development();

    public static void main(String[] args) throws Exception {
        int players = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        Path work = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "kb-http-bench");
        BenchExperience.write(work.resolve("experiences"), Math.max(players, 64));
        NatsTestServer nats = new NatsTestServer();
        nats.beforeAll(null);
        try (Service kb = Service.start(List.of(
                "--gaia.nats.url=" + nats.url(),
                "--gaia.kb.experiences-dir=" + work.resolve("experiences"),
                "--gaia.kb.state-dir=" + work.resolve("state"),
                "--logging.level.root=WARN"), work.resolve("kb-service.log"))) {
            System.out.printf("kb-service HTTP benchmark: %d players, %ds, open-loop %d actions/s; %s%n",
                    players, seconds, rate, kb.url());
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .executor(Executors.newFixedThreadPool(4)).build();
            String[] tokens = new String[players];
            for (int p = 0; p < players; p++) {
                tokens[p] = TOKENS.player("p" + p);
            }
            closedLoop(http, kb, tokens, 3);
            closedLoop(http, kb, tokens, seconds);
            openLoop(http, kb, tokens, rate, seconds);
        } finally {
            nats.afterAll(null);
        }
        System.exit(0);
    }

    private static void closedLoop(HttpClient http, Service kb, String[] tokens, int seconds) {
        // every player starts empty-handed (a drop answers 409 when there is nothing to drop), so the
        // loops' collect/drop alternation matches the state and every measured action succeeds
        List<CompletableFuture<Integer>> sync = new ArrayList<>();
        for (int p = 0; p < tokens.length; p++) {
            sync.add(send(http, kb, tokens[p], p, "drop_item"));
        }
        sync.forEach(CompletableFuture::join);
        AtomicLong done = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long start = System.nanoTime();
        List<CompletableFuture<Void>> loops = new ArrayList<>();
        for (int p = 0; p < tokens.length; p++) {
            loops.add(loop(http, kb, tokens, p, true, deadline, done, failed));
        }
        loops.forEach(CompletableFuture::join);
        double elapsed = (System.nanoTime() - start) / 1e9;
        System.out.printf("throughput over HTTP: %d actions in %.1fs = %.0f actions/s (%d refused)%n",
                done.get(), elapsed, done.get() / elapsed, failed.get());
    }

    private static CompletableFuture<Void> loop(HttpClient http, Service kb, String[] tokens, int player,
                                                boolean collect, long deadline, AtomicLong done, AtomicLong failed) {
        if (System.nanoTime() >= deadline) {
            return CompletableFuture.completedFuture(null);
        }
        return send(http, kb, tokens[player], player, collect ? "collect_item" : "drop_item").thenCompose(status -> {
            done.incrementAndGet();
            if (status != 200) {
                failed.incrementAndGet();
            }
            // a refusal (already carrying / not carrying) also means the token is in the other state
            return loop(http, kb, tokens, player, !collect, deadline, done, failed);
        });
    }

    private static void openLoop(HttpClient http, Service kb, String[] tokens, int rate, int seconds)
            throws Exception {
        List<CompletableFuture<Integer>> sync = new ArrayList<>();
        for (int p = 0; p < tokens.length; p++) {
            sync.add(send(http, kb, tokens[p], p, "collect_item"));
        }
        sync.forEach(CompletableFuture::join);
        boolean[] holding = new boolean[tokens.length];
        Arrays.fill(holding, true);
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<CompletableFuture<?>> pending = new ConcurrentLinkedQueue<>();
        AtomicLong sent = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        int total = rate * seconds;
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        var task = clock.scheduleAtFixedRate(() -> {
            long n = sent.getAndIncrement();
            if (n >= total) {
                return;
            }
            int player = (int) (n % tokens.length);
            String action = holding[player] ? "drop_item" : "collect_item";
            holding[player] = !holding[player];
            long start = System.nanoTime();
            pending.add(send(http, kb, tokens[player], player, action).thenAccept(status -> {
                latencies.add(System.nanoTime() - start);
                if (status != 200) {
                    failed.incrementAndGet();
                }
            }));
        }, 0, 1_000_000_000L / rate, TimeUnit.NANOSECONDS);
        while (sent.get() < total) {
            Thread.sleep(50);
        }
        task.cancel(false);
        clock.shutdown();
        pending.forEach(CompletableFuture::join);
        System.out.printf("latency over HTTP at %d actions/s for %ds (%d actions, %d refused): %s%n",
                rate, seconds, latencies.size(), failed.get(), LatencySummary.of(latencies));
    }

    private static CompletableFuture<Integer> send(HttpClient http, Service kb, String token, int player,
                                                   String action) {
        String body = JSON.writeString(Map.of("experience", BenchExperience.ID, "action", action,
                "params", Map.of("instance_id", BenchExperience.item(player))));
        HttpRequest request = HttpRequest.newBuilder(URI.create(kb.url() + "/actions"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode);
    }

    /**
     * The packaged service with production JVM settings (test-support's ServiceProcess trades peak
     * speed for start-up time, which would understate what the service can do).
     */
    record Service(Process process, String url) implements AutoCloseable {

        static Service start(List<String> args, Path log) throws Exception {
            int port;
            try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            Path jar;
            try (var files = Files.list(ServiceProcess.repositoryRoot().resolve("kb-service/target"))) {
                jar = files.filter(f -> f.getFileName().toString().matches("kb-service-.*-exec\\.jar")).findFirst()
                        .orElseThrow(() -> new IllegalStateException("package kb-service first"));
            }
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m"));
            String extra = System.getenv("KB_JAVA_OPTS");
            if (extra != null && !extra.isBlank()) {
                command.addAll(List.of(extra.trim().split("\\s+")));
            }
            command.addAll(List.of("-jar", jar.toString(), "--server.port=" + port, "--server.address=127.0.0.1"));
            command.addAll(args);
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            Service service = new Service(process, "http://127.0.0.1:" + port);
            HttpClient probe = HttpClient.newHttpClient();
            for (int i = 0; i < 600; i++) {
                try {
                    if (probe.send(HttpRequest.newBuilder(URI.create(service.url() + "/actuator/health")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return service;
                    }
                } catch (java.io.IOException notYet) {
                    Thread.sleep(200);
                }
            }
            process.destroyForcibly();
            throw new IllegalStateException("kb-service did not start; see " + log);
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
