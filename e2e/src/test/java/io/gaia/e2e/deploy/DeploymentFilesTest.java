package io.gaia.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The deployment files agree with each other and with the services' own configuration files, without
 * a Docker engine: images build modules that exist, every service is published on its default port
 * with its health path, Prometheus scrapes what compose runs, Grafana loads the folders compose mounts
 * and its dashboard is well formed. {@code DeploymentMatchesServicesIT} checks the rest against running services.
 */
class DeploymentFilesTest {

    private final DeploymentFiles files = new DeploymentFiles();

    DeploymentFilesTest() throws Exception {
    }

    @Test
    void theDockerfileCopiesEveryModuleTheRootPomLists() throws Exception {
        String dockerfile = files.read("Dockerfile");
        if (!dockerfile.contains("\nCOPY . .\n")) {
            for (String module : files.modules()) {
                assertThat(dockerfile).as("Maven needs every listed module in the build context").contains("COPY " + module + " " + module);
            }
        }
        for (String ignored : files.read(".dockerignore").split("\n")) {
            assertThat(files.modules()).as(".dockerignore must not leave out a module").doesNotContain(ignored.strip());
        }
        assertThat(dockerfile).contains("-pl ${SERVICE} -am package", "${SERVICE}/target/${SERVICE}-*-exec.jar", "USER gaia");
    }

    @Test
    void everyImageBuildsAServiceModuleThatExists() throws Exception {
        List<String> modules = files.modules();
        for (String service : DeploymentFiles.SERVICES) {
            @SuppressWarnings("unchecked")
            Map<String, Object> build = (Map<String, Object>) files.composeService(service).get("build");
            @SuppressWarnings("unchecked")
            Map<String, Object> args = (Map<String, Object>) build.get("args");
            assertThat(args.get("SERVICE")).as("compose " + service).isEqualTo(service);
            assertThat(files.fly(service).get("build.args.SERVICE")).as("fly " + service).isEqualTo(service);
            assertThat(modules).contains(service);
            assertThat(files.root.resolve(service).resolve("src/main/resources/application.yml")).exists();
        }
    }

    @Test
    void composeAndFlyRunEachServiceOnItsDefaultPort() throws Exception {
        for (String service : DeploymentFiles.SERVICES) {
            String port = String.valueOf(files.defaultPort(service));
            assertThat(files.composeEnvironment(service).get("PORT")).as("compose PORT of " + service).isEqualTo(port);
            assertThat(files.composeService(service).get("ports")).as("compose ports of " + service)
                    .isEqualTo(List.of("127.0.0.1:" + port + ":" + port));
            Map<String, String> fly = files.fly(service);
            assertThat(files.flyEnvironment(service).get("PORT")).as("fly PORT of " + service).isEqualTo(port);
            assertThat(fly.get("http_service.internal_port")).as("fly internal_port of " + service).isEqualTo(port);
            assertThat(fly.get("checks.health.port")).as("fly check port of " + service).isEqualTo(port);
        }
        assertThat(List.of(files.defaultPort("kb-service"), files.defaultPort("chat-service"), files.defaultPort("session-service")))
                .containsExactly(8001, 8002, 8003);
    }

    @Test
    void theClusteredComposeLayoutHasThreeNatsNodesThreeOwningKbInstancesAndTwoSessionInstances() throws Exception {
        Map<String, Object> services = files.composeServices("docker-compose.cluster.yml");
        assertThat(services).containsKeys("nats-1", "nats-2", "nats-3", "kb-service", "kb-service-2", "kb-service-3",
                "chat-service", "session-service", "session-service-2");
        for (String kb : List.of("kb-service", "kb-service-2", "kb-service-3")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> environment = (Map<String, Object>) ((Map<String, Object>) services.get(kb)).get("environment");
            assertThat(environment).as(kb).containsEntry("GAIA_KB_OWNERSHIP_ENABLED", "true")
                    .containsEntry("GAIA_KB_JOURNAL", "jetstream").containsEntry("GAIA_KB_JETSTREAM_REPLICAS", "3")
                    .containsEntry("GAIA_KB_STREAM_REPLICAS", "3");
            assertThat(String.valueOf(environment.get("GAIA_NATS_URL"))).as(kb)
                    .isEqualTo("nats://nats-1:4222,nats://nats-2:4222,nats://nats-3:4222");
        }
        for (String node : List.of("nats-1", "nats-2", "nats-3")) {
            @SuppressWarnings("unchecked")
            List<String> command = (List<String>) ((Map<String, Object>) services.get(node)).get("command");
            assertThat(command).as(node).contains("-js", "--cluster_name", "--routes", node);
        }
    }

    @Test
    void theFlyLayoutIsClusteredTooNatsNodesRouteToEachOtherAndKbInstancesOwnWithR3() throws Exception {
        Map<String, String> kb = files.flyEnvironment("kb-service");
        assertThat(kb).containsEntry("GAIA_KB_OWNERSHIP_ENABLED", "true").containsEntry("GAIA_KB_JOURNAL", "jetstream")
                .containsEntry("GAIA_KB_JETSTREAM_REPLICAS", "3").containsEntry("GAIA_KB_STREAM_REPLICAS", "3");
        assertThat(Integer.parseInt(files.fly("kb-service").get("http_service.min_machines_running"))).isGreaterThanOrEqualTo(3);
        Map<String, String> nats = files.fly("nats");
        assertThat(nats.get("files.local_path")).isEqualTo("fly/nats.conf");
        assertThat(nats.get("experimental.cmd")).contains("-c", nats.get("files.guest_path"));
        String conf = files.read("fly/nats.conf");
        assertThat(conf).contains("jetstream", "store_dir: /data", "cluster {", "name: gaia",
                "nats-route://gaia-nats.internal:6222", "server_name: $FLY_MACHINE_ID", "http_port: 8222");
    }

