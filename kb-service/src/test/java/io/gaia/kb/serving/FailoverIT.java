package io.gaia.kb.serving;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.ActionResponse;
import io.gaia.events.GaiaJson;
import io.gaia.testsupport.GeneratedExperience;
import io.gaia.testsupport.NatsCluster;
import io.gaia.testsupport.ServiceProcess;
import io.gaia.testsupport.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three kb-service processes with ownership and the JetStream journal (R3) on a 3-node NATS cluster,
 * the same content and separate state folders: each owns one of three experiences. SIGKILL the owner
 * of one while a player keeps acting on it through another instance (HTTP, forwarded over NATS):
 * actions succeed again within a bound, nothing acknowledged is lost, the item exists exactly once, and
 * a retried request id runs once. Then the killed instance comes back and takes one experience again.
 */
// Bounded, and generous: four kb-service JVM starts and a 3-node cluster on a loaded 2-core machine
// took more than 110 s once (the failover itself is bounded by SUCCEEDS_AGAIN_WITHIN).
@Timeout(240)
class FailoverIT {

    static final List<String> EXPERIENCES = List.of("ha-one", "ha-two", "ha-three");
    static final String ITEM = "token_0";
    static final Duration SUCCEEDS_AGAIN_WITHIN = Duration.ofSeconds(15);
    static final TestTokens tokens = TestTokens.development();
    static final GaiaJson json = GaiaJson.create();

    @TempDir
    Path work;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    int sent;

    @Test
    void killingTheOwnerLosesNoAcknowledgedActionAndItsInstanceTakesItsShareBackOnReturn() throws Exception {
        Path experiences = work.resolve("experiences");
        for (String id : EXPERIENCES) {
            GeneratedExperience.write(experiences, id, 2, 8, "A brass token.");
        }
        try (NatsCluster nats = NatsCluster.start(3)) {
            List<ServiceProcess> kbs = new ArrayList<>();
            try {
                for (int i = 1; i <= 3; i++) {
                    kbs.add(ServiceProcess.start("kb-service", properties(nats, experiences, i)));
                }
                run(kbs);
            } finally {
                for (ServiceProcess kb : kbs) {
                    kb.kill();
                }
            }
        }
    }

    private void run(List<ServiceProcess> kbs) throws Exception {
        Map<String, Integer> owners = awaitOwners(kbs, FailoverIT::oneEach, Duration.ofSeconds(40));
        String experience = EXPERIENCES.get(0);
        int owner = owners.get(experience);
        ServiceProcess entry = kbs.get((owner + 1) % 3); // never the owner: the call is forwarded over NATS

        ActionResponse collected = act(entry, experience, "collect_item", "r-collect");
        assertThat(collected.success()).as(collected.message()).isTrue();
        boolean holding = true;
        // the earlier system's phrase endpoint is forwarded too, and read against the owner's state
        HttpResponse<String> phrase = post(entry, "/experience/interact",
                json.writeString(Map.of("experience", experience, "message", "what do i have")), "r-phrase");
        assertThat(phrase.statusCode()).as(phrase.body()).isEqualTo(200);
        ActionResponse inventory = json.read(phrase.body(), ActionResponse.class);
        assertThat(inventory.action()).isEqualTo("inventory");
        assertThat(json.writeString(inventory.metadata())).contains("\"" + ITEM + "\"");

        kbs.get(owner).kill();
        long killedAt = System.nanoTime();
        List<Long> recoveries = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String action = holding ? "drop_item" : "collect_item";
            long start = System.nanoTime();
            ActionResponse answer = actUntilAnswered(entry, experience, action, "r-after-" + i);
            assertThat(answer.success()).as(answer.message()).isTrue();
            recoveries.add(System.nanoTime() - (i == 0 ? killedAt : start));
            holding = !holding;
        }
        long firstMs = recoveries.get(0) / 1_000_000;
        System.out.printf("failover: first action after SIGKILL of the owner succeeded %d ms after the kill "
                + "(%d tries); later actions took %s ms%n", firstMs, sent,
                recoveries.subList(1, recoveries.size()).stream().map(n -> n / 1_000_000).toList());
        assertThat(Duration.ofMillis(firstMs)).isLessThan(SUCCEEDS_AGAIN_WITHIN);

        // the first collect again, same request id: its first answer comes back and nothing runs
        ActionResponse repeat = act(entry, experience, "collect_item", "r-collect");
        assertThat(repeat.success()).isTrue();
        assertThat(repeat.metadata()).isEqualTo(collected.metadata());
        assertExactlyOnce(kbs, entry, experience, holding);

