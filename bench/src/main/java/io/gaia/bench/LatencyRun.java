package io.gaia.bench;

import io.gaia.testsupport.TestTokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * N players in Woander's shop; at a fixed total rate, one of them collects or drops one of the four
 * bottles (each bottle moves only after its previous action was answered, so every action succeeds
 * and changes the shared world). Measures, per action, send -> the actor's own world_update and
 * send -> every other player's world_update, and counts all world_updates delivered.
 */
final class LatencyRun {

    static final List<String> BOTTLES = List.of("bottle_mystery", "bottle_energy", "bottle_joy", "bottle_nature");

    record Result(long[] own, long[] others, long[] responses, long actions, long succeeded, long skipped,
                  long delivered, double seconds) {
        double deliveredPerSecond() {
            return delivered / seconds;
        }
    }

    private record InFlight(long sentNanos, int actor, int bottle) {
    }

    private final String sessionUrl;
    private final int players;
    private final double rate;
    private final List<PlayerSocket> sockets = new ArrayList<>();
    private final boolean lean;
    private final Map<String, InFlight> inFlight = new ConcurrentHashMap<>();
    private final int[] holder = new int[BOTTLES.size()];
    private final AtomicBoolean[] busy = new AtomicBoolean[BOTTLES.size()];
    private final Samples own = new Samples();
    private final Samples others = new Samples();
    private final Samples responses = new Samples();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong succeeded = new AtomicLong();
    private final AtomicInteger requestIds = new AtomicInteger();
    private volatile boolean recording;

    /** {@code lean}: the players' sockets on {@link LeanSockets} (two selector threads), else Reactor Netty's client. */
    LatencyRun(String sessionUrl, int players, double rate, boolean lean) {
        this.sessionUrl = sessionUrl;
        this.lean = lean;
        this.players = players;
        this.rate = rate;
        for (int b = 0; b < busy.length; b++) {
            busy[b] = new AtomicBoolean();
            holder[b] = -1;
        }
    }

    /** Something to do between the warm-up and the measured window (e.g. read the services' timers). */
    @FunctionalInterface
    interface WindowStart {
        void run() throws Exception;
    }

    Result run(Duration warmup, Duration measure, WindowStart atWindowStart) throws Exception {
        HttpClient client = lean ? null : HttpClient.create(ConnectionProvider.newConnection());
        LeanSockets leanSockets = lean ? new LeanSockets(Integer.getInteger("bench.lean.threads", 2)) : null;
        TestTokens tokens = TestTokens.development();
        String ws = sessionUrl.replaceFirst("^http", "ws") + "/ws/experience?experience=wylding-woods&token=";
        List<CompletableFuture<Void>> connecting = new ArrayList<>();
        for (int i = 0; i < players; i++) {
            int index = i;
            String url = ws + tokens.player("bench-" + i);
            PlayerSocket socket = lean ? leanSockets.open(url, text -> onText(index, text))
                    : BenchSocket.open(client, url, text -> onText(index, text));
            sockets.add(socket);
            connecting.add(socket.connected());
        }
        CompletableFuture.allOf(connecting.toArray(CompletableFuture[]::new)).get(120, java.util.concurrent.TimeUnit.SECONDS);
        for (PlayerSocket socket : sockets) {
            socket.send("{\"type\":\"action\",\"action\":\"go\",\"destination\":\"main_room\",\"request_id\":\"go\"}");
        }
        Thread.sleep(2000);

        long[] counters = new long[2];
        drive(warmup, counters);
        atWindowStart.run();
        own.clear();
        others.clear();
        responses.clear();
        delivered.set(0);
        succeeded.set(0);
        recording = true;
        counters[0] = 0;
        counters[1] = 0;
        long start = System.nanoTime();
        drive(measure, counters);
        Thread.sleep(300); // let the last deltas land
        double seconds = (System.nanoTime() - start) / 1e9;
        recording = false;
        sockets.forEach(PlayerSocket::close);
        if (leanSockets != null) {
            leanSockets.close();
        }
        return new Result(own.sorted(), others.sorted(), responses.sorted(), counters[0], succeeded.get(), counters[1],
                delivered.get(), seconds);
    }

    /** Sends actions at the target rate for {@code duration}; counters: sent, skipped (all bottles busy). */
    private void drive(Duration duration, long[] counters) {
        int[] cursor = {0};
        Pacer.run(rate, duration, () -> {
            int bottle = -1;
            for (int tries = 0; tries < BOTTLES.size(); tries++) {
                int candidate = (cursor[0] + tries) % BOTTLES.size();
                if (busy[candidate].compareAndSet(false, true)) {
                    bottle = candidate;
                    cursor[0] = candidate + 1;
                    break;
                }
            }
            if (bottle < 0) {
                counters[1]++;
                return;
            }
            int actor = holder[bottle] >= 0 ? holder[bottle] : ThreadLocalRandom.current().nextInt(players);
            String action = holder[bottle] >= 0 ? "drop_item" : "collect_item";
            String requestId = "b" + requestIds.incrementAndGet();
            inFlight.put(requestId, new InFlight(System.nanoTime(), actor, bottle));
            sockets.get(actor).send("{\"type\":\"action\",\"action\":\"" + action + "\",\"instance_id\":\""
                    + BOTTLES.get(bottle) + "\",\"request_id\":\"" + requestId + "\"}");
            counters[0]++;
        });
    }

    private void onText(int player, String text) {
        long now = System.nanoTime();
        if (text.startsWith("{\"type\":\"world_update\"")) {
            if (recording) {
                delivered.incrementAndGet();
            }
            if (!text.contains("\"scope\":\"world\"")) {
                return;
            }
            InFlight action = inFlight.get(field(text, "\"request_id\":\""));
            if (action != null && recording) {
                (player == action.actor() ? own : others).add((now - action.sentNanos()) / 1000);
            }
        } else if (text.startsWith("{\"type\":\"action_response\"")) {
            InFlight action = inFlight.get(field(text, "\"request_id\":\""));
            if (action == null || player != action.actor()) {
                return;
            }
            if (recording) {
                responses.add((now - action.sentNanos()) / 1000);
            }
            if (text.contains("\"success\":true")) {
                holder[action.bottle()] = holder[action.bottle()] >= 0 ? -1 : action.actor();
                succeeded.incrementAndGet();
            }
            busy[action.bottle()].set(false);
        }
    }

    /** The string value after {@code marker} (its last occurrence) in a frame's JSON text, or "". */
    static String field(String text, String marker) {
        int at = text.lastIndexOf(marker);
        if (at < 0) {
            return "";
        }
        int start = at + marker.length();
        int end = text.indexOf('"', start);
        return end < 0 ? "" : text.substring(start, end);
    }
}
