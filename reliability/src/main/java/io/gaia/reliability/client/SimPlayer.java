package io.gaia.reliability.client;

import io.gaia.events.GaiaJson;
import io.gaia.testsupport.TestTokens;
import io.gaia.testsupport.socket.Frame;
import io.gaia.testsupport.socket.SocketUrl;
import io.gaia.testsupport.socket.TestSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;

/**
 * One simulated player over a real WebSocket to session-service, behaving as the Unity client must:
 * it applies a {@code world_update} only when its {@code base_version} equals the version it holds
 * for that scope, takes every {@code area_of_interest} as a new baseline, and after losing its
 * socket reconnects with the versions it holds ({@code world_version}/{@code player_version}).
 *
 * <p>A delta that does not follow on from the held version is a <em>silent gap</em>: the server
 * promised never to cause one, so each is recorded as a violation. So is a delta of another
 * {@code epoch} than the one of the last snapshot (docs/protocol.md, version epochs): versions of
 * two histories must never be chained. The client resumes with the epoch it holds.
 *
 * <p>Its socket is test-support's {@link TestSocket} in listener mode, keeping no frames of its own.
 */
public final class SimPlayer {

    private static final GaiaJson JSON = GaiaJson.create();
    private static final Duration ACTION_TIMEOUT = Duration.ofSeconds(15);
    private static final AtomicLong REQUESTS = new AtomicLong();

    /** An action that was never sent (no socket): its outcome is certain — nothing happened. */
    public static final class NotSent extends RuntimeException {
        NotSent() {
            super("not connected", null, false, false);
        }
    }

    /** The socket went away with the action unanswered: its outcome is unknown. */
    public static final class Lost extends RuntimeException {
        Lost(String why) {
            super(why, null, false, false);
        }
    }

    private final String userId;
    private final String socketUrl;
    private final String experience;
    private final ScheduledExecutorService timer;
    private final String token;
    private final Ledger ledger = new Ledger();
    private final ClientView view = new ClientView();
    private final Map<String, Long> versions = new HashMap<>();
    private final List<String> violations = new ArrayList<>();
    private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final Samples othersLatency = new Samples();
    private final Samples othersEventTimes = new Samples();
    private final Samples snapshots = new Samples();
    private final Map<Integer, Integer> closeCodes = new LinkedHashMap<>();
    private volatile TestSocket socket;
    private volatile boolean connected;
    private volatile boolean running = true;
    private int connects;
    private int resumes;
    private int resyncs;
    private long deltasApplied;
    private int backoffMillis = 100;
    private int epochChanges;
    private int replayed;

    private String epoch;
    /** The zone of the last snapshot (whose world chain {@code versions.world} is). */
    private String zone;
    /** A walk waiting for the snapshot of {@link #walkingTo}, or null. */
    private CompletableFuture<JsonNode> walking;
    private String walkingTo;

    public SimPlayer(String userId, String socketUrl, String experience, ScheduledExecutorService timer) {
        this(userId, socketUrl, experience, timer, TestTokens.development().token(userId, Duration.ofHours(6), b -> b));
    }

    /** A player with its own token (e.g. an admin's). */
    public SimPlayer(String userId, String socketUrl, String experience, ScheduledExecutorService timer, String token) {
        this.userId = userId;
        this.socketUrl = socketUrl;
        this.experience = experience;
        this.timer = timer;
        this.token = token;
    }

    /** Makes the next {@link #connect()} resume from these versions of {@code epoch} (null: no epoch sent). */
    public synchronized void holdVersions(String epoch, long world, long player) {
        this.epoch = epoch;
        versions.put("world", world);
        versions.put("player", player);
    }

    /** The epoch of the history this client's versions belong to (from the last snapshot), or null. */
    public synchronized String epoch() {
        return epoch;
    }

    public String userId() {
        return userId;
    }

    public Ledger ledger() {
        return ledger;
    }

    /**
     * Opens a socket (resuming from held versions if it has any). The player counts as connected
     * once that socket delivered {@code connected}; a socket the server closes at once (a draining
     * instance answers 1001) never does, and the close schedules the next attempt.
     */
    public CompletableFuture<Void> connect() {
        SocketUrl url = SocketUrl.of(socketUrl).experience(experience).token(token);
        synchronized (this) {
            if (versions.containsKey("world")) {
                url.versions(versions.get("world"), versions.get("player")).epoch(epoch).zone(zone);
            }
        }
        return TestSocket.connect(url.build()).recording(false).listener(new Listener()).openAsync()
                .thenAccept(ws -> { });
    }

