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

    private final String kbUrl;
    private HttpClient http = newClient();
    private final java.util.concurrent.atomic.AtomicInteger retries = new java.util.concurrent.atomic.AtomicInteger();
    private final String token = TestTokens.development().admin("reliability-auditor");

    public KbAdmin(String kbUrl) {
        this.kbUrl = kbUrl;
    }

    /**
     * One consistent read. Each read uses a fresh client: after kb-service was killed and restarted on
     * the same port, a pooled keep-alive connection to the dead process made the first request wait
     * for its whole timeout.
     */
    public WorldSnapshot snapshot(String experience, Collection<String> users) throws IOException, InterruptedException {
        http = newClient();
        JsonNode state = get("/admin/experiences/" + experience + "/state");
        Map<String, JsonNode> players = new LinkedHashMap<>();
        for (JsonNode user : state.path("players")) {
            players.put(user.asString(), get("/admin/experiences/" + experience + "/players/" + user.asString()).path("player"));
        }
        for (String user : users) {
            if (!players.containsKey(user)) {
                players.put(user, JSON.mapper().createObjectNode());
            }
        }
        return WorldSnapshot.of(state.path("world"), players);
    }

    private static HttpClient newClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    }

    /** Reads that timed out and were tried again (a figure of the run: each one is kb-service slow to answer). */
    public int retries() {
        return retries.get();
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(kbUrl + path)).timeout(Duration.ofSeconds(10))
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
