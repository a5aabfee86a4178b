package io.gaia.reliability.fault;

import io.gaia.events.GaiaJson;
import io.gaia.events.Subjects;
import io.gaia.reliability.audit.KbAdmin;
import io.gaia.reliability.client.Crowd;
import io.gaia.reliability.client.Ledger;
import io.gaia.reliability.client.SimPlayer;
import io.gaia.reliability.stack.DrillExperience;
import io.gaia.reliability.stack.DrillStack;
import io.gaia.testsupport.TestTokens;
import io.gaia.testsupport.stack.GaiaStack;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * The operator faults of issue 11 (and the long-id / deep-edit restart of issue 12), each run under
 * the load of a {@link FaultScenarios} crowd and ending with its audit: resets and restores
 * ({@code @reset experience CONFIRM}, {@code @restore <backup_id> CONFIRM}), kb-service restarted on
 * a wiped state folder while JetStream keeps the old history, a forged far-ahead delta on NATS.
 *
 * <p>Each changes what players hold from outside their own actions; the crowd's ledgers are told
 * (a <em>boundary</em>, {@link Ledger}) so the audit still checks every acknowledged action.
 */
public final class LifecycleScenarios implements AutoCloseable {

    /** The operator's lines (docs/protocol.md, admin commands). */
    static final String RESET = "@reset experience";
    static final String RESTORE = "@restore ";
    static final String CONFIRM = " CONFIRM";
    /** "With CONFIRM: success true, answered within 1 s even with 10,000 players in the experience." */
    static final long CONFIRM_ANSWER_MS = 1000;
    /** A socket may cost at most this many snapshots for one fault (the gap filler's budget, default 5). */
    static final int SNAPSHOT_BUDGET = 5;
    private static final GaiaJson JSON = GaiaJson.withMaxBytes(16 * 1024 * 1024);

