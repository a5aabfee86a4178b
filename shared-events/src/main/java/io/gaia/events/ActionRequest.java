package io.gaia.events;

import java.util.Map;

/**
 * A game command sent to kb-service on behalf of the authenticated user (who is never named in
 * the body). {@code action} is the command name (or an admin {@code @...} line); {@code params}
 * holds its fields, e.g. {@code {"instance_id": "bottle_joy"}}.
 */
public record ActionRequest(String experience, String action, Map<String, Object> params, String requestId) {

    public ActionRequest {
        Required.text(experience, "experience");
        Required.text(action, "action");
        params = params == null ? Map.of() : Map.copyOf(params);
    }
}
