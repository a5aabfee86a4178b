package io.gaia.kb.bench;

import io.gaia.events.GaiaJson;
import io.gaia.support.kb.KbClient;
import io.gaia.support.kb.KbClientSettings;
import io.gaia.support.nats.NatsConnection;
import io.gaia.support.nats.NatsProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Durable actions/s over the path the other services use: the packaged kb-service process(es) with the
 * JetStream journal (or the file journal), driven over NATS request-reply ({@code kb.request.<exp>.action})
 * by the shared {@link KbClient}, closed-loop {@link NatsPlayers} per experience, each action with its
 * own request id. Several instances run on a 3-node NATS cluster (journal replicas 3) and share the
 * experiences through ownership; the client, the servers and NATS all run on this machine.
 *
 * <p>Run with {@code kb-service/bench --nats [players=64] [seconds=10] [experiences=1] [instances=1]
 * [journal=jetstream|file]}; {@code players} is per experience. {@code -Dbench.warmup=<s>} (default 10)
 * sets the unmeasured warm-up (JIT) before the measured run; {@code -Dbench.client=raw} sends the same
 * requests with jnats' plain request-reply and reads only the status header ({@link RawKbCalls}), to tell
 * kb-service's cost from the client's; {@code -Dbench.jfr=profile} records each
 * kb-service's measured run with Java Flight Recorder. Besides actions/s and latency it prints the CPU
 * each part used per action, which is what counts on a machine whose cores other work shares.
 */
public final class KbNatsBenchmark {

    public static void main(String[] args) throws Exception {
        int players = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int experienceCount = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int instances = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        String journal = args.length > 4 ? args[4] : "jetstream";
        int warmup = Integer.getInteger("bench.warmup", 10);
        Path work = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "kb-nats-bench");
        List<String> experiences = BenchExperience.ids(experienceCount);
        for (String id : experiences) {
            BenchExperience.write(work.resolve("experiences"), id, Math.max(players, 64));
        }
        System.out.printf("kb-service NATS benchmark: %d players x %d experiences, %ds (after %ds warm-up), "
                + "%d instance(s), %s journal; state in %s%n", players, experienceCount, seconds, warmup, instances,
                journal, work);
        int code = 0;
        try (BenchInstances kbs = BenchInstances.start(work, instances, journal)) {
            kbs.awaitPlacement(experiences, Duration.ofSeconds(90));
            System.out.printf("kb-service pids %s on NATS %s%n",
                    kbs.processes().stream().map(p -> p.pid()).toList(), kbs.natsUrl());
            NatsConnection nats = new NatsConnection(new NatsProperties(kbs.natsUrl(), Duration.ofSeconds(2),
                    Duration.ofMillis(500), "gaia"), "bench");
            try {
                awaitConnected(nats);
                NatsPlayers.Calls calls = "raw".equals(System.getProperty("bench.client"))
                        ? new RawKbCalls(nats.connected().orElseThrow())
                        : NatsPlayers.Calls.of(new KbClient(nats, GaiaJson.create(), new KbClientSettings(
                                Duration.ofSeconds(10), 1024 * 1024, Duration.ofSeconds(10)), null));
                System.out.println("client: " + (calls instanceof RawKbCalls ? "raw jnats request-reply" : "KbClient"));
                NatsPlayers loadTest = new NatsPlayers(calls, experiences, players);
                report("warm-up", loadTest.run(warmup), null);
                double commits = kbs.counter("gaia.kb.commits");
                double jobs = kbs.counter("gaia.kb.batched.jobs");
                BenchCpu cpu = kbs.cpu();
                kbs.recordFlight(work, seconds);
                var cpuBefore = cpu.now();
                NatsPlayers.Run run = loadTest.run(seconds);
                var cpuAfter = cpu.now();
                report("throughput", run, new double[] {kbs.counter("gaia.kb.commits") - commits,
                        kbs.counter("gaia.kb.batched.jobs") - jobs});
                System.out.println("  " + BenchCpu.perAction(cpuBefore, cpuAfter, run.actions(), run.seconds()));
                code = run.errors().isEmpty() ? 0 : 1;
            } finally {
                nats.destroy();
            }
        }
        System.exit(code);
    }

    private static void report(String what, NatsPlayers.Run run, double[] commitsAndJobs) {
        System.out.printf("%s: %d actions in %.1fs = %.0f actions/s, %d refused, errors %s; latency %s%n", what,
                run.actions(), run.seconds(), run.perSecond(), run.refused(), run.errors(),
                LatencySummary.of(run.latencies()));
        if (commitsAndJobs != null) {
            // the commit counter also counts reads (area of interest) and fence records: none run during the loop
            if (commitsAndJobs[0] > 0 && commitsAndJobs[1] >= 0) {
                System.out.printf("  %.0f group commits, %.1f jobs per commit; load: %s%n", commitsAndJobs[0],
                        commitsAndJobs[1] / commitsAndJobs[0], loadAverage());
            } else {
                // an engine's counters start again at 0 when it reopens: an experience changed owner meanwhile
                System.out.printf("  jobs per commit unknown: an experience moved to another instance during the run; "
                        + "load: %s%n", loadAverage());
            }
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static void awaitConnected(NatsConnection nats) throws InterruptedException {
        for (int i = 0; i < 100 && nats.connected().isEmpty(); i++) {
            Thread.sleep(100);
        }
        if (nats.connected().isEmpty()) {
            throw new IllegalStateException("the benchmark's client could not connect to NATS");
        }
    }
}
