package io.gaia.bench;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/** Calls a tick at a fixed rate for a while (open loop: a late tick does not delay the ones after it). */
final class Pacer {

    private Pacer() {
    }

    /** Calls {@code tick} {@code rate} times a second for {@code duration}, on the calling thread. */
    static void run(double rate, Duration duration, Runnable tick) {
        long interval = (long) (1e9 / rate);
        long next = System.nanoTime();
        long end = next + duration.toNanos();
        while (next < end) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            next += interval;
            tick.run();
        }
    }
}
