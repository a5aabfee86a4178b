package io.gaia.e2e.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.e2e.stack.GaiaStackExtension;
import io.gaia.testsupport.ServiceProcess;
import io.gaia.testsupport.stack.GaiaStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Each running service serves its OpenAPI document at {@code /v3/api-docs}, and the document lists
 * exactly the routes the service really has (as its {@code /actuator/mappings} reports them): no
 * endpoint undocumented, none documented that does not exist.
 */
@ExtendWith(GaiaStackExtension.class)
class OpenApiServedIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern ROUTER_FUNCTION = Pattern.compile("\\((GET|POST|PUT|PATCH|DELETE) && (/[^ )]*)\\)");
    /** Not part of a service's API: the test's own window into the routes, and the document itself. */
    private static final Pattern NOT_API = Pattern.compile("^/(actuator/mappings|v3/api-docs)(\\..*|/.*)?$|.*\\*\\*.*");

    @ParameterizedTest
    @ValueSource(strings = {"kb-service", "chat-service", "session-service"})
    void theDocumentIsServedAndListsExactlyTheRealRoutes(String module, GaiaStack stack) throws Exception {
        ServiceProcess service = switch (module) {
            case "kb-service" -> stack.kb();
            case "chat-service" -> stack.chat();
            default -> stack.session();
        };
        JsonNode api = get(service.url() + "/v3/api-docs");
        assertThat(api.path("openapi").asString()).startsWith("3.");
        assertThat(api.path("info").path("title").asString()).isEqualTo(module);

        Set<String> documented = new TreeSet<>();
        api.path("paths").properties().forEach(path -> path.getValue().propertyNames()
                .forEach(method -> add(documented, method.toUpperCase(), path.getKey())));
        Set<String> real = routes(get(service.url() + "/actuator/mappings"));

        assertThat(documented).as("documented routes of " + module).isEqualTo(real);
        assertThat(documented).contains(switch (module) {
            case "kb-service" -> "POST /actions";
            case "chat-service" -> "POST /chat/unified";
            default -> "GET /ws/experience";
        }, "GET /actuator/health", "GET /actuator/prometheus");
    }

    /** "METHOD /path" for every route of every handler mapping (controllers, router functions, URL mappings). */
    private static Set<String> routes(JsonNode mappings) {
        Set<String> routes = new TreeSet<>();
        mappings.path("contexts").forEach(context -> context.path("mappings").path("dispatcherHandlers")
                .path("webHandler").forEach(handler -> {
                    JsonNode conditions = handler.path("details").path("requestMappingConditions");
                    String predicate = handler.path("predicate").asString();
                    Matcher function = ROUTER_FUNCTION.matcher(predicate);
                    if (!conditions.isMissingNode()) {
                        for (JsonNode pattern : conditions.path("patterns")) {
                            for (JsonNode method : conditions.path("methods")) {
                                add(routes, method.asString(), pattern.asString());
                            }
                        }
                    } else if (function.matches()) {
                        add(routes, function.group(1), function.group(2));
                    } else {
                        add(routes, "GET", predicate); // a URL mapping: the WebSocket handshake, static resources
                    }
                }));
        return routes;
    }

    private static void add(Set<String> routes, String method, String path) {
        String template = path.replace("{*", "{"); // Spring's capture-the-rest variable is one parameter in OpenAPI
        if (!NOT_API.matcher(template).matches()) {
            routes.add(method + " " + template);
        }
    }

    private static JsonNode get(String url) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                        .header("Authorization", "Bearer " + io.gaia.testsupport.TestTokens.development().admin("ops")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
