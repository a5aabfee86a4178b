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
 * every {@code jwks-refresh} (minutes), so a {@code ttl} below that changes nothing. Bounded by count and
 * by the characters of the tokens it holds: when either is full, it starts over.
 */
final class ValidatedTokens {

    static final Duration TTL = Duration.ofSeconds(60);
    static final int MAX_ENTRIES = 10_000;
    /** Characters of all remembered tokens together (a token is at most {@link JwtValidator#MAX_TOKEN_LENGTH}). */
    static final long MAX_CHARS = 4L * 1024 * 1024;

    private record Entry(AuthenticatedUser user, long validUntilMillis) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final long ttlMillis;
    private final long skewMillis;
    private final int maxEntries;
    private final long maxChars;
    private final java.util.concurrent.atomic.AtomicLong chars = new java.util.concurrent.atomic.AtomicLong();
    private final LongSupplier clock;

    ValidatedTokens(Duration ttl, Duration skew, int maxEntries, LongSupplier clock) {
        this(ttl, skew, maxEntries, MAX_CHARS, clock);
    }

    ValidatedTokens(Duration ttl, Duration skew, int maxEntries, long maxChars, LongSupplier clock) {
        this.ttlMillis = ttl.toMillis();
        this.skewMillis = skew.toMillis();
        this.maxEntries = maxEntries;
        this.maxChars = maxChars;
        this.clock = clock;
    }

    /** The user a token was validated as, while that still holds; else null (check it in full). */
    AuthenticatedUser find(String token) {
        Entry entry = entries.get(token);
        if (entry == null) {
            return null;
        }
        if (clock.getAsLong() > entry.validUntilMillis()) {
            entries.remove(token, entry); // its characters stay counted until the table starts over
            return null;
        }
        return entry.user();
    }

    /** Remembers a token that passed every check. */
    synchronized void add(String token, AuthenticatedUser user) {
        if (entries.size() >= maxEntries || chars.get() + token.length() > maxChars) {
            entries.clear();
            chars.set(0);
        }
        long now = clock.getAsLong();
        Instant expires = user.expiresAt();
        long until = Math.min(now + ttlMillis, expires.toEpochMilli() + skewMillis);
        if (entries.put(token, new Entry(user, until)) == null) {
            chars.addAndGet(token.length());
        }
    }

    /** Characters of the tokens added since the table last started over: at least what it holds (tokens are ASCII). */
    long chars() {
        return chars.get();
    }

    int size() {
        return entries.size();
    }
}
