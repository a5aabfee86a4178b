package io.gaia.kb.experience;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A value inside a content file, with its file and field path, so every validation error can say
 * exactly where it is ({@code world.json: locations.woander_store.gps.lat: must be a number}).
 * Readers record errors and return a harmless default, so one load reports every problem at once.
 */
final class ContentNode {

    private final String file;
    private final String path;
    private final Object value;
    private final List<String> errors;

    ContentNode(String file, String path, Object value, List<String> errors) {
        this.file = file;
        this.path = path;
        this.value = value;
        this.errors = errors;
    }

    static ContentNode root(String file, Object value, List<String> errors) {
        return new ContentNode(file, "", value, errors);
    }

    ContentNode field(String name) {
        Object child = value instanceof Map<?, ?> map ? map.get(name) : null;
        return new ContentNode(file, path.isEmpty() ? name : path + "." + name, child, errors);
    }

    /** The value as read (maps, lists, strings, numbers, booleans or null). */
    Object raw() {
        return value;
    }

    boolean present() {
        return value != null;
    }

    String path() {
        return path;
    }

    void error(String message) {
        errors.add(file + ": " + (path.isEmpty() ? "" : path + ": ") + message);
    }

    String text() {
        if (value == null) {
            error("is required");
            return "";
        }
        if (!(value instanceof String s) || s.isBlank()) {
            error("must be a non-empty string");
            return "";
        }
        return s;
    }

    String optText(String fallback) {
        return value == null ? fallback : text();
    }

    String id() {
        String id = text();
        if (!id.isEmpty() && !ContentIds.isValid(id)) {
            error("'" + id + "' is not a valid id (" + ContentIds.PATTERN + ")");
        }
        return id;
    }

    String optId() {
        return value == null ? null : id();
    }

    boolean bool(boolean fallback) {
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Boolean b)) {
            error("must be true or false");
            return fallback;
        }
        return b;
    }

    double number(double min, double max) {
        if (!(value instanceof Number n)) {
            error(value == null ? "is required" : "must be a number");
            return min;
        }
        double d = n.doubleValue();
        if (!(d >= min && d <= max)) {
            error("must be between " + min + " and " + max + " (was " + d + ")");
            return min;
        }
        return d;
    }

    double optNumber(double fallback, double min, double max) {
        return value == null ? fallback : number(min, max);
    }

    int integer(int min, int max) {
        if (!(value instanceof Integer || value instanceof Long)) {
            error(value == null ? "is required" : "must be an integer");
            return min;
        }
        long l = ((Number) value).longValue();
        if (l < min || l > max) {
            error("must be between " + min + " and " + max + " (was " + l + ")");
            return min;
        }
        return (int) l;
    }

    /** The members of a required object, in file order. */
    Map<String, ContentNode> entries() {
        if (!(value instanceof Map<?, ?> map)) {
            error(value == null ? "is required" : "must be an object");
            return Map.of();
        }
        Map<String, ContentNode> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k),
                new ContentNode(file, path.isEmpty() ? String.valueOf(k) : path + "." + k, v, errors)));
        return out;
    }

    Map<String, ContentNode> optEntries() {
        return value == null ? Map.of() : entries();
    }

    List<ContentNode> list() {
        if (!(value instanceof List<?> list)) {
            error(value == null ? "is required" : "must be a list");
            return List.of();
        }
        List<ContentNode> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            out.add(new ContentNode(file, path + "[" + i + "]", list.get(i), errors));
        }
        return out;
    }

    List<ContentNode> optList() {
        return value == null ? List.of() : list();
    }

    List<String> texts() {
        return optList().stream().map(ContentNode::text).toList();
    }

    List<String> ids() {
        return optList().stream().map(ContentNode::id).toList();
    }

    /** A free-form object (state, capabilities) copied as plain maps and lists. */
    @SuppressWarnings("unchecked")
    Map<String, Object> object() {
        if (value == null) {
            return new LinkedHashMap<>();
        }
        if (!(value instanceof Map<?, ?>)) {
            error("must be an object");
            return new LinkedHashMap<>();
        }
        return new LinkedHashMap<>((Map<String, Object>) value);
    }
}
