package io.gaia.kb.ownership;

/**
 * One lease this instance holds. Mutable, guarded by the {@link OwnershipManager}'s lock.
 * Times are {@link System#nanoTime()} values of when the request was <em>sent</em>: the server
 * received it later, so its copy of the lease ends later than {@code renewedAt + ttl}.
 */
final class Lease {

    final String experience;
    final String key;
    final byte[] value;
    final long acquiredRevision;
    long revision;
    long renewedAt;
    /** When the first renewal whose outcome is unknown (timeout) was sent; 0 when there is none. */
    long unconfirmedSince;

    Lease(String experience, String key, byte[] value, long revision, long renewedAt) {
        this.experience = experience;
        this.key = key;
        this.value = value;
        this.acquiredRevision = revision;
        this.revision = revision;
        this.renewedAt = renewedAt;
    }

    long deadline(long ttlNanos, long marginNanos) {
        return renewedAt + ttlNanos - marginNanos;
    }
}
