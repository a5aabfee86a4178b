package io.gaia.chat.turn;

import io.gaia.events.WorldUpdateEvent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One Server-Sent Event of a chat turn. Its {@code data} is one JSON object whose {@code type} is
 * {@code metadata}, {@code world_update}, {@code content}, {@code error} or {@code done}.
 * A world_update's data is the {@link WorldUpdateEvent} itself, exactly as on NATS.
 */
public record ChatEvent(String type, Object data) {

    public static final String METADATA = "metadata";
    public static final String WORLD_UPDATE = "world_update";
    public static final String CONTENT = "content";
    public static final String ERROR = "error";
    public static final String DONE = "done";

    public static ChatEvent metadata(Map<String, Object> fields) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("type", METADATA);
        data.putAll(fields);
        return new ChatEvent(METADATA, data);
    }

    public static ChatEvent worldUpdate(WorldUpdateEvent event) {
        return new ChatEvent(WORLD_UPDATE, event);
    }

    public static ChatEvent content(String text) {
        return new ChatEvent(CONTENT, Map.of("type", CONTENT, "content", text));
    }

    public static ChatEvent error(String code, String message) {
        return new ChatEvent(ERROR, Map.of("type", ERROR, "code", code, "message", message));
    }

    public static ChatEvent done() {
        return new ChatEvent(DONE, Map.of("type", DONE));
    }

    public boolean is(String kind) {
        return type.equals(kind);
    }

    public String text() {
        return is(CONTENT) ? (String) ((Map<?, ?>) data).get("content") : null;
    }
}
