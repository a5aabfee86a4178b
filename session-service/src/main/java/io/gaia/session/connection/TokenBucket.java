package io.gaia.session.connection;

/** A per-connection rate limit: {@code burst} tokens, refilled continuously at {@code perSecond}. No timers. */
final class TokenBucket {

    private final double capacity;
    private final double perNano;
    private double tokens;
    private long last;

    TokenBucket(int burst, double perSecond) {
        this.capacity = burst;
        this.perNano = perSecond / 1_000_000_000d;
        this.tokens = burst;
        this.last = System.nanoTime();
    }

    synchronized boolean tryTake() {
        long now = System.nanoTime();
        tokens = Math.min(capacity, tokens + (now - last) * perNano);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
