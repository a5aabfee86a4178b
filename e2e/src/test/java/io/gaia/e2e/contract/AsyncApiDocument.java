package io.gaia.e2e.contract;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.gaia.testsupport.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code docs/asyncapi.yaml}, read for tests: which message schema a frame of a given {@code type}
 * must match on a channel or operation, and JSON Schema validation of a real message against it
 * (networknt, draft 7 — the AsyncAPI schema format is a superset of it).
 */
public final class AsyncApiDocument {

    public static final Path FILE = Path.of("docs", "asyncapi.yaml");
    private static final String BASE = "https://gaia.invalid/asyncapi.json";
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final JsonNode root;
    private final SchemaRegistry registry;

    private AsyncApiDocument(JsonNode root) {
        this.root = root;
        String text = JSON.writeValueAsString(root);
        this.registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7,
                builder -> builder.schemas(Map.of(BASE, text)));
    }

    public static AsyncApiDocument load() throws IOException {
        Path file = ServiceProcess.repositoryRoot().resolve(FILE);
        return new AsyncApiDocument(YAMLMapper.builder().build().readTree(Files.readString(file)));
    }

    public JsonNode root() {
        return root;
    }

    /** {@code type} -> payload schema pointer, for every message an operation lists. */
    public Map<String, String> operationTypes(String operation) {
        JsonNode messages = root.path("operations").path(operation).path("messages");
        if (messages.isMissingNode() || messages.isEmpty()) {
            throw new IllegalArgumentException("no operation '" + operation + "' with messages in " + FILE);
        }
        Map<String, String> types = new LinkedHashMap<>();
        for (JsonNode message : messages) {
            addTypes(resolve(message.path("$ref").asString()), types);
        }
        return types;
    }

    /** {@code type} -> payload schema pointer, for every message of a channel. */
    public Map<String, String> channelTypes(String channel) {
        JsonNode messages = root.path("channels").path(channel).path("messages");
        if (messages.isMissingNode() || messages.isEmpty()) {
            throw new IllegalArgumentException("no channel '" + channel + "' with messages in " + FILE);
        }
        Map<String, String> types = new LinkedHashMap<>();
        messages.forEach(message -> addTypes(message, types));
        return types;
    }

    /** Validation errors of {@code message} against the schema its {@code type} selects in {@code types}. */
    public List<String> validate(Map<String, String> types, JsonNode message) {
        String type = message.path("type").asString("");
        String pointer = types.get(type);
        if (pointer == null) {
            return List.of("type '" + type + "' is not documented here (documented: " + types.keySet() + ")");
        }
        return validate(pointer, message);
    }

    public List<String> validate(String schemaPointer, JsonNode message) {
        Schema schema = registry.getSchema(SchemaLocation.of(BASE + "#" + schemaPointer));
        return schema.validate(message).stream().map(Error::toString).toList();
    }

    /** Every {@code $ref} in the document, and whether it points at something. */
    public Map<String, Boolean> refs() {
        Map<String, Boolean> refs = new LinkedHashMap<>();
        collectRefs(root, refs);
        return refs;
    }

    /** A message object (or a $ref to one): its payload schema and the {@code type} values it allows. */
    private void addTypes(JsonNode message, Map<String, String> types) {
        JsonNode resolved = message.has("$ref") ? resolve(message.path("$ref").asString()) : message;
        if (resolved.has("$ref")) {
            addTypes(resolved, types);
            return;
        }
        String payload = resolved.path("payload").path("$ref").asString();
        for (String type : typesOf(resolve(payload), new LinkedHashSet<>())) {
            types.put(type, payload.substring(1));
        }
    }

    private Set<String> typesOf(JsonNode schema, Set<String> found) {
        if (schema.has("$ref")) {
            return typesOf(resolve(schema.path("$ref").asString()), found);
        }
        JsonNode type = schema.path("properties").path("type");
        if (type.has("const")) {
            found.add(type.path("const").asString());
        }
        type.path("enum").forEach(value -> found.add(value.asString()));
        for (String combinator : List.of("oneOf", "anyOf", "allOf")) {
            schema.path(combinator).forEach(member -> typesOf(member, found));
        }
        return found;
    }

    JsonNode resolve(String ref) {
        if (!ref.startsWith("#/")) {
            throw new IllegalArgumentException("only local references are used: " + ref);
        }
        JsonNode node = root.at(ref.substring(1));
        if (node.isMissingNode()) {
            throw new IllegalArgumentException("dangling reference " + ref);
        }
        return node;
    }

    private void collectRefs(JsonNode node, Map<String, Boolean> refs) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.isString()) {
                String target = ref.asString();
                refs.put(target, target.startsWith("#/") && !root.at(target.substring(1)).isMissingNode());
            }
        }
        if (node.isContainer()) {
            node.forEach(child -> collectRefs(child, refs));
        }
    }
}
