package io.gaia.support.jwt;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Tokens that passed every check recently, so a caller sending the same token again and again (every
 * kb request of a session carries it) is not parsed and verified again each time: parsing and the
 * HMAC took a third of kb-service's CPU per action. Only successes are kept, by the exact token
 * string, each until the earlier of {@code ttl} after it was checked and its own expiry (with the clock
 * skew, as the full check counts it); after that the full check runs again and gives the precise
 * refusal. Every other check a token passes stays passed over time (signature, audience, {@code nbf},
 * user id, maximum lifetime), except that a JWKS key may be withdrawn: the JWKS is itself only re-read
 * every {@code jwks-refresh} (minutes), so a {@code ttl} below that changes nothing. Bounded: when full, it
 * starts over.
 */
final class ValidatedTokens {

    static final Duration TTL = Duration.ofSeconds(60);
    static final int MAX_ENTRIES = 10_000;

    private record Entry(AuthenticatedUser user, long validUntilMillis) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final long ttlMillis;
    private final long skewMillis;
    private final int maxEntries;
    private final LongSupplier clock;

    ValidatedTokens(Duration ttl, Duration skew, int maxEntries, LongSupplier clock) {
        this.ttlMillis = ttl.toMillis();
        this.skewMillis = skew.toMillis();
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    /** The user a token was validated as, while that still holds; else null (check it in full). */
    AuthenticatedUser find(String token) {
        Entry entry = entries.get(token);
        if (entry == null) {
            return null;
        }
        if (clock.getAsLong() > entry.validUntilMillis()) {
            entries.remove(token, entry);
            return null;
        }
        return entry.user();
    }

    /** Remembers a token that passed every check. */
    void add(String token, AuthenticatedUser user) {
        if (entries.size() >= maxEntries) {
            entries.clear();
        }
        long now = clock.getAsLong();
        Instant expires = user.expiresAt();
        long until = Math.min(now + ttlMillis, expires.toEpochMilli() + skewMillis);
        entries.put(token, new Entry(user, until));
    }

    int size() {
        return entries.size();
    }
}
