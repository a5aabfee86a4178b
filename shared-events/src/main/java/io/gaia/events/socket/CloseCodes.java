package io.gaia.events.socket;

/**
 * WebSocket close codes session-service uses. 1000-1011 are RFC 6455's; 4xxx are GAIA's own
 * (the private-use range), each mirroring the HTTP status it resembles.
 */
public final class CloseCodes {

    public static final int NORMAL = 1000;
    /** Server shutting down (SIGTERM): reconnect, preferably to another instance. */
    public static final int GOING_AWAY = 1001;
    /** Missing or invalid token (never retried with the same token). */
    public static final int POLICY_VIOLATION = 1008;
    /** A frame over the size limit. */
    public static final int MESSAGE_TOO_BIG = 1009;
    /** The server failed (e.g. kb-service unreachable while bootstrapping); reconnect with backoff. */
    public static final int SERVER_ERROR = 1011;
    /** The token expired and no {@code refresh_token} arrived in time: reconnect with a fresh token. */
    public static final int TOKEN_EXPIRED = 4401;
    /** The experience named on connect does not exist (an {@code error} frame precedes the close). */
    public static final int UNKNOWN_EXPERIENCE = 4404;
    /**
     * The area of interest is larger than session-service reads from kb-service
     * ({@code gaia.session.kb-max-response-size}, default 16 MiB); an {@code error}
     * ({@code payload_too_large}) precedes the close. Reconnecting does not help until the zone shrinks.
     */
    public static final int AREA_TOO_LARGE = 4413;
    /** The peer answered no heartbeat ping in time. */
    public static final int HEARTBEAT_TIMEOUT = 4408;
    /**
     * Refused: the user already holds the most sockets allowed per user, or the instance is full
     * (an {@code error} frame {@code too_many_sockets} precedes the close). Close another socket,
     * or retry later / on another instance.
     */
    public static final int TOO_MANY_SOCKETS = 4409;
    /**
     * The socket could not be brought back in line with the server's state after several snapshots
     * within a short window (gap-filling budget spent): reconnect (without resume versions).
     */
    public static final int RESYNC_FAILED = 4410;
    /** The client read too slowly: its outbound buffer overflowed. Reconnect and resume. */
    public static final int SLOW_CONSUMER = 4429;

    private CloseCodes() {
    }
}
