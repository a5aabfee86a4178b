package io.gaia.events.kb;

/**
 * NATS headers of kb-service's request-reply protocol (docs/asyncapi.yaml, "kb-service over NATS").
 * A request carries {@link #AUTHORIZATION} and, when safe, {@link #REQUEST_ID}; every reply carries
 * {@link #STATUS}; an answer bigger than the connection's max payload arrives in parts.
 */
public final class KbHeaders {

    /** {@code Bearer <user JWT>}: kb-service validates it exactly as over HTTP (read by {@code BearerToken}). */
    public static final String AUTHORIZATION = "Authorization";
    /** The request id that follows an action across the services (same rule as the HTTP header). */
    public static final String REQUEST_ID = "X-Request-Id";
    /** The HTTP-equivalent status of the answer: 200, or the status of the error code (e.g. 401, 404, 409). */
    public static final String STATUS = "Gaia-Status";
    /** 1-based index of this part of a split answer. */
    public static final String PART = "Gaia-Part";
    /** How many parts a split answer has; absent when the answer is one message. */
    public static final String PARTS = "Gaia-Parts";
    /** Total body bytes of a split answer, so a client can refuse one above its limit at the first part. */
    public static final String SIZE = "Gaia-Size";

    private KbHeaders() {
    }
}
