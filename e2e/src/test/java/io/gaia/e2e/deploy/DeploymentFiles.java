package io.gaia.e2e.deploy;

import io.gaia.testsupport.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * The deployment files of the repository, read for tests: docker-compose.yml, fly/*.toml, the
 * Dockerfile, deploy/ (Prometheus, Grafana), and what each service's application.yml says.
 */
final class DeploymentFiles {

    static final List<String> SERVICES = List.of("kb-service", "chat-service", "session-service");
    private static final Pattern DEFAULT_PORT = Pattern.compile("\\$\\{PORT:(\\d+)}");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z0-9_]+)[:}]");

    final Path root;

    DeploymentFiles() throws IOException {
        this.root = ServiceProcess.repositoryRoot();
    }

    String read(String file) throws IOException {
        return Files.readString(root.resolve(file));
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> yaml(String file) throws IOException {
        return (Map<String, Object>) new Yaml().load(read(file));
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> composeService(String name) throws IOException {
        return (Map<String, Object>) composeServices("docker-compose.yml").get(name);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> composeServices(String file) throws IOException {
        return (Map<String, Object>) yaml(file).get("services");
    }

    /**
     * The environment of every instance of {@code service} in docker-compose.cluster.yml (the service
     * itself and {@code <service>-<n>}), merged: what the clustered layout sets.
     */
    @SuppressWarnings("unchecked")
    Map<String, String> clusterComposeEnvironment(String service) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        composeServices("docker-compose.cluster.yml").forEach((name, definition) -> {
            if (name.equals(service) || name.matches(java.util.regex.Pattern.quote(service) + "-\\d+")) {
                Object declared = ((Map<String, Object>) definition).get("environment");
                if (declared instanceof Map<?, ?> map) {
                    map.forEach((k, v) -> env.put(String.valueOf(k), String.valueOf(v)));
                }
            }
        });
        return env;
    }

    @SuppressWarnings("unchecked")
    Map<String, String> composeEnvironment(String service) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        Object declared = composeService(service).get("environment");
        if (declared instanceof Map<?, ?> map) {
            map.forEach((k, v) -> env.put(String.valueOf(k), String.valueOf(v)));
        }
        return env;
    }

    /** A flat view of fly/&lt;app&gt;.toml: "section.key" -> value (enough TOML for these files). */
    Map<String, String> fly(String app) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        String section = "";
        for (String raw : read("fly/" + app + ".toml").split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[")) {
                section = line.replaceAll("[\\[\\]]", "").strip();
                continue;
            }
            int eq = line.indexOf('=');
            if (eq > 0) {
                String value = line.substring(eq + 1).strip();
                if (value.startsWith("\"")) {
                    value = value.substring(1, value.lastIndexOf('"'));
                }
                values.put(section + "." + line.substring(0, eq).strip(), value);
            }
        }
        return values;
    }

    Map<String, String> flyEnvironment(String app) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        fly(app).forEach((key, value) -> {
            if (key.startsWith("env.")) {
                env.put(key.substring("env.".length()), value);
            }
        });
        return env;
    }

    /** All documents of a service's application.yml. */
    List<Map<String, Object>> applicationYaml(String service) throws IOException {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Yaml().loadAll(read(service + "/src/main/resources/application.yml"))) {
            if (document instanceof Map<?, ?> map) {
                @SuppressWarnings("unchecked")
                Map<String, Object> typed = (Map<String, Object>) map;
                documents.add(typed);
            }
        }
        return documents;
    }

    /** The port a service listens on when nothing overrides it: {@code server.port: ${PORT:<default>}}. */
    int defaultPort(String service) throws IOException {
        Matcher m = DEFAULT_PORT.matcher(read(service + "/src/main/resources/application.yml"));
        if (!m.find()) {
            throw new IllegalStateException(service + "'s application.yml has no server.port: ${PORT:<default>}");
        }
        return Integer.parseInt(m.group(1));
    }

    /** Environment variable -> the property (dotted path) whose value in application.yml is a ${VARIABLE...} placeholder. */
    Map<String, String> placeholders(String service) throws IOException {
        Map<String, String> found = new LinkedHashMap<>();
        for (Map<String, Object> document : applicationYaml(service)) {
            collect("", document, found);
        }
        return found;
    }

    private static void collect(String path, Object node, Map<String, String> found) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> collect(path.isEmpty() ? String.valueOf(k) : path + "." + k, v, found));
        } else if (node instanceof String text) {
            Matcher m = PLACEHOLDER.matcher(text);
            while (m.find()) {
                found.put(m.group(1), path);
            }
        }
    }

    /** The actuator endpoints a service exposes over HTTP ({@code management.endpoints.web.exposure.include}). */
    @SuppressWarnings("unchecked")
    List<String> exposedEndpoints(String service) throws IOException {
        for (Map<String, Object> document : applicationYaml(service)) {
            Object management = document.get("management");
            if (management instanceof Map<?, ?> m && m.get("endpoints") instanceof Map<?, ?> e
                    && e.get("web") instanceof Map<?, ?> w && w.get("exposure") instanceof Map<?, ?> x) {
                return List.of(String.valueOf(x.get("include")).split("\\s*,\\s*"));
            }
        }
        return List.of("health");
    }

    /** The modules the root pom lists. */
    List<String> modules() throws IOException {
        List<String> modules = new ArrayList<>();
        Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(read("pom.xml"));
        while (m.find()) {
            modules.add(m.group(1).strip());
        }
        return modules;
    }
}