    public boolean isConnected() {
        return connected;
    }

    /**
     * Walks to a GPS position ({@code update_location}); completes with the snapshot of {@code zone}
     * once it arrives, or {@link NotSent} / {@link Lost}.
     */
    public CompletableFuture<JsonNode> walk(double lat, double lng, String zone) {
        TestSocket ws = socket;
        if (!connected || ws == null) {
            return CompletableFuture.failedFuture(new NotSent());
        }
        CompletableFuture<JsonNode> arrived = new CompletableFuture<>();
        synchronized (this) {
            walking = arrived;
            walkingTo = zone;
        }
        ws.sendAsync(JSON.writeString(Map.of("type", "update_location", "lat", lat, "lng", lng)))
                .whenComplete((sent, error) -> {
                    if (error != null) {
                        arrived.completeExceptionally(new Lost("send failed: " + error));
                    }
                });
        timer.schedule(() -> arrived.completeExceptionally(new Lost("no snapshot of " + zone + " within " + ACTION_TIMEOUT)),
                ACTION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return arrived;
    }

    /** Sends an action; completes with its {@code action_response}, or {@link NotSent} / {@link Lost}. */
    public CompletableFuture<JsonNode> act(String action, String instanceId) {
        return act(action, Map.of("instance_id", instanceId));
    }

    /** Sends an action line (e.g. an admin's {@code "@reset experience CONFIRM"}) with extra fields. */
    public CompletableFuture<JsonNode> act(String action, Map<String, ?> fields) {
        TestSocket ws = socket;
        if (!connected || ws == null) {
            return CompletableFuture.failedFuture(new NotSent());
        }
        // the documented request-id alphabet is [A-Za-z0-9._:-] (docs/protocol.md); drill user ids stay inside it
        String requestId = userId + ":" + REQUESTS.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(requestId, answer);
        Map<String, Object> body = new LinkedHashMap<>(fields);
        body.put("type", "action");
        body.put("action", action);
        body.put("request_id", requestId);
        String frame = JSON.writeString(body);
        ws.sendAsync(frame).whenComplete((sent, error) -> {
            if (error != null) {
                fail(requestId, new Lost("send failed: " + error));
            }
        });
        // One action per player is in flight at a time, so a socket never has two sends outstanding.
        timer.schedule(() -> fail(requestId, new Lost("no answer within " + ACTION_TIMEOUT)),
                ACTION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return answer;
    }

    private void fail(String requestId, RuntimeException why) {
        CompletableFuture<JsonNode> answer = pending.remove(requestId);
        if (answer != null) {
            answer.completeExceptionally(why);
        }
    }

    /** Stops reconnecting and closes the socket. */
    public void close() {
        running = false;
        connected = false;
        TestSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
    }

    private void handle(TestSocket from, JsonNode frame) {
        String type = frame.path("type").asString("");
        switch (type) {
            case "connected" -> {
                synchronized (this) {
                    if (from == socket) {
                        connected = true;
                        connects++;
                        backoffMillis = 100;
                    }
                }
            }
            case "area_of_interest" -> onSnapshot(frame);
            case "world_update" -> onDelta(frame);
            // an error naming the request (e.g. a refused frame) answers it too: the action was refused
            case "action_response", "error" -> {
                CompletableFuture<JsonNode> answer = pending.remove(frame.path("request_id").asString(""));
                if (answer != null) {
                    answer.complete(frame);
                }
            }
            case "resumed" -> {
                synchronized (this) {
                    resumes++;
                    replayed += frame.path("replayed").asInt(0);
                }
            }
            default -> { }
        }
    }

    private synchronized void onSnapshot(JsonNode frame) {
        zone = frame.path("zone").path("id").asString(null);
        versions.put("world", frame.path("versions").path("world").asLong());
        versions.put("player", frame.path("versions").path("player").asLong());
        String announced = frame.path("epoch").asString(null);
        if (announced != null) {
            if (epoch != null && !announced.equals(epoch)) {
                epochChanges++;
            }
            epoch = announced;
        }
        view.reset(frame);
        if (walking != null && walkingTo.equals(zone)) {
            walking.complete(frame);
            walking = null;
        }
        if (frame.path("resync").asBoolean(false)) {
            resyncs++;
            snapshots.add(System.currentTimeMillis(), 1);
        }
    }

    private synchronized void onDelta(JsonNode frame) {
        long now = System.currentTimeMillis();
        String scope = frame.path("scope").asString("");
        long base = frame.path("base_version").asLong(-1);
        long snapshot = frame.path("snapshot_version").asLong(-1);
        Long held = versions.get(scope);
        String deltaEpoch = frame.path("epoch").asString(null);
        String deltaZone = frame.path("zone").asString(null);
        if (deltaZone != null && !deltaZone.equals(zone)) {
            violations.add(scope + ": a delta of zone " + deltaZone + " while standing in " + zone);
        } else if (deltaEpoch != null && epoch != null && !deltaEpoch.equals(epoch)) {
            violations.add(scope + ": a delta of epoch " + deltaEpoch + " while holding epoch " + epoch
                    + " (" + base + " -> " + snapshot + ")");
        } else if (held == null || held != base) {
            violations.add(scope + ": held " + held + ", got " + base + " -> " + snapshot);
        } else {
            view.apply(frame);
            versions.put(scope, snapshot);
            deltasApplied++;
        }
        String requestId = frame.path("metadata").path("request_id").asString("");
        if (!requestId.startsWith(userId + ":")) {
            long eventTime = frame.path("timestamp").asLong(now);
            othersLatency.add(now, now - eventTime);
            othersEventTimes.add(now, eventTime);
        }
    }

    private void onClosed(TestSocket which, int code) {
        synchronized (this) {
            closeCodes.merge(code, 1, Integer::sum);
            if (which != socket) {
                return; // an earlier socket; the current one is alive
            }
            connected = false;
        }
        pending.keySet().forEach(id -> fail(id, new Lost("socket closed with " + code)));
        if (running) {
            scheduleReconnect();
        }
    }

    private void scheduleReconnect() {
        int delay;
        synchronized (this) {
            delay = backoffMillis;
            backoffMillis = Math.min(1000, backoffMillis * 2);
        }
        timer.schedule(() -> {
            if (running && !connected) {
                connect().exceptionally(e -> {
                    scheduleReconnect();
                    return null;
                });
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    /** The zone of the last snapshot: whose world chain this client holds. */
    public synchronized String zone() {
        return zone;
    }

    public synchronized Map<String, Long> versions() {
        return Map.copyOf(versions);
    }

    public synchronized ClientView view() {
        return view;
    }

    public synchronized Map<String, String> placed() {
        return view.placed();
    }

    public synchronized java.util.Set<String> inventory() {
        return view.inventory();
    }

    public synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    public synchronized int connects() {
        return connects;
    }

    public synchronized int resumes() {
        return resumes;
    }

    /** Deltas the server said it replayed on this client's resumes ({@code resumed.replayed}, summed). */
    public synchronized int replayed() {
        return replayed;
    }

    /** Snapshots that moved this client to another epoch. */
    public synchronized int epochChanges() {
        return epochChanges;
    }

    public synchronized int resyncs() {
        return resyncs;
    }

    public synchronized long deltasApplied() {
        return deltasApplied;
    }

    public synchronized Map<Integer, Integer> closeCodes() {
        return Map.copyOf(closeCodes);
    }

    /** Delivery latency (ms, receipt minus kb's event timestamp) of other players' deltas, by receipt time. */
    public Samples othersLatency() {
        return othersLatency;
    }

    /** Other players' deltas: receipt time -> the event's own timestamp. */
    public Samples othersEventTimes() {
        return othersEventTimes;
    }

    /** Receipt times of resync snapshots. */
    public Samples snapshots() {
        return snapshots;
    }

    /** The socket's callbacks; the test client calls {@code closed} once, whether the server closed or the connection failed. */
    private final class Listener implements TestSocket.Listener {

        @Override
        public void opened(TestSocket opened) {
            synchronized (SimPlayer.this) {
                socket = opened;
            }
        }

        @Override
        public void frame(TestSocket from, Frame frame) {
            handle(from, frame.json());
        }

        @Override
        public void closed(TestSocket which, int code, String reason) {
            onClosed(which, code);
        }
    }
}