        ServiceProcess returning = kbs.get(owner);
        returning.start();
        long returnedAt = System.nanoTime();
        Map<String, Integer> after = awaitOwners(kbs, FailoverIT::oneEach, Duration.ofSeconds(30));
        System.out.printf("rebalance: the returning instance serves '%s' %d ms after it was healthy again%n",
                after.entrySet().stream().filter(e -> e.getValue() == owner).findFirst().orElseThrow().getKey(),
                (System.nanoTime() - returnedAt) / 1_000_000);
        assertExactlyOnce(kbs, returning, experience, holding);
        ActionResponse afterReturn = act(returning, experience, holding ? "drop_item" : "collect_item", "r-back");
        assertThat(afterReturn.success()).as(afterReturn.message()).isTrue();
        assertExactlyOnce(kbs, returning, experience, !holding);
    }

    /** The item is in the player's inventory xor in the world: exactly once, where the last acknowledged action put it. */
    private void assertExactlyOnce(List<ServiceProcess> kbs, ServiceProcess via, String experience, boolean holding)
            throws Exception {
        Map<String, Object> aoi = get(via, "/experiences/" + experience + "/area-of-interest", tokens.player("p0"));
        boolean inInventory = json.writeString(map(aoi.get("player")).get("inventory")).contains("\"" + ITEM + "\"");
        int owner = awaitOwners(kbs, o -> o.containsKey(experience), Duration.ofSeconds(20)).get(experience);
        Map<String, Object> state = get(kbs.get(owner), "/admin/experiences/" + experience + "/state",
                tokens.admin("root"));
        String world = json.writeString(state.get("world"));
        int inWorld = world.split("\"" + ITEM + "\"", -1).length - 1;
        assertThat(inInventory).as("the player holds the item as the last acknowledged action left it").isEqualTo(holding);
        assertThat(inWorld).as("the item is in the world exactly when the player does not hold it").isEqualTo(holding ? 0 : 1);
    }

    private ActionResponse actUntilAnswered(ServiceProcess kb, String experience, String action, String requestId)
            throws Exception {
        long deadline = System.nanoTime() + SUCCEEDS_AGAIN_WITHIN.toNanos();
        while (true) {
            try {
                ActionResponse answer = act(kb, experience, action, requestId);
                if (answer.success() || System.nanoTime() > deadline) {
                    return answer;
                }
            } catch (java.io.IOException | IllegalStateException transientFailure) {
                if (System.nanoTime() > deadline) {
                    throw transientFailure;
                }
            }
            Thread.sleep(100);
        }
    }

    private ActionResponse act(ServiceProcess kb, String experience, String action, String requestId) throws Exception {
        sent++;
        String body = json.writeString(Map.of("experience", experience, "action", action,
                "params", Map.of("instance_id", ITEM), "request_id", requestId));
        HttpResponse<String> response = post(kb, "/actions", body, requestId);
        if (!response.body().contains("\"success\"")) {
            throw new IllegalStateException(response.statusCode() + " " + response.body());
        }
        return json.read(response.body(), ActionResponse.class);
    }

    private HttpResponse<String> post(ServiceProcess kb, String path, String body, String requestId) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(kb.url() + path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + tokens.player("p0")).header("X-Request-Id", requestId)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Every experience served, each by another instance. */
    private static boolean oneEach(Map<String, Integer> owners) {
        return owners.keySet().containsAll(EXPERIENCES) && new TreeSet<>(owners.values()).size() == EXPERIENCES.size();
    }

    /** Experience -> index of the live instance that serves it, once {@code done} holds. */
    private Map<String, Integer> awaitOwners(List<ServiceProcess> kbs, Predicate<Map<String, Integer>> done,
                                             Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        Map<String, Integer> owners = Map.of();
        while (System.nanoTime() < deadline) {
            owners = owners(kbs);
            if (done.test(owners)) {
                return owners;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("experiences not served as expected in " + within + ": " + owners);
    }

    /** What each live instance says it serves ({@code served_here} in its health details). */
    private Map<String, Integer> owners(List<ServiceProcess> kbs) {
        Map<String, Integer> owners = new HashMap<>();
        for (int i = 0; i < kbs.size(); i++) {
            if (!kbs.get(i).isAlive()) {
                continue;
            }
            int index = i;
            healthDetails(kbs.get(i))
                    .map(h -> map(map(map(map(h.get("components")).get("experiences")).get("details")).get("experiences")))
                    .ifPresent(all -> all.forEach((id, e) -> {
                        if (Boolean.TRUE.equals(map(e).get("served_here"))) {
                            owners.put(id, index);
                        }
                    }));
        }
        return owners;
    }

    private Optional<Map<String, Object>> healthDetails(ServiceProcess kb) {
        try {
            return Optional.of(get(kb, "/actuator/health/details", tokens.admin("root")));
        } catch (Exception | AssertionError notNow) {
            return Optional.empty();
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> get(ServiceProcess kb, String path, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(kb.url() + path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + token).GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isIn(200, 207);
        return json.read(response.body(), Map.class);
    }

    private static Map<String, String> properties(NatsCluster nats, Path experiences, int instance) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("gaia.nats.url", nats.urls());
        p.put("gaia.kb.experiences-dir", experiences.toString());
        p.put("gaia.kb.state-dir", experiences.resolveSibling("state-" + instance).toString());
        p.put("gaia.kb.journal", "jetstream");
        p.put("gaia.kb.jetstream.replicas", "3");
        p.put("gaia.kb.stream.replicas", "3");
        p.put("gaia.kb.ownership.enabled", "true");
        p.put("gaia.kb.ownership.instance-id", "kb-" + instance);
        p.put("gaia.kb.fold-interval", "300ms");
        p.put("gaia.kb.history.interval", "500ms");
        return p;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }
}
