package io.gaia.kb.world;

import java.time.Duration;

/**
 * When a queued job stops being worth running: its caller gave up waiting (kb-service's NATS client sends
 * how long it waits, {@code Gaia-Deadline-Ms}). A job whose deadline passed while it was queued is not
 * run ({@link ExperienceEngine}); it fails with {@code timeout}, so an action a client was told timed out
 * cannot take effect long afterwards. {@link #NONE}: no bound (HTTP, the engine's own jobs).
 */
public record Deadline(boolean bounded, long atNanos) {

    public static final Deadline NONE = new Deadline(false, 0);

    /** {@code wait} from {@code nowNanos} ({@link System#nanoTime}). */
    public static Deadline after(Duration wait, long nowNanos) {
        return new Deadline(true, nowNanos + wait.toNanos());
    }

    public boolean passed(long nowNanos) {
        return bounded && nowNanos - atNanos >= 0;
    }
}
