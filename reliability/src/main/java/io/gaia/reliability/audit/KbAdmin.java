package io.gaia.reliability.audit;

import io.gaia.events.GaiaJson;
import io.gaia.testsupport.TestTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Reads kb-service's current state through its admin endpoints (consistent: they are read on the writer). */
public final class KbAdmin {

    private static final GaiaJson JSON = GaiaJson.withMaxBytes(16 * 1024 * 1024);

    private final java.util.function.Supplier<String> kbAddress;
    private HttpClient http = newClient();
    private final HttpClient actions = newClient();
    private final java.util.concurrent.atomic.AtomicInteger retries = new java.util.concurrent.atomic.AtomicInteger();
    private final String token = TestTokens.development().admin("reliability-auditor");

    public KbAdmin(String kbAddress) {
        this(() -> kbAddress);
    }

    /**
     * Reads from whichever kb-service {@code kbAddress} names at each call: with ownership, the instance
     * that owns the experience now (the admin reads run on its writer; another instance has no engine).
     */
    public KbAdmin(java.util.function.Supplier<String> kbAddress) {
        this.kbAddress = kbAddress;
    }

    /**
     * One consistent read of the world and of {@code users}' documents (players not in {@code users}
     * are not read: an item only they held shows up in the conservation check as missing). Each
     * read uses a fresh client: after kb-service was killed and restarted on
     * the same port, a pooled keep-alive connection to the dead process made the first request wait
     * for its whole timeout.
     */
    public WorldSnapshot snapshot(String experience, Collection<String> users) throws IOException, InterruptedException {
        http = newClient();
        JsonNode state = get("/admin/experiences/" + experience + "/state");
        java.util.Set<String> existing = new java.util.HashSet<>();
        state.path("players").forEach(user -> existing.add(user.asString()));
        Map<String, JsonNode> players = new LinkedHashMap<>();
        for (String user : users) {
            players.put(user, existing.contains(user)
                    ? get("/admin/experiences/" + experience + "/players/" + user).path("player")
                    : JSON.mapper().createObjectNode());
        }
        return WorldSnapshot.of(state.path("world"), players);
    }

    /** The ids of every player kb-service has in {@code experience}. */
    public java.util.List<String> playerIds(String experience) throws IOException, InterruptedException {
        http = newClient();
        java.util.List<String> out = new java.util.ArrayList<>();
        get("/admin/experiences/" + experience + "/state").path("players").forEach(user -> out.add(user.asString()));
        return out;
    }

    /** The world document's epoch and version (epoch null before kb-service announces one). */
    public JsonNode world(String experience) throws IOException, InterruptedException {
        http = newClient();
        return get("/admin/experiences/" + experience + "/state").path("world");
    }

    /**
     * {@code POST /actions} as {@code user} (an admin token when {@code admin}); the HTTP status and
     * body, whatever they are: callers judge them.
     */
    public HttpResponse<String> act(String experience, String user, boolean admin, String action, Map<String, ?> params)
            throws IOException, InterruptedException {
        String bearer = admin ? TestTokens.development().admin(user) : TestTokens.development().player(user);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("experience", experience);
        body.put("action", action);
        body.put("params", params);
        HttpRequest request = HttpRequest.newBuilder(URI.create(kbAddress.get() + "/actions")).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + bearer).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeString(body))).build();
        return actions.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static HttpClient newClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    }

    /** Reads that timed out and were tried again (a figure of the run: each one is kb-service slow to answer). */
    public int retries() {
        return retries.get();
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(kbAddress.get() + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token).GET().build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.net.http.HttpTimeoutException e) {
            retries.incrementAndGet();
            System.err.println("kb-service did not answer GET " + path + " within 10 s; trying once more");
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        }
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
