package io.gaia.kb.ownership;

import io.gaia.events.SubjectToken;

/**
 * The one encoding from an id (experience or instance) to a JetStream KV key. KV keys allow
 * {@code [-/_=.A-Za-z0-9]}, and {@link SubjectToken}'s output is {@code [-_%A-Za-z0-9]}: so it is
 * {@link SubjectToken#encode} with its escape {@code %} written as {@code =} (which SubjectToken never
 * emits). Plain ids ({@code wylding-woods}) stay readable in {@code nats kv ls}; the mapping is reversible.
 */
public final class LeaseKeys {

    private LeaseKeys() {
    }

    public static String encode(String id) {
        return SubjectToken.encode(id).replace('%', '=');
    }

    public static String decode(String key) {
        if (key.indexOf('%') >= 0) {
            throw new IllegalArgumentException("not a lease key: " + key);
        }
        return SubjectToken.decode(key.replace('=', '%'));
    }
}
