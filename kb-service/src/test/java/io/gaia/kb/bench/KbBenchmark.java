package io.gaia.kb.bench;

import io.gaia.events.ActionRequest;
import io.gaia.events.ActionResponse;
import io.gaia.kb.journal.JetStreamJournals;
import io.gaia.kb.support.Sandbox;
import io.gaia.kb.world.ExperienceEngine;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * Rerunnable kb-service benchmark (not a test): one shared world, real durable writes (group
 * commit: temp file, fsync, rename) on the local disk, every action a state change (a player
 * collects or drops their own token: the world and the player both change).
 *
 * <ol>
 *   <li>throughput: {@code players} closed-loop clients as fast as they can for {@code seconds};</li>
 *   <li>latency: an open-loop client issuing {@code rate} actions/s for {@code seconds}, measuring
 *       each action from submission to its durable, published result (p50/p99/max).</li>
 * </ol>
 * Run with {@code kb-service/bench [players] [seconds] [rate]} (defaults 64 10 200).
 */
public final class KbBenchmark {

    public static void main(String[] args) throws Exception {
        int players = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        Path work = Files.createTempDirectory(Path.of(System.getProperty("bench.dir", "target")).toAbsolutePath(), "kb-bench");
        Path experiences = work.resolve("experiences");
        BenchExperience.write(experiences, Math.max(players, 64));
        System.out.printf("kb-service benchmark: %d players, %ds, open-loop %d actions/s; state in %s%n",
                players, seconds, rate, work);
        long foldMs = Long.getLong("bench.fold-ms", 2000);
        ExperienceEngine.Settings settings = new ExperienceEngine.Settings(256, 100_000,
                TimeUnit.MILLISECONDS.toNanos(foldMs));
        System.out.printf("journal: %s, request ids: %s%n", System.getProperty("bench.nats", "file"), REQUEST_IDS);
        try (Sandbox sandbox = new Sandbox(experiences, work.resolve("state"), settings, journals())) {
            warmUp(sandbox, players);
            throughput(sandbox, players, seconds);
            latency(sandbox, rate, seconds, players);
        }
        if (NATS.get() != null) {
            NATS.get().close(); // its threads would keep the JVM alive
        }
    }

    private static void warmUp(Sandbox sandbox, int players) {
        List<CompletableFuture<ActionResponse>> all = new ArrayList<>();
        for (int round = 0; round < 10; round++) {
            for (int p = 0; p < players; p++) {
                all.add(action(sandbox, p, round % 2 == 0 ? "collect_item" : "drop_item"));
            }
            all.forEach(CompletableFuture::join);
            all.clear();
        }
    }

    private static void throughput(Sandbox sandbox, int players, int seconds) throws Exception {
        ExperienceEngine engine = sandbox.engines().engine(BenchExperience.ID).orElseThrow();
        long commitsBefore = engine.stats().commits.sum();
        AtomicLong done = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<CompletableFuture<Void>> loops = new ArrayList<>();
        long start = System.nanoTime();
        for (int p = 0; p < players; p++) {
            loops.add(loop(sandbox, p, true, deadline, done, failed));
        }
        loops.forEach(CompletableFuture::join);
        double elapsed = (System.nanoTime() - start) / 1e9;
        long commits = engine.stats().commits.sum() - commitsBefore;
        System.out.printf("throughput: %d actions in %.1fs = %.0f actions/s (%d failed), %d group commits, "
                + "%.1f actions per commit%n", done.get(), elapsed, done.get() / elapsed, failed.get(), commits,
                done.get() / (double) Math.max(1, commits));
    }

    /** Each player alternates collect and drop of its own token; the next starts when the last is durable. */
    private static CompletableFuture<Void> loop(Sandbox sandbox, int player, boolean collect, long deadline,
                                                AtomicLong done, AtomicLong failed) {
        if (System.nanoTime() >= deadline) {
            return CompletableFuture.completedFuture(null);
        }
        return action(sandbox, player, collect ? "collect_item" : "drop_item").thenCompose(response -> {
            done.incrementAndGet();
            if (!response.success()) {
                failed.incrementAndGet();
            }
            return loop(sandbox, player, !collect, deadline, done, failed);
        });
    }

