package io.gaia.kb.experience;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The small YAML subset used in game-logic front matter: {@code key: value} lines, lists as
 * {@code [a, "b c"]} or as following {@code - item} lines, and {@code #} comments. Enough for
 * {@code command}, {@code aliases} and {@code description}; anything else is an error.
 */
final class FrontMatter {

    static final String FENCE = "---";

    private FrontMatter() {
    }

    /** Front matter values (String or List of String) and the markdown body after the closing fence. */
    record Parsed(Map<String, Object> values, String body) {
    }

    static Parsed parse(String text, List<String> errors, String file) {
        String normalized = text.replace("\r\n", "\n");
        if (!normalized.startsWith(FENCE + "\n")) {
            errors.add(file + ": front matter is required (start the file with '---')");
            return new Parsed(Map.of(), normalized);
        }
        int end = normalized.indexOf("\n" + FENCE, FENCE.length());
        if (end < 0) {
            errors.add(file + ": front matter is not closed with '---'");
            return new Parsed(Map.of(), "");
        }
        String header = normalized.substring(FENCE.length() + 1, end + 1);
        int bodyStart = normalized.indexOf('\n', end + 1);
        String body = bodyStart < 0 ? "" : normalized.substring(bodyStart + 1).strip();
        return new Parsed(values(header, errors, file), body);
    }

    private static Map<String, Object> values(String header, List<String> errors, String file) {
        Map<String, Object> values = new LinkedHashMap<>();
        String listKey = null;
        String[] lines = header.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            if (trimmed.startsWith("- ") && listKey != null) {
                listOf(values, listKey).add(unquote(trimmed.substring(2).strip()));
                continue;
            }
            int colon = trimmed.indexOf(':');
            if (colon <= 0) {
                errors.add(file + ": front matter line " + (i + 2) + ": expected 'key: value'");
                continue;
            }
            String key = trimmed.substring(0, colon).strip();
            String raw = trimmed.substring(colon + 1).strip();
            listKey = null;
            if (raw.isEmpty()) {
                listKey = key;
                values.put(key, new ArrayList<String>());
            } else if (raw.startsWith("[") && raw.endsWith("]")) {
                List<String> items = new ArrayList<>();
                for (String part : raw.substring(1, raw.length() - 1).split(",")) {
                    if (!part.isBlank()) {
                        items.add(unquote(part.strip()));
                    }
                }
                values.put(key, items);
            } else {
                values.put(key, unquote(raw));
            }
        }
        return values;
    }

    @SuppressWarnings("unchecked")
    private static List<String> listOf(Map<String, Object> values, String key) {
        return (List<String>) values.get(key);
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }
}
