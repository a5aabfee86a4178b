package io.gaia.bench;

import io.gaia.testsupport.GeneratedExperience;
import io.gaia.testsupport.TestTokens;
import io.gaia.testsupport.ServiceProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Interest management at town scale: {@code players} sockets spread evenly over the {@code zones}
 * zones of a generated town ({@link GeneratedExperience#writeTown}), each player walked into their
 * zone with {@code update_location}. With {@code areas} above 1, each zone has that many areas, the
 * town scopes interest by area ({@code state.interest: "area"}), and the players spread evenly over
 * every area (each walked into its zone, then sent there with {@code go}): "zone" below then means
 * one area's chain. At a fixed total rate, a random player of a zone (round robin
 * over the zones) collects or drops one of that zone's items. Measures send -> the world_update of
 * every other player in the same zone, counts every world_update delivered and every one delivered
 * to a player outside the delta's zone (must be 0), session-service's and kb-service's CPU time per
 * action (/proc), and session-service's live heap per socket.
 */
final class ZoneRun {

    static final String TOWN = "town";
    static final int ITEMS_PER_ZONE = 4;

    record Result(int players, int zones, long[] own, long[] others, long actions, long succeeded, long skipped,
                  long delivered, long outside, double seconds, double sessionCpuSeconds, double kbCpuSeconds,
                  long baselineHeap, long loadedHeap, long sessionWrites) {
        double deliveredPerSecond() {
            return delivered / seconds;
        }

        double heapPerSocket() {
            return (loadedHeap - baselineHeap) / (double) players;
        }
    }

    private record InFlight(long sentNanos, int actor, int zone, int item) {
    }

    private final ServiceProcess session;
    private final ServiceProcess kb;
    private final int players;
    private final int zones;
    private final int areas;
    /** Chains: one per zone, or one per area of every zone ({@code zones * areas}). */
    private final int chains;
    private final double rate;
    private final List<BenchSocket> sockets = new ArrayList<>();
    private final int[] zoneOf;
    private final String[] zoneName;
    private final CountDownLatch placed;
    private final AtomicBoolean[] placedOnce;
    private final Map<String, InFlight> inFlight = new ConcurrentHashMap<>();
    private final int[][] holder;
    private final AtomicBoolean[][] busy;
    private final Samples own = new Samples();
    private final Samples others = new Samples();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong outside = new AtomicLong();
    private final AtomicLong succeeded = new AtomicLong();
    private final AtomicInteger requestIds = new AtomicInteger();
    private volatile boolean recording;
    private boolean histogram;

    /** Prints session-service's live-object histogram once the sockets are placed. */
    ZoneRun histogram(boolean print) {
        this.histogram = print;
        return this;
    }

    ZoneRun(ServiceProcess session, ServiceProcess kb, int players, int zones, int areas, double rate) {
        this.session = session;
        this.kb = kb;
        this.players = players;
        this.zones = zones;
        this.areas = areas;
        this.chains = zones * areas;
        this.rate = rate;
        this.zoneOf = new int[players];
        this.zoneName = new String[players];
        this.placed = new CountDownLatch(players);
        this.placedOnce = new AtomicBoolean[players];
        this.holder = new int[chains][ITEMS_PER_ZONE];
        this.busy = new AtomicBoolean[chains][ITEMS_PER_ZONE];
        for (int z = 0; z < chains; z++) {
            for (int n = 0; n < ITEMS_PER_ZONE; n++) {
                holder[z][n] = -1;
                busy[z][n] = new AtomicBoolean();
            }
        }
        for (int i = 0; i < players; i++) {
            zoneOf[i] = i % chains;
            placedOnce[i] = new AtomicBoolean();
        }
    }

    Result run(Duration warmup, Duration measure) throws Exception {
        HttpClient client = HttpClient.create(ConnectionProvider.newConnection());
        TestTokens tokens = TestTokens.development();
        String ws = session.url().replaceFirst("^http", "ws") + "/ws/experience?experience=" + TOWN + "&token=";
        long baseline = IdleRun.liveHeap(session);
        for (int i = 0; i < players; i += 250) {
            List<CompletableFuture<Void>> pending = new ArrayList<>();
            for (int j = i; j < Math.min(players, i + 250); j++) {
                int index = j;
                BenchSocket socket = BenchSocket.open(client, ws + tokens.player("townie-" + j), text -> onText(index, text));
                sockets.add(socket);
                pending.add(socket.connected());
            }
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        }
        for (int i = 0; i < players; i++) {
            double[] gps = GeneratedExperience.townGps(zoneOf[i] / areas);
            sockets.get(i).send("{\"type\":\"update_location\",\"lat\":" + gps[0] + ",\"lng\":" + gps[1] + "}");
            if (i % 500 == 499) {
                Thread.sleep(200); // 10,000 walks are 10,000 kb actions: do not make them one burst
            }
        }
        if (!placed.await(300, TimeUnit.SECONDS)) {
            throw new IllegalStateException(placed.getCount() + " players never got their zone's snapshot");
        }
        Thread.sleep(2000);
        long loaded = IdleRun.liveHeap(session);
        if (histogram) {
            Process jcmd = new ProcessBuilder("jcmd", Long.toString(session.pid()), "GC.class_histogram").start();
            new String(jcmd.getInputStream().readAllBytes()).lines().limit(45).forEach(System.out::println);
        }

        long[] counters = new long[2];
        drive(warmup, counters);
        Thread.sleep(500);
        own.clear();
        others.clear();
        delivered.set(0);
        outside.set(0);
        succeeded.set(0);
        counters[0] = 0;
        counters[1] = 0;
        SyscallCount writes = SyscallCount.start(session.pid());
        ProcessCounters sessionBefore = ProcessCounters.of(session.pid());
        ProcessCounters kbBefore = ProcessCounters.of(kb.pid());
        recording = true;
        long start = System.nanoTime();
        drive(measure, counters);
        Thread.sleep(500); // let the last deltas land
        double seconds = (System.nanoTime() - start) / 1e9;
        recording = false;
        ProcessCounters sessionUsed = ProcessCounters.of(session.pid()).minus(sessionBefore);
        double kbSeconds = ProcessCounters.of(kb.pid()).minus(kbBefore).cpuSeconds();
        sockets.forEach(BenchSocket::close);
        return new Result(players, zones, own.sorted(), others.sorted(), counters[0], succeeded.get(), counters[1],
                delivered.get(), outside.get(), seconds, sessionUsed.cpuSeconds(), kbSeconds, baseline, loaded,
                writes.stop());
    }

    /** Sends actions at the target rate, zones in turn; counters: sent, skipped (all of that zone's items busy). */
    private void drive(Duration duration, long[] counters) {
        int[] zone = {0};
        Pacer.run(rate, duration, () -> {
            zone[0] = (zone[0] + 1) % chains;
            int z = zone[0];
            int item = -1;
            int first = ThreadLocalRandom.current().nextInt(ITEMS_PER_ZONE);
            for (int tries = 0; tries < ITEMS_PER_ZONE; tries++) {
                int candidate = (first + tries) % ITEMS_PER_ZONE;
                if (busy[z][candidate].compareAndSet(false, true)) {
                    item = candidate;
                    break;
                }
            }
            if (item < 0) {
                counters[1]++;
                return;
            }
            int actor = holder[z][item] >= 0 ? holder[z][item] : randomPlayerIn(z);
            String action = holder[z][item] >= 0 ? "drop_item" : "collect_item";
            String requestId = "z" + requestIds.incrementAndGet();
            inFlight.put(requestId, new InFlight(System.nanoTime(), actor, z, item));
            sockets.get(actor).send("{\"type\":\"action\",\"action\":\"" + action + "\",\"instance_id\":\""
                    + GeneratedExperience.townItem(z / areas, z % areas, item) + "\",\"request_id\":\"" + requestId + "\"}");
            counters[0]++;
        });
    }

    private int randomPlayerIn(int zone) {
        int perZone = (players - zone + chains - 1) / chains;
        return zone + chains * ThreadLocalRandom.current().nextInt(perZone);
    }

    /** The name of chain {@code c}: its zone's id, or {@code <zone>/<area>} where the town scopes interest by area. */
    private String chainName(int c) {
        String zone = "zone_" + c / areas;
        return areas == 1 ? zone : zone + "/" + GeneratedExperience.townArea(c % areas);
    }

    private void onText(int player, String text) {
        long now = System.nanoTime();
        if (text.startsWith("{\"type\":\"world_update\"")) {
            if (!text.contains("\"scope\":\"world\"")) {
                return;
            }
            if (recording) {
                delivered.incrementAndGet();
            }
            String zone = LatencyRun.field(text, "\"zone\":\"");
            if (!zone.equals(zoneName[player])) {
                outside.incrementAndGet();
            }
            InFlight action = inFlight.get(LatencyRun.field(text, "\"request_id\":\""));
            if (action != null && recording) {
                (player == action.actor() ? own : others).add((now - action.sentNanos()) / 1000);
            }
        } else if (text.startsWith("{\"type\":\"area_of_interest\"")) {
            String chain = LatencyRun.field(text, "\"chain\":\"");
            String zone = chain.isEmpty() ? LatencyRun.field(text, "\"zone\":{\"id\":\"") : chain;
            zoneName[player] = zone;
            String wanted = chainName(zoneOf[player]);
            if (zone.equals(wanted) && placedOnce[player].compareAndSet(false, true)) {
                placed.countDown();
            } else if (areas > 1 && !zone.equals(wanted) && zone.startsWith("zone_" + zoneOf[player] / areas + "/")) {
                // in the zone, in its entry area: go on to the player's own area
                sockets.get(player).send("{\"type\":\"action\",\"action\":\"go\",\"destination\":\""
                        + GeneratedExperience.townArea(zoneOf[player] % areas) + "\",\"request_id\":\"go-" + player + "\"}");
            }
        } else if (text.startsWith("{\"type\":\"action_response\"")) {
            InFlight action = inFlight.get(LatencyRun.field(text, "\"request_id\":\""));
            if (action == null || player != action.actor()) {
                return;
            }
            if (text.contains("\"success\":true")) {
                holder[action.zone()][action.item()] = holder[action.zone()][action.item()] >= 0 ? -1 : action.actor();
                if (recording) {
                    succeeded.incrementAndGet();
                }
            }
            busy[action.zone()][action.item()].set(false);
        }
    }
}
