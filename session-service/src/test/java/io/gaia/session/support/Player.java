package io.gaia.session.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.testsupport.TestTokens;
import io.gaia.testsupport.socket.TestSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;

/**
 * A game client over a real socket that applies deltas the way the Unity client must: a
 * world_update only when its {@code base_version} equals the version held for its scope, an
 * area_of_interest as a fresh baseline. Any delta that does not follow on is recorded as a
 * violation — the server must never cause one.
 */
public final class Player implements AutoCloseable {

    public static final String WOODS = "wylding-woods";
    private static final AtomicInteger requests = new AtomicInteger();

    private final String userId;
    private final TestSocket socket;
    private final Map<String, Long> versions = new LinkedHashMap<>();
    private final List<String> violations = new ArrayList<>();
    private String zone;
    private final List<JsonNode> worldUpdates = new ArrayList<>();
    private int consumed;
    public final JsonNode connected;

    private Player(String userId, TestSocket socket) {
        this.userId = userId;
        this.socket = socket;
        this.connected = socket.next("connected");
    }

    /** Connects and waits for {@code connected} and the starting area of interest. */
    public static Player join(String sessionUrl, String userId) {
        return join(sessionUrl, WOODS, userId);
    }

    /** As {@link #join(String, String)}, to {@code experience}. */
    public static Player join(String sessionUrl, String experience, String userId) {
        Player player = connect(sessionUrl, experience, userId, "");
        player.await("area_of_interest");
        return player;
    }

    /** Connects with an admin token. */
    public static Player joinAsAdmin(String sessionUrl, String userId) {
        String url = sessionUrl.replaceFirst("^http", "ws") + "/ws/experience?experience=" + WOODS + "&token="
                + TestTokens.development().admin(userId);
        Player player = new Player(userId, TestSocket.open(url));
        player.await("area_of_interest");
        return player;
    }

    /** Connects with resume versions and an epoch ({@code ?world_version=&player_version=&epoch=}). */
    public static Player resume(String sessionUrl, String userId, Map<String, Long> held, String epoch) {
        Player player = connectOnly(sessionUrl, userId, "&world_version=" + held.get("world")
                + "&player_version=" + held.get("player") + (epoch == null ? "" : "&epoch=" + epoch));
        player.versions.putAll(held);
        return player;
    }

    /** Connects with resume versions of {@code zone}'s chain ({@code ?world_version=&player_version=&epoch=&zone=}). */
    public static Player resume(String sessionUrl, String userId, Map<String, Long> held, String epoch, String zone) {
        Player player = resume(sessionUrl, userId, held, epoch + "&zone=" + zone);
        player.zone = zone;
        return player;
    }

    /** Reconnects with the versions this client holds, as a resuming client does. */
    public static Player resume(String sessionUrl, String userId, Map<String, Long> held) {
        Player player = connectOnly(sessionUrl, userId, "&world_version=" + held.get("world")
                + "&player_version=" + held.get("player"));
        player.versions.putAll(held);
        return player;
    }

    private static Player connectOnly(String sessionUrl, String userId, String extra) {
        return connect(sessionUrl, WOODS, userId, extra);
    }

    /** Connects to {@code experience} with the query's {@code extra} parameters, without waiting for the snapshot. */
    public static Player connect(String sessionUrl, String experience, String userId, String extra) {
        String url = sessionUrl.replaceFirst("^http", "ws") + "/ws/experience?experience=" + experience + "&token="
                + TestTokens.development().player(userId) + extra;
        return new Player(userId, TestSocket.open(url));
    }

    public String userId() {
        return userId;
    }

    public TestSocket socket() {
        return socket;
    }

    /** Sends an action and returns its action_response (applying everything that arrived before it). */
    public JsonNode act(String action, Object... fields) {
        String requestId = userId + "-" + requests.incrementAndGet();
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", "action");
        frame.put("action", action);
        frame.put("request_id", requestId);
        for (int i = 0; i < fields.length; i += 2) {
            frame.put((String) fields[i], fields[i + 1]);
        }
        socket.send(frame);
        return await(f -> "action_response".equals(type(f)) && requestId.equals(f.path("request_id").asString()),
                "action_response to " + action);
    }

