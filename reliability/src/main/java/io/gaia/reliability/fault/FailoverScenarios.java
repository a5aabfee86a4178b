package io.gaia.reliability.fault;

import io.gaia.events.Subjects;
import io.gaia.reliability.audit.Audit;
import io.gaia.reliability.audit.KbAdmin;
import io.gaia.reliability.audit.WorldSnapshot;
import io.gaia.reliability.client.Crowd;
import io.gaia.reliability.client.Samples;
import io.gaia.reliability.client.SimPlayer;
import io.gaia.reliability.stack.DrillExperience;
import io.gaia.testsupport.NatsCluster;
import io.gaia.testsupport.ServiceProcess;
import io.gaia.testsupport.stack.GaiaStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Issue 13's failovers on the clustered layout ({@link FaultScenarios#startClustered}), each under the
 * crowd's load and ending with the audit: the kb-service instance that owns the drill experience
 * SIGKILLed (its lease runs out, another instance rebuilds the experience from the JetStream journal and
 * serves it; the killed one comes back and the placement hands the experience back to it), and the
 * nats-server node that leads the journal stream SIGKILLed and restarted.
 *
 * <p>"Actions succeed again" is measured per fault from the kill to the first acknowledgement of an
 * action sent after the kill (one sent before may have been answered by the dying owner).
 */
public final class FailoverScenarios {

    /**
     * Issue 13's target: actions succeed again within 5 s at p99 of the owner kills (goal 2 s). A benchmark
     * figure, reported as met or not; it fails the scenario only with {@code -Dgaia.faults.recovery-gate=true}
     * (the harness's issue form on a quiet machine). Every kill is bounded by {@link #RECOVERY_LIMIT} always.
     */
    static final long RECOVERY_TARGET_MS = 5000;
    private static final boolean RECOVERY_GATE = Boolean.getBoolean("gaia.faults.recovery-gate");
    private static final Duration RECOVERY_LIMIT = Duration.ofSeconds(20);
    /**
     * The bound after a NATS node kill: each stream, KV bucket and object store the node led elects a new
     * leader, and nats-server's Raft followers wait 4–9 s for a lost leader before they campaign
     * ({@code minElectionTimeoutDefault}/{@code maxElectionTimeoutDefault} in server/raft.go), longer when a
     * round fails; an engine's open reads three of them. Seen: 12.6–13.5 s, and once just over 20 s, on
     * this loaded 2-core machine.
     */
    private static final Duration NODE_KILL_RECOVERY_LIMIT = Duration.ofSeconds(30);
    private static final Duration STABLE_WITHIN = Duration.ofSeconds(60);
    /** Load with a NATS node down: long enough for many acknowledged actions on the two survivors. */
    private static final Duration NODE_DOWN = Duration.ofSeconds(3);

    private final FaultScenarios drill;
    private final GaiaStack stack;
    private final NatsCluster cluster;
    private final Crowd crowd;
    private final KbAdmin admin;
    private final Random random = new Random(13);

    public FailoverScenarios(FaultScenarios drill) {
        if (drill.stack().natsCluster() == null || drill.stack().kbs().size() < 2) {
            throw new IllegalArgumentException("failovers need the clustered drill (FaultScenarios.startClustered)");
        }
        this.drill = drill;
        this.stack = drill.stack();
        this.cluster = stack.natsCluster();
        this.crowd = drill.crowd();
        this.admin = drill.admin();
    }