    private final FaultScenarios drill;
    private final GaiaStack stack;
    private final Crowd crowd;
    private final KbAdmin admin;
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "operator");
        t.setDaemon(true);
        return t;
    });
    private String lastBackupId;
    private Map<String, Map<String, Ledger.Belief>> heldAtLastReset = Map.of();

    public LifecycleScenarios(FaultScenarios drill) {
        this.drill = drill;
        this.stack = drill.stack();
        this.crowd = drill.crowd();
        this.admin = drill.admin();
    }

    /**
     * {@code @reset experience} (must be refused with the exact confirm line), then
     * {@code @reset experience CONFIRM} from an admin socket while the crowd plays and
     * {@code existing} players exist: answered within 1 s, no server path in it, every connected
     * socket gets one fresh {@code area_of_interest} ({@code resync: true}), session heap bounded,
     * and afterwards every item exactly once (carried items went back to the world).
     */
    public ScenarioResult resetUnderLoad(int existing) throws Exception {
        ScenarioResult result = new ScenarioResult("@reset experience CONFIRM under load");
        crowd.resume();
        int seeded = seedPlayers(existing - crowd.players().size());
        result.figure("players connected", crowd.connected())
                .figure("players existing before the reset", admin.playerIds(DrillExperience.ID).size())
                .figure("players created for it over HTTP", seeded)
                .figure("faults injected", 1);
        Crowd.Counts start = crowd.counts();
        long heapBefore = heap();
        Thread.sleep(3000);
        long sent;
        try (Operator operator = operator()) {
            checkPreview(result, operator.act(RESET), RESET + CONFIRM);
            sent = System.currentTimeMillis();
            crowd.boundaryStarted();
            JsonNode done = operator.act(RESET + CONFIRM);
            long answered = System.currentTimeMillis() - sent;
            crowd.boundaryEnded(p -> after(done, p, Map.of()));
            heldAtLastReset = new HashMap<>();
            crowd.players().forEach(p -> heldAtLastReset.put(p.userId(), p.ledger().atLastBoundary()));
            checkConfirmed(result, done, answered);
            lastBackupId = done == null ? null : done.at("/metadata/backup_id").asString(null);
            result.figure("backup id", lastBackupId);
        }
        afterBoundary(result, sent, heapBefore, start);
        settleAndMark(result, "after the reset");
        return result;
    }

    /**
     * {@code @restore <backup_id>} of the backup the reset made (refused without CONFIRM), then with
     * CONFIRM under load: the world and players come back as they were when the reset ran, in a new
     * epoch, every socket gets one fresh snapshot, and the audit holds against that backup.
     */
    public ScenarioResult restoreFromResetBackup() throws Exception {
        ScenarioResult result = new ScenarioResult("@restore <reset backup> CONFIRM under load");
        result.figure("players connected", crowd.connected()).figure("faults injected", 1);
        crowd.resume();
        Crowd.Counts start = crowd.counts();
        if (lastBackupId == null) {
            result.fail("no backup_id from the reset scenario: nothing to restore");
            drill.settle(result, "without a restore");
            return result;
        }
        long heapBefore = heap();
        Thread.sleep(2000);
        long sent;
        Map<String, Map<String, Ledger.Belief>> backup = heldAtLastReset;
        try (Operator operator = operator()) {
            checkPreview(result, operator.act(RESTORE + lastBackupId), RESTORE + lastBackupId + CONFIRM);
            sent = System.currentTimeMillis();
            crowd.boundaryStarted();
            JsonNode done = operator.act(RESTORE + lastBackupId + CONFIRM);
            long answered = System.currentTimeMillis() - sent;
            crowd.boundaryEnded(p -> after(done, p, backup.getOrDefault(p.userId(), Map.of())));
            checkConfirmed(result, done, answered);
        }
        afterBoundary(result, sent, heapBefore, start);
        settleAndMark(result, "after the restore");
        return result;
    }

    /**
     * kb-service stopped, its whole state folder deleted, started again, while nats-server (and its
     * JetStream history of the old state) stays. Connected sockets must be moved to the fresh state
     * (one snapshot each, never an old-epoch delta), and a client resuming from the old history
     * (its old versions and epoch) gets exactly a snapshot, not the stale deltas.
     */
    public ScenarioResult kbRestartedOnAWipedStateFolder() throws Exception {
        ScenarioResult result = new ScenarioResult("kb-service restarted on a wiped state folder (JetStream keeps the old history)");
        result.figure("players connected", crowd.connected()).figure("faults injected", 1);
        crowd.resume();
        Crowd.Counts start = crowd.counts();
        long heapBefore = heap();
        Thread.sleep(3000);
        SimPlayer veteran = crowd.players().get(0);
        Map<String, Long> oldVersions = veteran.versions();
        String oldEpoch = veteran.epoch();
        long sent = System.currentTimeMillis();
        crowd.boundaryStarted();
        stack.kb().stop();
        stack.wipeState();
        stack.kb().start();
        crowd.boundaryEnded(p -> Map.of());
        result.figure("kb-service down (ms)", System.currentTimeMillis() - sent);
        afterBoundary(result, sent, heapBefore, start);
        SimPlayer probe = new SimPlayer("drill-returning", stack.socketUrl().build(), DrillExperience.ID, timer);
        try {
            probe.holdVersions(oldEpoch, oldVersions.getOrDefault("world", 0L), oldVersions.getOrDefault("player", 0L));
            probe.connect().get(10, TimeUnit.SECONDS);
            Thread.sleep(4000);
            result.figure("a client resuming from the old history: resync snapshots / deltas replayed / violations",
                    probe.resyncs() + " / " + probe.replayed() + " / " + probe.violations().size());
            if (probe.resyncs() != 1 || probe.replayed() != 0) {
                result.fail("a client resuming from the old history (world " + oldVersions.get("world") + ", epoch " + oldEpoch
                        + ") got " + probe.resyncs() + " resync snapshot(s) and " + probe.replayed()
                        + " replayed delta(s); expected exactly one snapshot and no replay");
            }
            probe.violations().stream().limit(5).forEach(v -> result.fail("the resuming client: " + v));
        } finally {
            probe.close();
        }
        settleAndMark(result, "after the wiped restart");
        return result;
    }

    /**
     * Two forged deltas published straight on the experience's NATS subject: one far ahead
     * ({@code snapshot_version} a million past kb's version), one impossible
     * ({@code snapshot_version <= base_version}). Both must be dropped and counted, cost each
     * socket at most a handful of snapshots, and never reach a client's world.
     */
    public ScenarioResult forgedDeltasOnNats(Duration watch) throws Exception {
        ScenarioResult result = new ScenarioResult("forged far-ahead and impossible deltas on NATS");
        result.figure("players connected", crowd.connected()).figure("faults injected", 2);
        crowd.resume();
        Crowd.Counts start = crowd.counts();
        long heapBefore = heap();
        Thread.sleep(2000);
        long world = admin.world(DrillExperience.ID).path("metadata").path("_zone_versions").path(DrillExperience.ZONE)
                .asLong();
        String epoch = crowd.players().get(0).epoch();
        double rejectedBefore = counter("gaia_session_deltas_rejected_total");
        long sent = System.currentTimeMillis();
        try (Connection nats = Nats.connect(stack.nats().url())) {
            String zone = Subjects.zoneUpdates(DrillExperience.ID, DrillExperience.ZONE);
            nats.publish(zone, forged(world, world + 1_000_000, epoch));
            nats.publish(zone, forged(world + 5, world + 5, epoch));
            nats.flush(Duration.ofSeconds(5));
        }
        Thread.sleep(watch.toMillis());
        long until = System.currentTimeMillis();
        double rejected = counter("gaia_session_deltas_rejected_total") - rejectedBefore;
        int worst = 0;
        long total = 0;
        for (SimPlayer player : crowd.players()) {
            int n = player.snapshots().between(sent, until).length;
            worst = Math.max(worst, n);
            total += n;
        }
        long heapAfter = heap();
        FaultScenarios.load(result, crowd.counts().minus(start));
        result.figure("deltas rejected by session-service (gaia_session_deltas_rejected_total)", (long) rejected)
                .figure("resync snapshots in the " + watch.toSeconds() + " s after (all sockets / worst socket)", total + " / " + worst)
                .figure("session heap after GC before / after (MB)", FaultScenarios.mb(heapBefore) + " / " + FaultScenarios.mb(heapAfter));
        if (!(rejected >= 1)) {
            result.fail("the forged deltas were not counted as rejected (gaia_session_deltas_rejected_total did not grow)");
        }
        if (worst > SNAPSHOT_BUDGET) {
            result.fail("a socket received " + worst + " resync snapshots in " + watch.toSeconds() + " s after two bad messages (budget "
                    + SNAPSHOT_BUDGET + ")");
        }
        checkHeap(result, heapAfter);
        settleAndMark(result, "after the forged deltas");
        return result;
    }

    /**
     * Issue 12 items 3 and 4: players with 256-character and long non-ASCII ids act, an admin sends
     * a 63-deep (and a 54-deep) {@code @edit}; then kb-service is restarted and the experience must
     * be loaded and playing: the long-id players' state kept (or their ids refused at the edge with
     * a documented error), the over-deep edit refused, every client served again.
     */
    public ScenarioResult longIdsAndDeepEditThenRestart() throws Exception {
        ScenarioResult result = new ScenarioResult("long user ids and a deep @edit, then kb-service restarted");
        result.figure("players connected", crowd.connected()).figure("faults injected", 1);
        crowd.resume();
        Crowd.Counts start = crowd.counts();
        List<String> ids = List.of("l".repeat(256), "я".repeat(60) + "@пример.рф", "é".repeat(128));
        List<String> accepted = new ArrayList<>();
        for (String id : ids) {
            HttpResponse<String> answer = admin.act(DrillExperience.ID, id, false, "inventory", Map.of());
            String outcome = answer.statusCode() + " " + codeOf(answer.body());
            result.figure("action by a " + id.length() + "-character id (" + id.getBytes(StandardCharsets.UTF_8).length
                    + " bytes UTF-8)", outcome);
            if (succeeded(answer)) {
                accepted.add(id);
            } else if (answer.statusCode() >= 500 || !(answer.statusCode() >= 400 || answer.statusCode() == 200)) {
                result.fail("a " + id.length() + "-character id answered " + outcome);
            }
        }
        String deep63 = nested(63);
        HttpResponse<String> edit = admin.act(DrillExperience.ID, "drill-editor", true, "@edit",
                Map.of("instance_id", DrillExperience.relic(0), "field", "state.deep", "value", deep63));
        boolean deepAccepted = succeeded(edit);
        result.figure("@edit with a 63-deep value", edit.statusCode() + " " + codeOf(edit.body()));
        if (deepAccepted) {
            result.fail("a 63-deep @edit was accepted; it must be refused with a clear error");
        } else if (edit.statusCode() >= 500 || "internal_error".equals(codeOf(edit.body()))) {
            result.fail("a 63-deep @edit answered " + edit.statusCode() + " " + edit.body());
        }
        HttpResponse<String> edit54 = admin.act(DrillExperience.ID, "drill-editor", true, "@edit",
                Map.of("instance_id", DrillExperience.relic(1), "field", "state.deep", "value", nested(54)));
        result.figure("@edit with a 54-deep value", edit54.statusCode() + " " + codeOf(edit54.body()));
        Thread.sleep(3000); // a few folds (every 500 ms) with those documents in the state
        long down = System.currentTimeMillis();
        stack.kb().stop();
        stack.kb().start();
        result.figure("kb-service restart (ms)", System.currentTimeMillis() - down);
        HttpResponse<String> play = admin.act(DrillExperience.ID, "drill-after-restart", false, "inventory", Map.of());
        boolean loaded = succeeded(play);
        result.figure("experience playing after the restart", loaded);
        if (!loaded) {
            result.fail("after the restart the drill experience does not play: " + play.statusCode() + " " + play.body());
        }
        List<String> after = admin.playerIds(DrillExperience.ID);
        for (String id : accepted) {
            if (!after.contains(id)) {
                result.fail("the accepted player with a " + id.length() + "-character id is gone after the restart");
            }
        }
        Thread.sleep(2000);
        FaultScenarios.load(result, crowd.counts().minus(start));
        settleAndMark(result, "after the restart");
        return result;
    }

    // ---- shared steps ----------------------------------------------------------------------------

    /** Every connected socket gets one fresh snapshot after {@code sent}; heap bounded; load figures. */
    private void afterBoundary(ScenarioResult result, long sent, long heapBefore, Crowd.Counts start) throws Exception {
        List<SimPlayer> connected = crowd.players().stream().filter(SimPlayer::isConnected).toList();
        long deadline = System.currentTimeMillis() + 15_000;
        while (connected.stream().anyMatch(p -> p.snapshots().between(sent, Long.MAX_VALUE).length == 0)
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        long heapDuring = heap();
        int without = 0;
        List<String> whoWithout = new ArrayList<>();
        int worst = 0;
        long lastArrival = 0;
        for (SimPlayer player : connected) {
            long[] got = player.snapshots().between(sent, Long.MAX_VALUE);
            if (got.length == 0) {
                without++;
                whoWithout.add(player.userId() + " (connected " + player.isConnected() + ", epoch " + player.epoch()
                        + ", epoch changes " + player.epochChanges() + ")");
            }
            worst = Math.max(worst, got.length);
            long first = player.snapshots().firstTimeWithValueAtLeast(sent, 1);
            lastArrival = Math.max(lastArrival, first < 0 ? 0 : first - sent);
        }
        Thread.sleep(2000);
        long heapAfter = heap();
        boolean healthy = sessionHealthy();
        FaultScenarios.load(result, crowd.counts().minus(start));
        result.figure("connected sockets without a fresh snapshot within 15 s", without)
                .figure("resync snapshots per socket (worst)", worst)
                .figure("last socket's fresh snapshot after (ms)", lastArrival)
                .figure("players moved to a new epoch", crowd.players().stream().filter(p -> p.epochChanges() > 0).count())
                .figure("session heap after GC before / during / after (MB)", FaultScenarios.mb(heapBefore) + " / "
                        + FaultScenarios.mb(heapDuring) + " / " + FaultScenarios.mb(heapAfter))
                .figure("session-service health after", healthy);
        if (!healthy) {
            result.fail("session-service's /actuator/health did not answer UP within 15 s after the change");
        }
        if (without > 0) {
            result.fail(without + " connected socket(s) got no fresh area_of_interest (resync) within 15 s: "
                    + whoWithout.subList(0, Math.min(5, whoWithout.size())));
        }
        if (worst > SNAPSHOT_BUDGET) {
            result.fail("a socket got " + worst + " resync snapshots for one lifecycle change (expected one; budget " + SNAPSHOT_BUDGET + ")");
        }
        checkHeap(result, Math.max(heapDuring, heapAfter));
    }

    /** A counter of session-service's; read again (up to 5 s) when the scrape did not answer. */
    private double counter(String name) throws InterruptedException {
        for (int attempt = 0; attempt < 5; attempt++) {
            // one scrape, checked and read: a second request could fail and read as 0
            String scrape = ServiceProbe.body(stack.session().url() + "/actuator/prometheus");
            if (!scrape.isEmpty()) {
                return ServiceProbe.meterIn(scrape, name, "");
            }
            Thread.sleep(1000);
        }
        return Double.NaN;
    }

    /** Session heap after a full GC; measured again (3 tries) when the service did not answer in time. */
    private long heap() throws InterruptedException {
        for (int attempt = 0; attempt < 3; attempt++) {
            long heap = ServiceProbe.heapAfterGc(stack.session());
            if (heap >= 0) {
                return heap;
            }
            Thread.sleep(2000);
        }
        return -1;
    }

    /** session-service's health says UP within 15 s (issue 11: after a reset it stopped answering). */
    private boolean sessionHealthy() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < deadline) {
            if (ServiceProbe.body(stack.session().url() + "/actuator/health").contains("\"UP\"")) {
                return true;
            }
            Thread.sleep(500);
        }
        return false;
    }

    private void settleAndMark(ScenarioResult result, String when) throws Exception {
        result.figure("faults survived", result.failures().isEmpty() ? result.count("faults injected") : 0);
        drill.settle(result, when);
    }

    /**
     * What {@code player} holds after an operator line answered {@code done}: {@code ifDone} when it
     * succeeded, what it held before when it was refused, anything when no answer came.
     */
    private Map<String, Ledger.Belief> after(JsonNode done, SimPlayer player, Map<String, Ledger.Belief> ifDone) {
        if (done == null) {
            return crowd.unknownFor(player);
        }
        return done.path("success").asBoolean() ? ifDone : player.ledger().atLastBoundary();
    }

    private static void checkPreview(ScenarioResult result, JsonNode preview, String confirmLine) {
        result.figure("answer without CONFIRM", preview == null ? "none" : preview.path("success").asBoolean() + " "
                + preview.path("code").asString(""));
        if (preview == null) {
            result.fail("no action_response to the line without CONFIRM");
            return;
        }
        if (preview.path("success").asBoolean(true) || !"confirmation_required".equals(preview.path("code").asString())
                || !preview.at("/metadata/requires_confirmation").asBoolean(false)
                || !confirmLine.equals(preview.at("/metadata/confirm_with").asString())
                || !preview.path("message").asString("").contains(confirmLine)) {
            result.fail("without CONFIRM expected success false, code confirmation_required, requires_confirmation and '"
                    + confirmLine + "'; got " + abbreviate(preview.toString()));
        }
    }

    private void checkConfirmed(ScenarioResult result, JsonNode done, long answeredMillis) {
        result.figure("answer with CONFIRM after (ms)", done == null ? "none" : answeredMillis);
        if (done == null) {
            result.fail("no action_response to the CONFIRM line within 15 s");
            return;
        }
        if (!done.path("success").asBoolean()) {
            result.fail("the CONFIRM line failed: " + abbreviate(done.toString()));
        }
        if (answeredMillis > CONFIRM_ANSWER_MS) {
            result.fail("the CONFIRM line was answered after " + answeredMillis + " ms (contract: within " + CONFIRM_ANSWER_MS + " ms)");
        }
        String text = done.toString();
        if (text.contains(stack.stateDir().toString()) || text.contains(stack.stateDir().getParent().toString())
                || text.matches(".*\"/(tmp|home|var|root|work)/.*")) {
            result.fail("the answer names a server path: " + abbreviate(text));
        }
    }

    private static void checkHeap(ScenarioResult result, long heap) {
        if (heap > FaultScenarios.HEAP_BOUND) {
            result.fail("session heap after GC reached " + FaultScenarios.mb(heap) + " MB (bound "
                    + FaultScenarios.mb(FaultScenarios.HEAP_BOUND) + " MB)");
        }
    }

    /** Creates {@code count} more players (an {@code inventory} each over HTTP, 8 at a time); how many answered 200. */
    private int seedPlayers(int count) throws Exception {
        if (count <= 0) {
            return 0;
        }
        var pool = Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String user = "drill-resident-" + i;
                answers.add(pool.submit(() -> admin.act(DrillExperience.ID, user, false, "inventory", Map.of()).statusCode()));
            }
            int ok = 0;
            for (var answer : answers) {
                ok += answer.get(60, TimeUnit.SECONDS) == 200 ? 1 : 0;
            }
            return ok;
        } finally {
            pool.shutdownNow();
        }
    }

    private byte[] forged(long base, long snapshot, String epoch) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", "world_update");
        event.put("version", "0.4");
        event.put("experience", DrillExperience.ID);
        event.put("base_version", base);
        event.put("snapshot_version", snapshot);
        event.put("scope", "world");
        event.put("zone", DrillExperience.ZONE);
        event.put("changes", List.of(Map.of("operation", "remove", "path", "world.locations." + DrillExperience.ZONE + ".areas."
                + DrillExperience.AREA + ".spots.altar.items", "instance_id", DrillExperience.relic(2),
                "zone_id", DrillExperience.ZONE, "area_id", DrillExperience.AREA, "spot_id", "altar")));
        event.put("timestamp", System.currentTimeMillis());
        event.put("metadata", Map.of("request_id", "forged"));
        if (epoch != null) {
            event.put("epoch", epoch);
        }
        return JSON.writeString(event).getBytes(StandardCharsets.UTF_8);
    }

    /** 200 with {@code success: true}; a body too deep to read counts by its text (an accepted deep edit echoes it). */
    private static boolean succeeded(HttpResponse<String> answer) {
        if (answer.statusCode() != 200) {
            return false;
        }
        try {
            return JSON.readTree(answer.body()).path("success").asBoolean();
        } catch (RuntimeException unreadable) {
            return answer.body().contains("\"success\":true");
        }
    }

    private static String nested(int depth) {
        return "{\"a\":".repeat(depth - 1) + "{\"a\":1}" + "}".repeat(depth - 1);
    }

    private static String codeOf(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node.path("code").asString(node.path("error").path("code").asString(""));
        } catch (RuntimeException notJson) {
            return "";
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    private Operator operator() throws Exception {
        String user = "drill-operator";
        SimPlayer socket = new SimPlayer(user, stack.socketUrl().build(), DrillExperience.ID, timer,
                TestTokens.development().admin(user));
        socket.connect().get(10, TimeUnit.SECONDS);
        long deadline = System.currentTimeMillis() + 10_000;
        while (!socket.isConnected() && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        return new Operator(socket);
    }

    /** The studio operator's admin socket; an answer is null when none came in time (15 s). */
    private record Operator(SimPlayer socket) implements AutoCloseable {
        JsonNode act(String line) {
            try {
                return socket.act(line, Map.of()).get(30, TimeUnit.SECONDS);
            } catch (Exception noAnswer) {
                return null;
            }
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
