package io.gaia.kb.world;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.ActionResponse;
import io.gaia.events.GaiaJson;
import io.gaia.events.VersionScope;
import io.gaia.kb.bench.BenchExperience;
import io.gaia.testsupport.NatsTestServer;
import io.gaia.testsupport.ServiceProcess;
import io.gaia.testsupport.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * kb-service as a real process under load, killed with SIGKILL, restarted: every acknowledged
 * action is there (an action in flight at the kill may or may not be), items are conserved,
 * versions never went back, every state file is valid JSON and the git history is readable.
 */
class KillNineIT {

    @RegisterExtension
    static final NatsTestServer nats = new NatsTestServer();
    static final int PLAYERS = 12;
    static final TestTokens tokens = TestTokens.development();
    static final GaiaJson json = GaiaJson.create();

    @TempDir
    Path work;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** What one player knows: the last acknowledged holding state and versions, and what was in flight. */
    static final class Ledger {
        volatile Boolean ackedHolding = false;
        volatile Boolean inFlightHolding;
        volatile long ackedPlayerVersion;
        volatile long ackedWorldVersion;
        volatile int acked;
    }

    @Test
    void afterKillNineTheStateIsTheLastAcknowledgedOne() throws Exception {
        Path experiences = work.resolve("experiences");
        BenchExperience.write(experiences, PLAYERS);
        Path state = work.resolve("state");
        try (ServiceProcess kb = ServiceProcess.start("kb-service", Map.of(
                "gaia.nats.url", nats.url(),
                "gaia.kb.experiences-dir", experiences.toString(),
                "gaia.kb.state-dir", state.toString(),
                "gaia.kb.fold-interval", "300ms",
                "gaia.kb.history.interval", "400ms"))) {
            for (int round = 0; round < 2; round++) {
                Ledger[] ledgers = load(kb, Duration.ofMillis(2_500));
                kb.start();
                verify(kb, ledgers, state);
            }
        }
    }

    private Ledger[] load(ServiceProcess kb, Duration before) throws Exception {
        Ledger[] ledgers = new Ledger[PLAYERS];
        ExecutorService threads = Executors.newFixedThreadPool(PLAYERS);
        AtomicBoolean stop = new AtomicBoolean();
        List<Future<?>> loops = new ArrayList<>();
        for (int p = 0; p < PLAYERS; p++) {
            Ledger ledger = new Ledger();
            ledgers[p] = ledger;
            ledger.ackedHolding = holding(kb, p);
            int player = p;
            loops.add(threads.submit(() -> {
                while (!stop.get()) {
                    boolean target = !ledger.ackedHolding;
                    ledger.inFlightHolding = target;
                    ActionResponse response;
                    try {
                        response = act(kb, player, target ? "collect_item" : "drop_item");
                    } catch (Exception killed) {
                        return null;
                    }
                    assertThat(response.success()).as(response.message()).isTrue();
                    ledger.ackedPlayerVersion = version(response, VersionScope.PLAYER);
                    ledger.ackedWorldVersion = version(response, VersionScope.WORLD);
                    ledger.ackedHolding = target;
                    ledger.acked++;
                    ledger.inFlightHolding = null;
                }
                return null;
            }));
        }
        Thread.sleep(before.toMillis());
        kb.kill();
        stop.set(true);
        for (Future<?> loop : loops) {
            loop.get();
        }
        threads.shutdown();
        assertThat(Stream.of(ledgers).mapToInt(l -> l.acked).sum()).as("actions acknowledged before the kill").isGreaterThan(50);
        return ledgers;
    }

    private void verify(ServiceProcess kb, Ledger[] ledgers, Path state) throws Exception {
        long worldAcked = Stream.of(ledgers).mapToLong(l -> l.ackedWorldVersion).max().orElseThrow();
        Map<String, Object> admin = get(kb, "/admin/experiences/" + BenchExperience.ID + "/state", tokens.admin("root"));
        Map<String, Object> world = map(admin.get("world"));
        assertThat(((Number) map(world.get("metadata")).get("_version")).longValue()).isGreaterThanOrEqualTo(worldAcked);
        String worldText = json.writeString(world);
        for (int p = 0; p < PLAYERS; p++) {
            Ledger ledger = ledgers[p];
            Map<String, Object> aoi = get(kb, "/experiences/" + BenchExperience.ID + "/area-of-interest", tokens.player("p" + p));
            boolean holds = map(aoi.get("player")).get("inventory").toString().contains(BenchExperience.item(p) + ",");
            boolean lies = worldText.contains("\"" + BenchExperience.item(p) + "\"");
            assertThat(holds ^ lies).as("token of p%d exists exactly once", p).isTrue();
            if (ledger.inFlightHolding == null) {
                assertThat(holds).as("p%d: state of the last acknowledged action", p).isEqualTo(ledger.ackedHolding);
            } else {
                assertThat(holds).as("p%d: acknowledged or in-flight state", p)
                        .isIn(ledger.ackedHolding, ledger.inFlightHolding);
            }
            assertThat(((Number) map(aoi.get("versions")).get("player")).longValue())
                    .as("p%d player version never goes back", p).isGreaterThanOrEqualTo(ledger.ackedPlayerVersion);
        }
        try (Stream<Path> files = Files.walk(state)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json") && !f.toString().contains("/.git/")).toList()) {
                // every file must parse; state files (answers.json holds every remembered answer) may exceed the wire limit
                GaiaJson.withMaxBytes(Integer.MAX_VALUE - 8).mapper().readTree(Files.readAllBytes(file));
            }
        }
        try (Git git = Git.open(state.toFile())) {
            assertThat(git.log().call().iterator().hasNext()).isTrue();
        }
    }

    private boolean holding(ServiceProcess kb, int player) throws Exception {
        Map<String, Object> aoi = get(kb, "/experiences/" + BenchExperience.ID + "/area-of-interest", tokens.player("p" + player));
        return map(aoi.get("player")).get("inventory").toString().contains(BenchExperience.item(player) + ",");
    }

    private ActionResponse act(ServiceProcess kb, int player, String action) throws Exception {
        String body = json.writeString(Map.of("experience", BenchExperience.ID, "action", action,
                "params", Map.of("instance_id", BenchExperience.item(player))));
        HttpRequest request = HttpRequest.newBuilder(URI.create(kb.url() + "/actions")).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + tokens.player("p" + player))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return json.read(http.send(request, HttpResponse.BodyHandlers.ofString()).body(), ActionResponse.class);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> get(ServiceProcess kb, String path, String token) throws Exception {
        // generous: the first read after a restart recovers the experience, on a machine that may be busy
        HttpRequest request = HttpRequest.newBuilder(URI.create(kb.url() + path)).timeout(Duration.ofSeconds(45))
                .header("Authorization", "Bearer " + token).GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.read(response.body(), Map.class);
    }

    private static long version(ActionResponse response, VersionScope scope) {
        return response.events().stream().filter(e -> e.scope() == scope).findFirst().orElseThrow().snapshotVersion();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }
}
