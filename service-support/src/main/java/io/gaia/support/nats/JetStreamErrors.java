package io.gaia.support.nats;

/** The JetStream API error codes GAIA acts on ({@code JetStreamApiException.getApiErrorCode()}). */
public final class JetStreamErrors {

    /** No message matches (e.g. the last message of a subject that has none). */
    public static final int NO_MESSAGE = 10037;
    /** The stream does not exist. */
    public static final int NO_STREAM = 10059;
    /** Wrong last sequence: another writer appended, or a KV revision changed (a lost compare-and-set). */
    public static final int WRONG_LAST_SEQUENCE = 10071;

    private JetStreamErrors() {
    }
}