    public JsonNode await(String type) {
        return await(f -> type.equals(type(f)), type);
    }

    /** Waits for a frame, applying every frame up to it. */
    public synchronized JsonNode await(java.util.function.Predicate<JsonNode> match, String what) {
        JsonNode found = socket.next(match, Duration.ofSeconds(15), what);
        applyHistoryUpTo(found);
        return found;
    }

    /** Waits until a world_update satisfying {@code match} has been applied. */
    public JsonNode awaitUpdate(java.util.function.Predicate<JsonNode> match, String what) {
        return await(f -> "world_update".equals(type(f)) && match.test(f), what);
    }

    private void applyHistoryUpTo(JsonNode last) {
        List<JsonNode> all = socket.received();
        for (; consumed < all.size(); consumed++) {
            apply(all.get(consumed));
            if (all.get(consumed) == last) {
                consumed++;
                return;
            }
        }
    }

    private void apply(JsonNode frame) {
        switch (type(frame)) {
            case "area_of_interest" -> {
                // the chain the snapshot's versions are of: its zone's, or its area's (the zone's id from an older server)
                zone = frame.path("chain").asString(frame.path("zone").path("id").asString(null));
                versions.put("world", frame.path("versions").path("world").asLong());
                versions.put("player", frame.path("versions").path("player").asLong());
            }
            case "world_update" -> {
                worldUpdates.add(frame);
                String scope = frame.path("scope").asString();
                String deltaZone = frame.path("zone").asString(null);
                if (deltaZone != null && zone != null && !deltaZone.equals(zone)) { // null: resumed without naming one
                    violations.add("a delta of zone " + deltaZone + " while standing in " + zone);
                }
                Long held = versions.get(scope);
                long base = frame.path("base_version").asLong();
                if (held != null && held != base) {
                    violations.add(scope + ": held " + held + " but got base " + base + " -> "
                            + frame.path("snapshot_version").asLong());
                }
                versions.put(scope, frame.path("snapshot_version").asLong());
            }
            default -> { }
        }
    }

    /** Applies everything received so far without waiting. */
    public synchronized void catchUp() {
        List<JsonNode> all = socket.received();
        for (; consumed < all.size(); consumed++) {
            apply(all.get(consumed));
        }
        socket.drain();
    }

    /** The chain (zone, or zone/area) of the last area of interest applied, which {@link #versions()} holds. */
    public synchronized String zone() {
        return zone;
    }

    public synchronized Map<String, Long> versions() {
        return Map.copyOf(versions);
    }

    public synchronized List<JsonNode> worldUpdates() {
        return List.copyOf(worldUpdates);
    }

    public void assertNoSilentGap() {
        assertThat(violations).as("deltas that did not follow on for " + userId).isEmpty();
    }

    /** No link of any chain (scope, chain, version) was delivered twice. */
    public synchronized void assertNoLinkTwice() {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (JsonNode update : worldUpdates) {
            String link = update.path("scope").asString() + "/" + update.path("zone").asString() + "/"
                    + update.path("snapshot_version").asLong();
            assertThat(seen.add(link)).as("delivered twice to " + userId + ": " + link).isTrue();
        }
    }

    public static boolean removes(JsonNode update, String instanceId) {
        return has(update, "remove", instanceId);
    }

    public static boolean adds(JsonNode update, String instanceId) {
        return has(update, "add", instanceId);
    }

    private static boolean has(JsonNode update, String operation, String instanceId) {
        for (JsonNode change : update.path("changes")) {
            if (operation.equals(change.path("operation").asString())
                    && instanceId.equals(change.path("instance_id").asString())) {
                return true;
            }
        }
        return false;
    }

    public static String type(JsonNode frame) {
        return frame.path("type").asString();
    }

    @Override
    public void close() {
        socket.close();
    }
}
