package io.gaia.e2e.deploy;

import static io.gaia.testsupport.socket.TestSocket.answerTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.e2e.stack.GaiaStackExtension;
import io.gaia.testsupport.ServiceProcess;
import io.gaia.testsupport.socket.TestSocket;
import io.gaia.testsupport.stack.GaiaStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * docker-compose.yml, fly/*.toml and the Grafana dashboard against the running services: every
 * environment variable the deployment sets binds to a property the service really has (as its
 * {@code /actuator/configprops} lists them), and every metric a dashboard panel queries is one a
 * service really exposes on {@code /actuator/prometheus}.
 */
@ExtendWith(GaiaStackExtension.class)
class DeploymentMatchesServicesIT {

    /** Read by Spring Boot or the JVM themselves rather than bound to a configuration properties bean. */
    private static final Set<String> PLATFORM_VARIABLES = Set.of("SPRING_PROFILES_ACTIVE", "JAVA_TOOL_OPTIONS");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DeploymentFiles files = new DeploymentFiles();

    DeploymentMatchesServicesIT() throws Exception {
    }

    @Test
    void everyEnvironmentVariableTheDeploymentSetsBindsToARealProperty(GaiaStack stack) throws Exception {
        List<String> unbound = new ArrayList<>();
        for (String service : DeploymentFiles.SERVICES) {
            Set<String> properties = boundProperties(process(stack, service));
            Map<String, String> placeholders = files.placeholders(service);
            Set<String> variables = new TreeSet<>(files.composeEnvironment(service).keySet());
            variables.addAll(files.flyEnvironment(service).keySet());
            variables.addAll(files.clusterComposeEnvironment(service).keySet());
            for (String variable : variables) {
                if (PLATFORM_VARIABLES.contains(variable)) {
                    continue;
                }
                String viaPlaceholder = placeholders.get(variable);
                boolean binds = viaPlaceholder != null ? properties.contains(canonical(viaPlaceholder))
                        : properties.contains(variable.toLowerCase(Locale.ROOT).replace('_', '.'));
                if (!binds) {
                    unbound.add(service + ": " + variable + (viaPlaceholder == null ? "" : " (-> " + viaPlaceholder + ")"));
                }
            }
        }
        assertThat(unbound).as("environment variables that no property of the service reads").isEmpty();
    }

    @Test
    void everyMetricTheDashboardQueriesIsExposedByARunningService(GaiaStack stack) throws Exception {
        playABit(stack); // meters tagged per command appear with the first action
        Set<String> exposed = new TreeSet<>();
        for (String service : DeploymentFiles.SERVICES) {
            exposed.addAll(sampleNames(process(stack, service)));
        }
        Set<String> queried = new TreeSet<>();
        for (JsonNode panel : DeploymentFilesTest.dashboard().path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queried.addAll(PromQl.metricNames(target.path("expr").asString()));
            }
        }
        assertThat(queried).isNotEmpty();
        assertThat(exposed).containsAll(queried);
    }

    /** One action and one chat turn through session-service, so every service has counted something. */
    private static void playABit(GaiaStack stack) {
        try (TestSocket socket = TestSocket.connect(stack.socketUrl(GaiaStackExtension.WOODS, "metrics-player"))
                     .patience(Duration.ofSeconds(20)).open()) {
            socket.await("area_of_interest");
            socket.send("{\"type\":\"action\",\"action\":\"examine\",\"instance_id\":\"bottle_mystery\",\"request_id\":\"m-1\"}");
            socket.await(answerTo("action_response", "m-1"), "action_response");
            socket.send("{\"type\":\"chat\",\"text\":\"Louisa, hello\",\"request_id\":\"m-2\"}");
            socket.await(answerTo("chat_complete", "m-2"), "chat_complete");
        }
    }

    /** Every property the service binds, as "prefix.path" lower-cased without dashes (Spring's canonical form). */
    private static Set<String> boundProperties(ServiceProcess service) throws Exception {
        Set<String> names = new TreeSet<>();
        get(service.url() + "/actuator/configprops").path("contexts").forEach(context ->
                context.path("beans").forEach(bean -> walk(bean.path("prefix").asString(), bean.path("properties"), names)));
        return names;
    }

    private static void walk(String path, JsonNode node, Set<String> names) {
        names.add(canonical(path));
        if (node.isObject()) {
            node.properties().forEach(field -> walk(path + "." + field.getKey(), field.getValue(), names));
        }
    }

    private static String canonical(String property) {
        return property.replace("-", "").toLowerCase(Locale.ROOT);
    }

    private static Set<String> sampleNames(ServiceProcess service) throws Exception {
        Set<String> names = new TreeSet<>();
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(service.url() + "/actuator/prometheus"))
                        .header("Authorization", "Bearer " + io.gaia.testsupport.TestTokens.development().admin("ops")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        for (String line : response.body().split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        return names;
    }

    private static ServiceProcess process(GaiaStack stack, String service) {
        return switch (service) {
            case "kb-service" -> stack.kb();
            case "chat-service" -> stack.chat();
            default -> stack.session();
        };
    }

    private static JsonNode get(String url) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + io.gaia.testsupport.TestTokens.development().admin("ops")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
