package io.gaia.events.kb;

/**
 * What a request to kb-service over NATS asks for: the last token of its subject
 * ({@code kb.request.<experience>.<operation>}, built by {@link io.gaia.events.Subjects#kbRequest}).
 * Each has one request body and one answer type, listed in docs/asyncapi.yaml.
 */
public enum KbOperation {
    /** Body {@code ActionRequest}; answer {@code ActionResponse} (also for a refused command). */
    ACTION("action"),
    /** No body; answer the caller's {@link AreaOfInterest} (the player is created on first contact). */
    AREA_OF_INTEREST("area_of_interest"),
    /** Body {@link LocationRequest}; answer the area of interest at the new position. */
    LOCATION("location"),
    /** No body; answer {@link CommandsSchema}. */
    COMMANDS("commands"),
    /** No body; answer {@link Npcs}. */
    NPCS("npcs"),
    /** No body; answer {@link Waypoints}. */
    WAYPOINTS("waypoints"),
    /** No body; answer {@link ExperienceInfo} (zones, quests, command names). */
    INFO("info"),
    /** Body {@link InteractRequest}; answer {@code ActionResponse} (the command the phrase names, run). */
    INTERACT("interact");

    private final String token;

    KbOperation(String token) {
        this.token = token;
    }

    /**
     * True for the operations that change state and run at most once per request id (an action, a phrase):
     * sending one again is safe only with a request id. The others are reads, or set a position, so
     * repeating them changes nothing more.
     */
    public boolean runsOncePerRequestId() {
        return this == ACTION || this == INTERACT;
    }

    /** The subject token: lower case letters and {@code _} only, so it is a literal token as it is. */
    public String token() {
        return token;
    }

    /** The operation a subject token names, or null for one kb-service does not know. */
    public static KbOperation fromToken(String token) {
        for (KbOperation operation : values()) {
            if (operation.token.equals(token)) {
                return operation;
            }
        }
        return null;
    }
}
