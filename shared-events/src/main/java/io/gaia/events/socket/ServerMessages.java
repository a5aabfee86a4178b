package io.gaia.events.socket;

import io.gaia.events.kb.CommandSchema;
import io.gaia.events.kb.QuestUpdate;
import java.util.Map;

/**
 * Server -> client frames of {@code /ws/experience} that session-service itself composes (world
 * updates and areas of interest pass through as kb-service wrote them). Absent fields are omitted.
 */
public final class ServerMessages {

    private ServerMessages() {
    }

    /** {@code epoch}: the history {@code versions} belong to (absent when unknown); send it back on resume. */
    public record Connected(String type, String connectionId, String userId, String experience, Long timestamp,
                            Versions versions, String epoch) {
        public Connected(String connectionId, String userId, String experience, long timestamp, Versions versions,
                         String epoch) {
            this(SocketTypes.CONNECTED, connectionId, userId, experience, timestamp, versions, epoch);
        }
    }

    /** kb-service's answer to an {@code action} frame, without its deltas (they went out just before). */
    public record ActionResult(String type, String action, boolean success, String message, String code,
                               Map<String, Object> metadata, String itemId, Long timestamp, String requestId) {
        public ActionResult(String action, boolean success, String message, String code, Map<String, Object> metadata,
                            String itemId, Long timestamp, String requestId) {
            this(SocketTypes.ACTION_RESPONSE, action, success, message, code, metadata, itemId, timestamp, requestId);
        }
    }

    public record Pong(String type, Long timestamp, long serverTimestamp) {
        public Pong(Long timestamp, long serverTimestamp) {
            this(SocketTypes.PONG, timestamp, serverTimestamp);
        }
    }

    public record CommandsSchema(String type, Map<String, CommandSchema> commands, long timestamp) {
        public CommandsSchema(Map<String, CommandSchema> commands, long timestamp) {
            this(SocketTypes.COMMANDS_SCHEMA, commands, timestamp);
        }
    }

    /** An {@code error} frame: {@code ErrorBody}'s fields plus the request it answers and the bad field, if any. */
    public record SocketError(String type, String code, String message, String requestId, String field) {
        public SocketError(String code, String message, String requestId, String field) {
            this(SocketTypes.ERROR, code, message, requestId, field);
        }
    }

    /** A quest hook fired by an action ({@code quest_update}, or {@code quest_complete} when it finished). */
    public record QuestEvent(String type, String action, QuestUpdate questUpdates, String requestId,
                             long timestamp) {
    }

    public record TokenRefreshed(String type, long expiresAt, long timestamp) {
        public TokenRefreshed(long expiresAt, long timestamp) {
            this(SocketTypes.TOKEN_REFRESHED, expiresAt, timestamp);
        }
    }

    public record TokenExpiring(String type, long expiresAt, long timestamp) {
        public TokenExpiring(long expiresAt, long timestamp) {
            this(SocketTypes.TOKEN_EXPIRING, expiresAt, timestamp);
        }
    }

    /** Sent after a resume: how many deltas were replayed and whether a resync snapshot had to be sent instead. */
    public record Resumed(String type, Versions from, Versions to, int replayed, boolean resync, long timestamp,
                          String epoch) {
        public Resumed(Versions from, Versions to, int replayed, boolean resync, long timestamp, String epoch) {
            this(SocketTypes.RESUMED, from, to, replayed, resync, timestamp, epoch);
        }
    }

    /** Relayed chat-service SSE: {@code chat_started} (metadata), {@code chat_content} (a chunk), {@code chat_complete}. */
    public record ChatFrame(String type, String requestId, String conversationId, String content,
                            Map<String, Object> metadata, long timestamp) {
    }
}
