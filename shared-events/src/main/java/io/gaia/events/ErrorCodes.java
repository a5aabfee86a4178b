package io.gaia.events;

/** Every error code a client or another service can see, defined once. Documented in docs/protocol.md. */
public final class ErrorCodes {

    // Malformed input
    public static final String INVALID_JSON = "invalid_json";
    public static final String MISSING_FIELD = "missing_field";
    public static final String INVALID_FIELD = "invalid_field";
    public static final String PAYLOAD_TOO_LARGE = "payload_too_large";
    public static final String MISSING_TYPE = "missing_type";
    public static final String UNKNOWN_MESSAGE_TYPE = "unknown_message_type";
    public static final String MISSING_ACTION = "missing_action";
    public static final String UNKNOWN_ACTION = "unknown_action";
    public static final String RATE_LIMITED = "rate_limited";
    /** A socket beyond the per-user or per-instance cap (then close 4409). */
    public static final String TOO_MANY_SOCKETS = "too_many_sockets";

    // Who may do what
    public static final String UNAUTHORIZED = "unauthorized";
    public static final String TOKEN_EXPIRED = "token_expired";
    public static final String FORBIDDEN = "forbidden";
    /** A destructive admin command sent without {@code CONFIRM}: nothing changed; the metadata says what would. */
    public static final String CONFIRMATION_REQUIRED = "confirmation_required";

    // Game state
    public static final String UNKNOWN_EXPERIENCE = "unknown_experience";
    public static final String EXPERIENCE_UNAVAILABLE = "experience_unavailable";
    /**
     * This kb-service instance no longer owns the experience: another instance wrote the
     * experience's journal after it (its write was fenced out). Nothing of the action was
     * acknowledged; retry (the request reaches the current owner; the same {@code request_id} never runs twice).
     */
    public static final String NOT_OWNER = "not_owner";
    /**
     * kb-service's state journal did not confirm a commit (JetStream or the disk did not answer in time,
     * or refused it), so this instance stopped the experience's engine and reopens it from the journal. The
     * action's outcome is unknown: if it was the one being committed, its record may be stored. Retry with
     * the same {@code request_id}: it runs at most once, and the retry answers with the first outcome if it
     * ran. The shared kb client retries it itself within its retry window.
     */
    public static final String COMMIT_UNCONFIRMED = "commit_unconfirmed";
    public static final String NOT_FOUND = "not_found";
    /** A phrase names several things equally well; the message and {@code metadata.alternatives} list them. */
    public static final String AMBIGUOUS = "ambiguous";
    public static final String ALREADY_TAKEN = "already_taken";
    public static final String CONFLICT = "conflict";
    public static final String NOT_IN_REACH = "not_in_reach";
    public static final String NOT_COLLECTIBLE = "not_collectible";
    public static final String NOT_IN_INVENTORY = "not_in_inventory";
    /** The NPC does not take that item. */
    public static final String NOT_ACCEPTED = "not_accepted";
    /** The item has no use. */
    public static final String NOT_USABLE = "not_usable";
    /**
     * A content-defined command's requirement does not hold here (or none of its outcomes applies); the
     * message is the author's reason. Nothing changed.
     */
    public static final String PRECONDITION_FAILED = "precondition_failed";
    /** A content-defined command whose page has errors: refused on its own until the page is fixed. */
    public static final String COMMAND_UNAVAILABLE = "command_unavailable";
    /**
     * A content-defined command written as prose only (no rules block) needs a language model to run, and
     * none is configured: nothing was guessed, nothing changed.
     */
    public static final String NEEDS_LANGUAGE_MODEL = "needs_language_model";
    /**
     * The language model's answer for a prose-only command broke a rule (an unknown effect or id, an item
     * that is not where it says, a value of the wrong type, a size limit): refused whole, nothing changed.
     */
    public static final String PATCH_REFUSED = "patch_refused";

    // Server side
    public static final String INTERNAL_ERROR = "internal_error";
    public static final String UPSTREAM_UNAVAILABLE = "upstream_unavailable";
    public static final String TIMEOUT = "timeout";

    private ErrorCodes() {
    }
}
