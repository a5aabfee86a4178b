package io.gaia.kb.world;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a commit record (or the committed, not yet folded state) holds of one document: its whole
 * content, parts of it to set, or both (the whole, then the parts set on it). A part is a JSON
 * pointer to a member of an object and that member's new value ({@code null} removes it), e.g.
 * {@code /locations/shop} and the shop zone: a batch that changed one zone of a big world records
 * that zone and the world's small top-level members, not the whole world. Parts are set in order; a
 * part replaces any earlier part at or under its pointer. Without a whole, the parts apply to the
 * document as it was before (its file, or an earlier record's whole). Immutable.
 */
public record DocContent(byte[] whole, Map<String, byte[]> parts) {

    public DocContent {
        parts = parts == null || parts.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(parts));
        if (whole == null && parts.isEmpty()) {
            throw new IllegalArgumentException("a document's content needs its whole or some parts");
        }
    }

    public static DocContent whole(byte[] bytes) {
        return new DocContent(bytes, Map.of());
    }

    public static DocContent parts(Map<String, byte[]> parts) {
        return new DocContent(null, parts);
    }

    /** True when this is the whole document (nothing to apply to an earlier one). */
    public boolean isWhole() {
        return whole != null && parts.isEmpty();
    }

    /** This content followed by {@code next}: next's whole replaces everything, next's parts join (and replace) this one's. */
    public DocContent then(DocContent next) {
        if (next.whole != null) {
            return next;
        }
        Map<String, byte[]> merged = new LinkedHashMap<>(parts);
        next.parts.forEach((pointer, value) -> put(merged, pointer, value));
        return new DocContent(whole, merged);
    }

    /** The whole document: this whole (or {@code before}'s bytes, the document before these parts) with the parts set. */
    public byte[] bytes(Supplier<byte[]> before, JsonMapper mapper) {
        if (isWhole()) {
            return whole;
        }
        byte[] base = whole != null ? whole : before.get();
        if (base == null) {
            throw new IllegalStateException("parts of a document that does not exist: " + parts.keySet());
        }
        JsonNode root = mapper.readTree(base);
        if (!(root instanceof ObjectNode object)) {
            throw new IllegalStateException("parts of a document that is not a JSON object");
        }
        parts.forEach((pointer, value) -> set(object, pointer, mapper.readTree(value)));
        return mapper.writeValueAsBytes(object);
    }

    /** Sets one part on a parsed document (a JSON null value removes the member): how a replay applies it. */
    public static void set(ObjectNode root, String pointer, JsonNode value) {
        String[] tokens = tokens(pointer);
        ObjectNode parent = root;
        for (int i = 0; i < tokens.length - 1; i++) {
            JsonNode child = parent.get(tokens[i]);
            parent = child instanceof ObjectNode object ? object : parent.putObject(tokens[i]);
        }
        String last = tokens[tokens.length - 1];
        if (value == null || value.isNull()) {
            parent.remove(last);
        } else {
            parent.set(last, value);
        }
    }

    /** The JSON pointer of member {@code name} under {@code parent} ("" for the root). */
    public static String pointer(String parent, String name) {
        return parent + "/" + name.replace("~", "~0").replace("/", "~1");
    }

    private static String[] tokens(String pointer) {
        if (pointer.length() < 2 || pointer.charAt(0) != '/') {
            throw new IllegalArgumentException("not a JSON pointer to a member: " + pointer);
        }
        String[] tokens = pointer.substring(1).split("/", -1);
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = tokens[i].replace("~1", "/").replace("~0", "~");
        }
        return tokens;
    }

    private static void put(Map<String, byte[]> parts, String pointer, byte[] value) {
        parts.keySet().removeIf(existing -> existing.equals(pointer) || existing.startsWith(pointer + "/"));
        parts.put(pointer, value);
    }
}
