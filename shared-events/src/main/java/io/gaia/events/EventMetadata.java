package io.gaia.events;

/**
 * Where a delta came from: {@code source} (the service), {@code state_model} (shared|isolated)
 * and the {@code request_id} of the action that caused it, so one action can be traced end to end.
 */
public record EventMetadata(String source, String stateModel, String requestId) {

    public static final EventMetadata EMPTY = new EventMetadata(null, null, null);
    /** {@code state_model} of an experience whose world all its players share (its world deltas go to the experience subject). */
    public static final String SHARED = "shared";
    /** {@code state_model} of an experience where each player has a world of their own (on their own subject). */
    public static final String ISOLATED = "isolated";
}
