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
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.type.LogicalType;
import tools.jackson.databind.exc.ValueInstantiationException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON codec every service uses: snake_case wire names, unknown fields tolerated, missing
 * required fields and wrong types rejected with a message naming the field and the expected type
 * (never a Java class), strings strict (a number or boolean is not taken for a string), and bounded
 * input (size, nesting depth, string length).
 */
public final class GaiaJson {

    public static final int DEFAULT_MAX_BYTES = 256 * 1024;
    /** Deepest nesting every reader accepts (Jackson's StreamReadConstraints), for any document. */
    public static final int MAX_NESTING_DEPTH = 64;
    /**
     * Deepest value a client may store inside a document (e.g. an {@code @edit} of {@code state.<key>}):
     * half the reader limit, the other half is room for every envelope that carries it (world file,
     * commit record, area of interest, action response, world update, chat event).
     */
    public static final int MAX_VALUE_DEPTH = MAX_NESTING_DEPTH / 2;
    /**
     * Default limit for one service's answer to another (an area of interest of a 10,000-item zone
     * is about 2 MB): session-service and chat-service read kb-service answers up to this size.
     */
    public static final int DEFAULT_MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

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
                // "action": 5 is a mistake, not the string "5"
                .withCoercionConfig(LogicalType.Textual, strings -> strings
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
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
            // (the cause, for the log, names the Java type; the message a client may see does not)
            throw new CodecException(ErrorCodes.INTERNAL_ERROR, null, "cannot write JSON", e);
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

    /** Nesting depth of a value read by this codec: 0 for a scalar, 1 for a flat object or array. */
    public static int depth(Object value) {
        int deepest = 0;
        if (value instanceof Map<?, ?> map) {
            for (Object child : map.values()) {
                deepest = Math.max(deepest, depth(child));
            }
            return deepest + 1;
        }
        if (value instanceof Iterable<?> list) {
            for (Object child : list) {
                deepest = Math.max(deepest, depth(child));
            }
            return deepest + 1;
        }
        return 0;
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
            // (Jackson's own text names its Java classes)
            String limit = String.valueOf(e.getOriginalMessage()).contains("nesting")
                    ? "nested deeper than " + MAX_NESTING_DEPTH + " levels" : "too large";
            return new CodecException(ErrorCodes.PAYLOAD_TOO_LARGE, null, "message " + limit, e);
        }
        if (e instanceof StreamReadException) {
            return new CodecException(ErrorCodes.INVALID_JSON, null, "malformed JSON: " + e.getOriginalMessage(), e);
        }
        String field = fieldPath(e);
        if (e instanceof MismatchedInputException && String.valueOf(e.getOriginalMessage()).startsWith("No content")) {
            return new CodecException(ErrorCodes.INVALID_JSON, null, "empty message: send a JSON object", e);
        }
        String where = field == null ? "value" : "field '" + field + "'";
        if (e instanceof ValueInstantiationException) {
            // a record constructor refused the value: its message is ours and names the field
            String detail = cause instanceof IllegalArgumentException && cause.getMessage() != null
                    ? firstLine(cause.getMessage()) : where + " is invalid";
            return new CodecException(ErrorCodes.INVALID_FIELD, field, detail, e);
        }
        String expected = e instanceof MismatchedInputException mismatch ? expected(mismatch.getTargetType()) : null;
        String detail = expected != null ? where + " must be " + expected
                : e instanceof InvalidFormatException ? where + " has an unsupported value"
                : where + " has the wrong type";
        return new CodecException(ErrorCodes.INVALID_FIELD, field, detail, e);
    }

    /** What a wire value of this Java type looks like, in the client's terms (never a class name). */
    static String expected(Class<?> type) {
        if (type == null) {
            return null;
        }
        if (type == String.class || type == Character.class || type == char.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class || type == java.math.BigInteger.class) {
            return "an integer";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (type.isEnum()) {
            List<String> names = new ArrayList<>();
            for (Object constant : type.getEnumConstants()) {
                names.add(constant.toString().toLowerCase(java.util.Locale.ROOT));
            }
            return "one of " + names;
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        return "an object";
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