    @Test
    void healthChecksProbeTheActuatorHealthEveryServiceExposes() throws Exception {
        assertThat(files.read("Dockerfile")).contains("http://127.0.0.1:${PORT}/actuator/health");
        for (String service : DeploymentFiles.SERVICES) {
            assertThat(files.fly(service).get("checks.health.path")).isEqualTo("/actuator/health");
            assertThat(files.exposedEndpoints(service)).as(service).contains("health", "prometheus");
            assertThat(files.read(service + "/src/main/resources/application.yml")).doesNotContain("base-path");
        }
        assertThat(files.fly("nats").get("checks.healthz.path")).isEqualTo("/healthz");
        assertThat(files.fly("nats").get("checks.healthz.port")).isEqualTo("8222");
    }

    @Test
    void prometheusScrapesEveryServiceWhereComposeRunsIt() throws Exception {
        Map<String, Object> prometheus = files.yaml("deploy/prometheus/prometheus.yml");
        @SuppressWarnings("unchecked")
        Map<String, Object> job = ((List<Map<String, Object>>) prometheus.get("scrape_configs")).get(0);
        assertThat(job.get("metrics_path")).isEqualTo("/actuator/prometheus");
        @SuppressWarnings("unchecked")
        List<String> targets = (List<String>) ((List<Map<String, Object>>) job.get("static_configs")).get(0).get("targets");
        List<String> expected = new ArrayList<>();
        for (String service : DeploymentFiles.SERVICES) {
            assertThat(files.composeService(service)).as("compose runs " + service).isNotNull();
            expected.add(service + ":" + files.defaultPort(service));
        }
        assertThat(targets).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(files.composeService("prometheus").get("volumes"))
                .isEqualTo(List.of("./deploy/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void grafanaLoadsTheProvisioningAndDashboardFoldersComposeMounts() throws Exception {
        List<String> volumes = (List<String>) files.composeService("grafana").get("volumes");
        assertThat(volumes).contains("./deploy/grafana/provisioning:/etc/grafana/provisioning:ro");
        Map<String, Object> provider = ((List<Map<String, Object>>) files.yaml("deploy/grafana/provisioning/dashboards/gaia.yml")
                .get("providers")).get(0);
        String dashboardsPath = (String) ((Map<String, Object>) provider.get("options")).get("path");
        assertThat(volumes).contains("./deploy/grafana/dashboards:" + dashboardsPath + ":ro");
        assertThat(files.root.resolve("deploy/grafana/dashboards/gaia.json")).exists();

        Map<String, Object> datasource = ((List<Map<String, Object>>) files.yaml("deploy/grafana/provisioning/datasources/prometheus.yml")
                .get("datasources")).get(0);
        assertThat(datasource.get("type")).isEqualTo("prometheus");
        assertThat(datasource.get("url")).isEqualTo("http://prometheus:9090");
        assertThat(files.composeService("prometheus").get("ports")).isEqualTo(List.of("127.0.0.1:9090:9090"));
        assertThat(dashboard().path("panels").findValuesAsString("uid")).containsOnly((String) datasource.get("uid"));
    }

    @Test
    void theDashboardIsWellFormed() throws Exception {
        JsonNode dashboard = dashboard();
        assertThat(dashboard.path("uid").asString()).isEqualTo("gaia");
        assertThat(dashboard.path("title").asString()).isEqualTo("GAIA");
        Set<Integer> ids = new HashSet<>();
        int queries = 0;
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(ids.add(panel.path("id").asInt())).as("unique panel id " + panel.path("id")).isTrue();
            JsonNode grid = panel.path("gridPos");
            assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as(panel.path("title").asString()).isLessThanOrEqualTo(24);
            if (panel.path("type").asString().equals("row")) {
                continue;
            }
            assertThat(panel.path("type").asString()).isIn("timeseries", "stat", "gauge", "table");
            assertThat(panel.path("targets")).as(panel.path("title").asString()).isNotEmpty();
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asString();
                assertThat(PromQl.balanced(expr)).as(expr).isTrue();
                assertThat(PromQl.metricNames(expr)).as(expr).isNotEmpty().allMatch(name -> name.startsWith("gaia_"));
                queries++;
            }
        }
        assertThat(queries).isGreaterThan(10);
        // the panels the issue asks for
        String all = dashboard.toString();
        assertThat(all).contains("gaia_kb_deltas_published_total", "gaia_session_deltas_received_total",
                "gaia_session_delta_forward_seconds_bucket", "gaia_session_connections", "gaia_session_subscriptions",
                "gaia_kb_deltas_failed_total", "gaia_nats_connected", "gaia_chat_time_to_world_update_seconds_bucket");
    }

    @Test
    void promQlReadingFindsTheMetricsAndNotTheFunctionsOrLabels() {
        assertThat(PromQl.metricNames("histogram_quantile(0.99, sum by (le) (rate(gaia_x_bucket{target=\"chat\"}[5m])))"))
                .containsExactly("gaia_x_bucket");
        assertThat(PromQl.metricNames("sum(gaia_a) / sum without (instance) (gaia_b_total)")).containsExactly("gaia_a", "gaia_b_total");
    }

    static JsonNode dashboard() throws Exception {
        return JsonMapper.builder().build().readTree(Files.readString(new DeploymentFiles().root.resolve("deploy/grafana/dashboards/gaia.json")));
    }
}
