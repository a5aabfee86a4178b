package io.gaia.kb.bench;

import io.gaia.events.GaiaJson;
import io.gaia.kb.ownership.Placement;
import io.gaia.testsupport.NatsCluster;
import io.gaia.testsupport.NatsTestServer;
import io.gaia.testsupport.JvmLaunch;
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

/**
 * The benchmark's servers: one nats-server ({@link NatsTestServer}) for one kb-service instance, a
 * 3-node {@link NatsCluster} (journal replicas 3) for several, which then share the experiences through
 * ownership; each instance a packaged kb-service process ({@link ServiceProcess}) with production JVM
 * flags ({@code KB_JAVA_OPTS} adds more, e.g. JFR) and WARN logging.
 */
final class BenchInstances implements AutoCloseable {

    private static final GaiaJson JSON = GaiaJson.create();
    private static final String ADMIN = TestTokens.development().admin("bench-admin");

    private final NatsTestServer single;
    private final NatsCluster cluster;
    private final List<ServiceProcess> kbs = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    private BenchInstances(NatsTestServer single, NatsCluster cluster) {
        this.single = single;
        this.cluster = cluster;
    }

    /** NATS, then {@code instances} kb-service processes over {@code work/experiences}, each with its own state folder. */
    static BenchInstances start(Path work, int instances, String journal) throws Exception {
        BenchInstances started;
        if (instances > 1) {
            started = new BenchInstances(null, NatsCluster.start(3));
        } else {
            NatsTestServer nats = new NatsTestServer();
            nats.beforeAll(null);
            started = new BenchInstances(nats, null);
        }
        try {
            for (int i = 1; i <= instances; i++) {
                started.kbs.add(ServiceProcess.start("kb-service", started.properties(work, i, instances, journal),
                        jvm()));
            }
            return started;
        } catch (Exception | Error e) {
            started.close();
            throw e;
        }
    }

    String natsUrl() {
        return cluster != null ? cluster.urls() : single.url();
    }

    List<ServiceProcess> processes() {
        return kbs;
    }

    /** The nats-server processes. */
    List<Long> natsPids() {
        if (cluster == null) {
            return BenchCpu.natsServerOnPort(single.port());
        }
        List<Long> pids = new ArrayList<>();
        for (int i = 0; i < cluster.size(); i++) {
            pids.add(cluster.pid(i));
        }
        return pids;
    }

    /** CPU of kb-service, nats-server and this JVM. */
    BenchCpu cpu() {
        Map<String, List<Long>> groups = new LinkedHashMap<>();
        groups.put("kb-service", kbs.stream().map(ServiceProcess::pid).toList());
        groups.put("nats-server", natsPids());
        groups.put("client", List.of(ProcessHandle.current().pid()));
        return new BenchCpu(groups);
    }

    /**
     * With {@code -Dbench.jfr=<settings>} ("profile", or a .jfc file): a flight recording of each
     * kb-service and of this client for {@code seconds}, into {@code <dir>/kb-<n>.jfr} and
     * {@code <dir>/client.jfr} (via jcmd), e.g. for the measured run.
     */
    void recordFlight(Path dir, int seconds) throws Exception {
        String settings = System.getProperty("bench.jfr");
        if (settings == null) {
            return;
        }
        Map<String, Long> pids = new LinkedHashMap<>();
        for (int i = 0; i < kbs.size(); i++) {
            pids.put("kb-" + (i + 1), kbs.get(i).pid());
        }
        pids.put("client", ProcessHandle.current().pid());
        for (Map.Entry<String, Long> process : pids.entrySet()) {
            Path file = dir.resolve(process.getKey() + ".jfr");
            Process jcmd = new ProcessBuilder("jcmd", Long.toString(process.getValue()), "JFR.start",
                    "duration=" + seconds + "s", "filename=" + file, "settings=" + settings)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            jcmd.waitFor();
            System.out.println("flight recording of " + process.getKey() + " (" + process.getValue() + ") into " + file);
        }
    }

    private Map<String, String> properties(Path work, int instance, int instances, String journal) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("gaia.nats.url", natsUrl());
        p.put("gaia.kb.experiences-dir", work.resolve("experiences").toString());
        p.put("gaia.kb.state-dir", work.resolve("state-" + instance).toString());
        p.put("gaia.kb.journal", journal);
        p.put("logging.level.root", "WARN");
        if (instances > 1) {
            p.put("gaia.kb.jetstream.replicas", "3");
            p.put("gaia.kb.stream.replicas", "3");
            p.put("gaia.kb.ownership.enabled", "true");
            p.put("gaia.kb.ownership.instance-id", instanceId(instance));
        }
        return p;
    }

    private static String instanceId(int instance) {
        return "kb-" + instance;
    }

    private static JvmLaunch jvm() {
        String extra = System.getenv("KB_JAVA_OPTS");
        return JvmLaunch.production("512m", extra == null || extra.isBlank() ? List.of() : List.of(extra.trim().split("\\s+")));
    }

    /**
     * Waits until every experience is served by the instance placement gives it (with one instance:
     * served at all), so the measurement does not include ownership moving as instances joined.
     */
    void awaitPlacement(List<String> experiences, Duration within) throws Exception {
        Map<String, Integer> expected = new HashMap<>();
        if (kbs.size() > 1) {
            List<String> ids = new ArrayList<>();
            for (int i = 1; i <= kbs.size(); i++) {
                ids.add(instanceId(i));
            }
            Placement.assign(experiences, ids).forEach((experience, id) ->
                    expected.put(experience, Integer.parseInt(id.substring("kb-".length())) - 1));
        } else {
            experiences.forEach(experience -> expected.put(experience, 0));
        }
        long deadline = System.nanoTime() + within.toNanos();
        Map<String, Integer> owners = Map.of();
        while (System.nanoTime() < deadline) {
            owners = owners();
            if (owners.equals(expected)) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("experiences not placed as expected in " + within + ": " + owners
                + ", expected " + expected);
    }

    /** Experience -> index of the instance that serves it ({@code served_here} in its health details). */
    private Map<String, Integer> owners() throws Exception {
        Map<String, Integer> owners = new HashMap<>();
        for (int i = 0; i < kbs.size(); i++) {
            int index = i;
            Map<String, Object> health = get(kbs.get(i), "/actuator/health/details");
            map(map(map(map(health.get("components")).get("experiences")).get("details")).get("experiences"))
                    .forEach((id, e) -> {
                        if (Boolean.TRUE.equals(map(e).get("served_here"))) {
                            owners.put(id, index);
                        }
                    });
        }
        return owners;
    }

    /** The sum over instances of a kb-service counter ({@code /actuator/metrics/<name>}). */
    double counter(String name) throws Exception {
        double sum = 0;
        for (ServiceProcess kb : kbs) {
            Object measurements = get(kb, "/actuator/metrics/" + name).get("measurements");
            for (Object measurement : measurements == null ? List.of() : (List<?>) measurements) {
                sum += ((Number) map(measurement).get("value")).doubleValue();
            }
        }
        return sum;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> get(ServiceProcess kb, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(kb.url() + path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + ADMIN).GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) {
            return Map.of(); // e.g. a meter not registered (yet)
        }
        if (response.statusCode() != 200 && response.statusCode() != 207 && response.statusCode() != 503) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.read(response.body(), Map.class);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @Override
    public void close() throws Exception {
        for (ServiceProcess kb : kbs) {
            kb.stop();
        }
        if (cluster != null) {
            cluster.close();
        }
        if (single != null) {
            single.afterAll(null);
        }
    }
}