    /**
     * The owner of the drill experience SIGKILLed {@code kills} times under load. Each round: wait until
     * ownership is settled, kill the owner at a random moment, measure until actions succeed again,
     * restart the killed instance (three stay alive; it takes the experience back), wait until settled,
     * and check acknowledged actions, versions and conservation on the owner with the load paused. The
     * full audit (with every client's view and silent gaps) ends the scenario.
     */
    public ScenarioResult ownerKills(int kills) throws Exception {
        ScenarioResult result = new ScenarioResult("the kb-service instance owning the experience SIGKILLed under load");
        result.figure("players", crowd.players().size()).figure("kb-service instances", stack.kbs().size())
                .figure("NATS nodes", cluster.size()).figure("faults injected", kills);
        Crowd.Counts start = crowd.counts();
        long[] recoveries = new long[kills];
        long[] served = new long[kills];
        long worstHandback = 0;
        long lost = 0;
        int survived = 0;
        List<String> killed = new ArrayList<>();
        for (int round = 0; round < kills; round++) {
            crowd.resume();
            awaitSettled();
            Thread.sleep(2000 + random.nextInt(2000));
            ServiceProcess owner = drill.drillOwner(Duration.ofSeconds(30));
            killed.add("kb-" + (stack.kbs().indexOf(owner) + 1));
            long killedAt = System.currentTimeMillis();
            owner.kill();
            served[round] = awaitServedElsewhere(owner, killedAt);
            long recovery = awaitActionsSucceed(killedAt, RECOVERY_LIMIT);
            recoveries[round] = recovery < 0 ? RECOVERY_LIMIT.toMillis() : recovery;
            if (recovery < 0) {
                result.fail("kill " + round + ": no action succeeded within " + RECOVERY_LIMIT + " of the kill");
            }
            long restartedAt = System.currentTimeMillis();
            owner.start();
            awaitSettled();
            Thread.sleep(1000);
            worstHandback = Math.max(worstHandback, crowd.acks().longestGap(restartedAt, System.currentTimeMillis()));
            List<String> lostNow = acknowledgedMissingOnTheOwner();
            lost += lostNow.size();
            int kill = round;
            lostNow.stream().limit(10).forEach(l -> result.fail("kill " + kill + ": " + l));
            if (recovery >= 0 && lostNow.isEmpty()) {
                survived++;
            }
        }
        crowd.resume();
        Thread.sleep(2000);
        FaultScenarios.load(result, crowd.counts().minus(start));
        long p99 = Samples.quantile(recoveries, 0.99);
        result.figure("faults survived", survived)
                .figure("instances killed", String.join(" ", killed))
                .figure("actions succeed again after the kill, p50 / p99 / max over kills (ms)",
                        Samples.quantile(recoveries, 0.5) + " / " + p99 + " / " + Arrays.stream(recoveries).max().orElse(0))
                .figure("each kill's recovery (ms)", Arrays.toString(recoveries))
                .figure("each kill's new owner serving after (ms)", Arrays.toString(served))
                .figure("longest pause in acknowledgements while the killed instance returned (worst, ms)", worstHandback)
                .figure("acknowledged actions missing on the owner after a failover", lost);
        result.figure("target met (actions succeed again within 5 s at p99)", p99 <= RECOVERY_TARGET_MS);
        if (RECOVERY_GATE && p99 > RECOVERY_TARGET_MS) {
            result.fail("actions succeeded again " + p99 + " ms after a kill at p99 (target " + RECOVERY_TARGET_MS + ")");
        }
        drill.settle(result, "after the owner kills");
        return result;
    }

    /**
     * A nats-server node SIGKILLed under load (the leader of the {@code KB_JOURNAL} stream when it has
     * one), then restarted; {@code cycles} times, then the audit: nothing acknowledged lost, no silent gap.
     * The node stays down until actions succeed on the two survivors plus {@code NODE_DOWN}, or for
     * {@code NODE_KILL_RECOVERY_LIMIT} at most: how soon that happens is a figure, since writes to a stream
     * whose leader died wait for nats-server's Raft election (docs/reliability.md), whatever kb-service does.
     * After the restart actions must succeed within {@code RECOVERY_LIMIT}: with every node back there is
     * no excuse.
     */
    public ScenarioResult natsNodeKills(int cycles) throws Exception {
        ScenarioResult result = new ScenarioResult("the NATS node leading the journal stream SIGKILLed under load");
        result.figure("players", crowd.players().size()).figure("NATS nodes", cluster.size()).figure("faults injected", cycles);
        Crowd.Counts start = crowd.counts();
        List<String> whileDown = new ArrayList<>();
        long acknowledgedWhileDown = 0;
        int survived = 0;
        List<String> killed = new ArrayList<>();
        for (int cycle = 0; cycle < cycles; cycle++) {
            crowd.resume();
            awaitSettled();
            Thread.sleep(2000 + random.nextInt(2000));
            int leader = cluster.streamLeader(Subjects.KB_JOURNAL_STREAM);
            int node = leader >= 0 ? leader : random.nextInt(cluster.size());
            killed.add(cluster.serverName(node) + (leader >= 0 ? "" : " (no journal leader found: any node)")
                    + " leading " + cluster.streamsLedBy(node));
            long killedAt = System.currentTimeMillis();
            cluster.kill(node);
            long recovery = awaitActionsSucceed(killedAt, NODE_KILL_RECOVERY_LIMIT);
            whileDown.add(recovery < 0 ? "none within " + NODE_KILL_RECOVERY_LIMIT.toSeconds() + " s" : recovery + " ms");
            if (recovery >= 0) {
                Thread.sleep(NODE_DOWN.toMillis());
            }
            long restartedAt = System.currentTimeMillis();
            acknowledgedWhileDown += crowd.acks().between(killedAt, restartedAt).length;
            cluster.restart(node);
            long afterRestart = recovery >= 0 ? 0 : awaitActionsSucceed(restartedAt, RECOVERY_LIMIT);
            awaitSettled();
            if (afterRestart < 0) {
                result.fail("node kill " + cycle + ": no action succeeded while the node was down, nor within "
                        + RECOVERY_LIMIT + " of its restart");
            } else {
                survived++;
            }
        }
        crowd.resume();
        Thread.sleep(2000);
        FaultScenarios.load(result, crowd.counts().minus(start));
        result.figure("faults survived", survived)
                .figure("nodes killed", String.join(", ", killed))
                .figure("first action acknowledged while the node was down, after (each kill)", String.join(", ", whileDown))
                .figure("actions acknowledged while the node was down", acknowledgedWhileDown);
        drill.settle(result, "after the NATS node kills");
        return result;
    }