    private static void latency(Sandbox sandbox, int rate, int seconds, int players) throws Exception {
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<CompletableFuture<?>> pending = new ConcurrentLinkedQueue<>();
        int total = rate * seconds;
        // after the throughput run each token may be held or lying: collect all so every player holds theirs
        List<CompletableFuture<ActionResponse>> sync = new ArrayList<>();
        for (int p = 0; p < players; p++) {
            sync.add(action(sandbox, p, "collect_item"));
        }
        sync.forEach(CompletableFuture::join);
        boolean[] holding = new boolean[players];
        Arrays.fill(holding, true);
        AtomicLong sent = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long periodNanos = 1_000_000_000L / rate;
        var task = clock.scheduleAtFixedRate(() -> {
            long n = sent.getAndIncrement();
            if (n >= total) {
                return;
            }
            int player = (int) (n % players);
            long start = System.nanoTime();
            String action = holding[player] ? "drop_item" : "collect_item";
            holding[player] = !holding[player];
            pending.add(action(sandbox, player, action).thenAccept(response -> {
                latencies.add(System.nanoTime() - start);
                if (!response.success()) {
                    failed.incrementAndGet();
                }
            }));
        }, 0, periodNanos, TimeUnit.NANOSECONDS);
        while (sent.get() < total) {
            Thread.sleep(50);
        }
        task.cancel(false);
        clock.shutdown();
        pending.forEach(CompletableFuture::join);
        System.out.printf("latency at %d actions/s for %ds (%d actions, %d refused): %s%n",
                rate, seconds, latencies.size(), failed.get(), LatencySummary.of(latencies));
    }

    private static final AtomicLong REQUESTS = new AtomicLong();
    private static final java.util.concurrent.atomic.AtomicReference<io.nats.client.Connection> NATS =
            new java.util.concurrent.atomic.AtomicReference<>();
    /** {@code -Dbench.request-ids=true}: every action carries a new request id (its answer is remembered). */
    private static final boolean REQUEST_IDS = Boolean.getBoolean("bench.request-ids");

    private static CompletableFuture<ActionResponse> action(Sandbox sandbox, int player, String command) {
        String requestId = REQUEST_IDS ? "r" + REQUESTS.incrementAndGet() : null;
        return sandbox.actions().perform(Sandbox.player("p" + player), new ActionRequest(BenchExperience.ID, command,
                Map.of("instance_id", BenchExperience.item(player)), requestId));
    }

    /**
     * The file journal by default; {@code -Dbench.nats=nats://127.0.0.1:<port>} puts commit records
     * in that server's JetStream ({@code -Dbench.replicas}, default 1). Point it at a throwaway
     * server: the benchmark deletes the kb journal, snapshots and their index there first.
     */
    private static io.gaia.kb.world.Journal.Factory journals() throws Exception {
        String url = System.getProperty("bench.nats");
        if (url == null) {
            return io.gaia.kb.world.Journal.Factory.file(io.gaia.kb.world.CommitLog.DEFAULT_SEGMENT_BYTES);
        }
        io.nats.client.Connection nc = io.nats.client.Nats.connect(url);
        NATS.set(nc);
        // a fresh start, as the state folder is: the previous run's journal, snapshots and answers go
        io.nats.client.JetStreamManagement jsm = nc.jetStreamManagement();
        for (String stream : List.of(io.gaia.events.Subjects.KB_JOURNAL_STREAM,
                "KV_" + io.gaia.events.Subjects.KB_SNAPSHOT_INDEX_BUCKET, "OBJ_" + io.gaia.events.Subjects.KB_SNAPSHOTS_BUCKET)) {
            if (jsm.getStreamNames().contains(stream)) {
                jsm.deleteStream(stream);
            }
        }
        JetStreamJournals.Settings settings = new JetStreamJournals.Settings(Integer.getInteger("bench.replicas", 1),
                java.time.Duration.ofSeconds(30), 100, java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(5),
                java.time.Duration.ofSeconds(10));
        return new JetStreamJournals(() -> java.util.Optional.of(nc), settings, io.gaia.events.GaiaJson.create().mapper());
    }
}
