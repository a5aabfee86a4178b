package io.gaia.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.exc.ValueInstantiationException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON codec every service uses: snake_case wire names, unknown fields tolerated, missing
 * required fields and wrong types rejected with a message naming the field, and bounded input
 * (size, nesting depth, string length).
 */
public final class GaiaJson {

    public static final int DEFAULT_MAX_BYTES = 256 * 1024;
    public static final int MAX_NESTING_DEPTH = 64;

    private final JsonMapper mapper;
    private final int maxBytes;

    private GaiaJson(int maxBytes) {
        this.maxBytes = maxBytes;
        this.mapper = buildMapper(maxBytes);
    }

    public static GaiaJson create() {
        return new GaiaJson(DEFAULT_MAX_BYTES);
    }

    public static GaiaJson withMaxBytes(int maxBytes) {
        return new GaiaJson(maxBytes);
    }

    private static JsonMapper buildMapper(int maxBytes) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxDocumentLength(maxBytes)
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .maxStringLength(maxBytes)
                        .build())
                .build();
        return JsonMapper.builder(factory)
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .changeDefaultPropertyInclusion(incl -> incl.withValueInclusion(JsonInclude.Include.NON_NULL))
                .build();
    }

    /** The configured mapper, for frameworks that need one (Spring's codecs). */
    public JsonMapper mapper() {
        return mapper;
    }

    public int maxBytes() {
        return maxBytes;
    }

    public byte[] write(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JacksonException e) {
            throw new CodecException(ErrorCodes.INTERNAL_ERROR, null, "cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    public String writeString(Object value) {
        return new String(write(value), StandardCharsets.UTF_8);
    }

    public <T> T read(byte[] json, Class<T> type) {
        checkSize(json.length);
        try {
            return mapper.readValue(json, type);
        } catch (JacksonException e) {
            throw translate(e);
        }
    }

    public <T> T read(String json, Class<T> type) {
        return read(json.getBytes(StandardCharsets.UTF_8), type);
    }

    public JsonNode readTree(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        checkSize(bytes.length);
        try {
            return mapper.readTree(bytes);
        } catch (JacksonException e) {
            throw translate(e);
        }
    }

    public <T> T convert(JsonNode node, Class<T> type) {
        try {
            return mapper.treeToValue(node, type);
        } catch (JacksonException e) {
            throw translate(e);
        }
    }

    /**
     * Writes a delta in the v0.3 shape for old clients: {@code changes} keyed by path, no versions.
     * A v0.3 object holds one change per path, so a delta that touches one path twice becomes
     * several v0.3 messages, in order.
     */
    public List<String> writeLegacy(WorldUpdateEvent event) {
        List<String> messages = new ArrayList<>();
        Map<String, Object> changes = new LinkedHashMap<>();
        for (Change change : event.changes()) {
            if (changes.containsKey(change.path())) {
                messages.add(writeString(legacyEnvelope(event, changes)));
                changes = new LinkedHashMap<>();
            }
            changes.put(change.path(), legacyChange(change));
        }
        if (!changes.isEmpty() || messages.isEmpty()) {
            messages.add(writeString(legacyEnvelope(event, changes)));
        }
        return messages;
    }

    private static Map<String, Object> legacyEnvelope(WorldUpdateEvent event, Map<String, Object> changes) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", WorldUpdateEvent.TYPE);
        out.put("version", WorldUpdateEvent.LEGACY_VERSION);
        out.put("experience", event.experience());
        if (event.userId() != null) {
            out.put("user_id", event.userId());
        }
        out.put("changes", changes);
        out.put("timestamp", event.timestamp());
        out.put("metadata", event.metadata());
        return out;
    }

    /**
     * One v0.3 change as the agreed v0.3 schema has it: {@code {"operation", "item": {"id": <instance_id>,
     * ...}}}, with {@code instance_id} kept beside {@code item} for clients that read it there.
     */
    private static Map<String, Object> legacyChange(Change change) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("operation", change.operation());
        Map<String, Object> body = change.item() != null ? change.item() : change.fields();
        if (body != null || change.instanceId() != null) {
            Map<String, Object> item = new LinkedHashMap<>();
            if (change.instanceId() != null) {
                item.put(LEGACY_ITEM_ID, change.instanceId());
            }
            if (body != null) {
                body.forEach((key, value) -> {
                    if (!(LEGACY_ITEM_ID.equals(key) && change.instanceId() != null)) {
                        item.put(key, value);
                    }
                });
            }
            out.put("item", item);
        }
        if (change.instanceId() != null) {
            out.put("instance_id", change.instanceId());
        }
        return out;
    }

    /** v0.3's name for an item's instance id inside {@code item}. */
    static final String LEGACY_ITEM_ID = "id";

    private void checkSize(int length) {
        if (length > maxBytes) {
            throw new CodecException(ErrorCodes.PAYLOAD_TOO_LARGE, null,
                    "message of " + length + " bytes exceeds the limit of " + maxBytes + " bytes", null);
        }
    }

    /** Explains a Jackson failure as a {@link CodecException} with a code and the offending field. */
    public static CodecException translate(JacksonException e) {
        Throwable cause = e.getCause();
        if (cause instanceof Required.MissingFieldException missing) {
            return new CodecException(ErrorCodes.MISSING_FIELD, missing.field(), missing.getMessage(), e);
        }
        if (e instanceof StreamConstraintsException) {
            return new CodecException(ErrorCodes.PAYLOAD_TOO_LARGE, null, "message too large or too deeply nested: "
                    + e.getOriginalMessage(), e);
        }
        if (e instanceof StreamReadException) {
            return new CodecException(ErrorCodes.INVALID_JSON, null, "malformed JSON: " + e.getOriginalMessage(), e);
        }
        String field = fieldPath(e);
        String detail = e instanceof ValueInstantiationException && cause != null ? cause.getMessage()
                : e.getOriginalMessage();
        String where = field == null ? "" : "field '" + field + "': ";
        return new CodecException(ErrorCodes.INVALID_FIELD, field, where + firstLine(detail), e);
    }

    private static String fieldPath(JacksonException e) {
        if (!(e instanceof DatabindException)) {
            return null;
        }
        Set<String> parts = new LinkedHashSet<>();
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getPropertyName());
                parts.add(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return parts.isEmpty() ? null : path.toString();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "invalid value";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