    /** Milliseconds from {@code killedAt} until another live instance says it serves the drill experience; -1 if none did. */
    private long awaitServedElsewhere(ServiceProcess killed, long killedAt) throws InterruptedException {
        long deadline = killedAt + RECOVERY_LIMIT.toMillis();
        while (System.currentTimeMillis() < deadline) {
            if (stack.servingKbs(DrillExperience.ID).stream().anyMatch(kb -> kb != killed)) {
                return System.currentTimeMillis() - killedAt;
            }
            Thread.sleep(50);
        }
        return -1;
    }

    /** Milliseconds from {@code killedAt} to the first acknowledgement of an action sent after it; -1 if none came. */
    private long awaitActionsSucceed(long killedAt, Duration limit) throws InterruptedException, java.io.IOException {
        long deadline = killedAt + limit.toMillis();
        boolean dumped = false;
        while (System.currentTimeMillis() < deadline) {
            long first = crowd.acks().firstTimeWithValueAtLeast(killedAt, killedAt);
            if (first >= 0) {
                return first - killedAt;
            }
            if (!dumped && System.currentTimeMillis() - killedAt > 2 * RECOVERY_TARGET_MS) {
                dumped = true; // far past the target: what every process is doing, for the report
                drill.dumpThreads(ServiceProcess.repositoryRoot().resolve("reliability/target/diagnostics/kill-" + killedAt));
            }
            Thread.sleep(20);
        }
        return -1;
    }

    /**
     * Waits until every kb-service instance is alive and sees all of them, and one instance serves the
     * drill experience, the same one on two looks a second apart (placement has handed it back).
     */
    private void awaitSettled() throws InterruptedException {
        long deadline = System.nanoTime() + STABLE_WITHIN.toNanos();
        List<ServiceProcess> kbs = stack.kbs();
        ServiceProcess seen = null;
        while (System.nanoTime() < deadline) {
            boolean allSeeAll = kbs.stream().allMatch(kb -> kb.isAlive() && ServiceProbe.liveKbInstances(kb).size() == kbs.size());
            List<ServiceProcess> serving = stack.servingKbs(DrillExperience.ID);
            ServiceProcess owner = allSeeAll && serving.size() == 1 ? serving.get(0) : null;
            if (owner != null && owner == seen) {
                return;
            }
            seen = owner;
            Thread.sleep(owner == null ? 200 : 1000);
        }
        throw new IllegalStateException("ownership of '" + DrillExperience.ID + "' did not settle within " + STABLE_WITHIN
                + ": served by " + stack.servingKbs(DrillExperience.ID).stream().map(ServiceProcess::url).toList());
    }

    /** With the load paused: acknowledged actions, versions and conservation against the owner's state. */
    private List<String> acknowledgedMissingOnTheOwner() throws Exception {
        crowd.pause(Duration.ofSeconds(20));
        try {
            WorldSnapshot state = admin.snapshot(DrillExperience.ID, crowd.players().stream().map(SimPlayer::userId).toList());
            List<String> problems = new ArrayList<>(Audit.lostAcknowledged(crowd, state));
            problems.addAll(Audit.versionRegressions(crowd, state));
            problems.addAll(state.conservationProblems(DrillExperience.items(crowd.players().size())));
            return problems;
        } finally {
            crowd.resume();
        }
    }
}
