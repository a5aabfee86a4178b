package io.gaia.events.chat;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonValue;
import io.gaia.events.ErrorBody;
import io.gaia.events.GaiaJson;
import io.gaia.events.WorldUpdateEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * One event of a chat turn's Server-Sent Event stream ({@code POST /chat/unified}): its {@code data}
 * is one JSON object whose {@code type} is {@code metadata}, {@code world_update}, {@code content},
 * {@code error} or {@code done}. chat-service writes them, session-service (and any other reader)
 * reads them with {@link #read}; documented in docs/asyncapi.yaml (channel {@code chatStream}).
 */
public sealed interface ChatStreamEvent permits ChatStreamEvent.Metadata, ChatStreamEvent.WorldUpdate,
        ChatStreamEvent.Content, ChatStreamEvent.Error, ChatStreamEvent.Done {

    String METADATA = "metadata";
    String WORLD_UPDATE = WorldUpdateEvent.TYPE;
    String CONTENT = "content";
    String ERROR = ErrorBody.TYPE;
    String DONE = "done";

    String type();

    /**
     * The first event ({@code conversation_id}, {@code experience}, {@code provider}, {@code model}) or,
     * on success, the last before {@code done} (the action run and the turn's timings, {@code null}
     * when there was none). The fields are open: each is kept as it came, in order.
     */
    record Metadata(String type, @JsonAnySetter Map<String, Object> fields) implements ChatStreamEvent {

        public Metadata {
            type = METADATA;
            fields = fields == null ? new LinkedHashMap<>() : new LinkedHashMap<>(fields);
            fields.remove("type");
        }

        public static Metadata of(Map<String, Object> fields) {
            return new Metadata(METADATA, fields);
        }

        @JsonAnyGetter
        @Override
        public Map<String, Object> fields() {
            return fields;
        }

        /** The conversation the turn belongs to (in the first event), else null. */
        @JsonIgnore
        public String conversationId() {
            return fields.get("conversation_id") instanceof String id ? id : null;
        }
    }

    /** A delta of the turn's experience: the {@link WorldUpdateEvent} itself, exactly as on NATS. */
    record WorldUpdate(@JsonValue WorldUpdateEvent event) implements ChatStreamEvent {

        @Override
        public String type() {
            return WORLD_UPDATE;
        }
    }

    /** A chunk of narrative, in order. */
    record Content(String type, String content) implements ChatStreamEvent {

        public Content {
            type = CONTENT;
        }

        public static Content of(String text) {
            return new Content(CONTENT, text);
        }
    }

    /** The turn failed (narrator or kb-service); world updates already sent stay sent. {@code done} follows. */
    record Error(String type, String code, String message) implements ChatStreamEvent {

        public Error {
            type = ERROR;
        }

        public static Error of(String code, String message) {
            return new Error(ERROR, code, message);
        }
    }

    /** The last event of every turn. */
    record Done(String type) implements ChatStreamEvent {

        public Done {
            type = DONE;
        }

        public static Done of() {
            return new Done(DONE);
        }
    }

    /** Reads one event's {@code data}; null for a type this version does not know (readers skip it). */
    static ChatStreamEvent read(GaiaJson json, String data) {
        JsonNode node = json.readTree(data);
        return switch (node.path("type").asString("")) {
            case METADATA -> json.convert(node, Metadata.class);
            case WORLD_UPDATE -> new WorldUpdate(json.convert(node, WorldUpdateEvent.class));
            case CONTENT -> json.convert(node, Content.class);
            case ERROR -> json.convert(node, Error.class);
            case DONE -> json.convert(node, Done.class);
            default -> null;
        };
    }
}
