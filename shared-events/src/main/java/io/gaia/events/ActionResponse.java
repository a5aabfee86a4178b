package io.gaia.events;

import java.util.Map;

/**
 * kb-service's answer to an {@link ActionRequest}. On failure {@code code} is one of
 * {@link ErrorCodes}. {@code versions} holds the world and player versions after the action.
 */
public record ActionResponse(
        String action,
        boolean success,
        String message,
        String code,
        Map<String, Object> metadata,
        String itemId,
        Long timestamp) {

    public ActionResponse {
        Required.text(action, "action");
        Required.present(message, "message");
        metadata = metadata == null ? Map.of() : metadata;
    }

    public static ActionResponse ok(String action, String message, Map<String, Object> metadata, String itemId,
                                    long timestamp) {
        return new ActionResponse(action, true, message, null, metadata, itemId, timestamp);
    }

    public static ActionResponse failed(String action, String code, String message, long timestamp) {
        return new ActionResponse(action, false, message, code, Map.of(), null, timestamp);
    }
}
