package io.gaia.events.kb;

import io.gaia.events.Required;

/**
 * {@code POST /experience/interact} (the earlier system's natural-language action) and the NATS
 * operation {@code interact}: a phrase read against what the player sees; the answer is an
 * {@code ActionResponse}. kb-service refuses a message longer than {@link #MAX_MESSAGE} characters.
 */
public record InteractRequest(String message, String experience) {

    /** The longest phrase kb-service reads. */
    public static final int MAX_MESSAGE = 1_000;

    public InteractRequest {
        Required.text(message, "message");
        Required.text(experience, "experience");
    }
}
