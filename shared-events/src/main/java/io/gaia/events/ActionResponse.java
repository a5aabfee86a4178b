package io.gaia.events;

import java.util.List;
import java.util.Map;

/**
 * kb-service's answer to an {@link ActionRequest}. On failure {@code code} is one of
 * {@link ErrorCodes}. {@code events} are the deltas this action published (in order), so a caller
 * can deliver them ahead of this response even when NATS is slow or down.
 */
public record ActionResponse(
        String action,
        boolean success,
        String message,
        String code,
        Map<String, Object> metadata,
        String itemId,
        Long timestamp,
        List<WorldUpdateEvent> events) {

    public ActionResponse {
        Required.text(action, "action");
        Required.present(message, "message");
        metadata = metadata == null ? Map.of() : metadata;
        events = events == null ? List.of() : List.copyOf(events);
    }

    public static ActionResponse ok(String action, String message, Map<String, Object> metadata, String itemId,
                                    long timestamp, List<WorldUpdateEvent> events) {
        return new ActionResponse(action, true, message, null, metadata, itemId, timestamp, events);
    }

    public static ActionResponse failed(String action, String code, String message, long timestamp) {
        return new ActionResponse(action, false, message, code, Map.of(), null, timestamp, List.of());
    }
}
