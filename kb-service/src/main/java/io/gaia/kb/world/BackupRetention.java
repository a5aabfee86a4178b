package io.gaia.kb.world;

import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How many of an experience's backups are kept, by count and by bytes ({@code gaia.kb.backups.keep},
 * {@code gaia.kb.backups.max-bytes}): after each new backup the oldest beyond {@code keep}, and the oldest
 * once the backups in the state folder add up to more than {@code maxBytes}, are deleted (the folder, and
 * the copy a shared journal keeps). The newest backup is always kept.
 *
 * <p>Also the one order of backups: by the time in their id ({@code <kind>-<epoch millis>[-<n>]}),
 * oldest first, whatever their kind ({@code reset-...}, {@code pre-restore-...}).
 */
public record BackupRetention(int keep, long maxBytes) {

    public static final BackupRetention DEFAULT = new BackupRetention(50, 2L << 30);

    /** Oldest first: by the epoch millis in the id, then its counter, then the id itself. */
    public static final Comparator<String> OLDEST_FIRST = Comparator.comparingLong(BackupRetention::millisOf)
            .thenComparingLong(BackupRetention::counterOf).thenComparing(Comparator.naturalOrder());

    private static final Pattern TIMED = Pattern.compile(".*?-(\\d{1,18})(?:-(\\d{1,9}))?");

    public BackupRetention {
        if (keep < 1) {
            throw new IllegalArgumentException("gaia.kb.backups.keep must be at least 1");
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("gaia.kb.backups.max-bytes must be positive");
        }
    }

    private static long millisOf(String id) {
        Matcher m = TIMED.matcher(id);
        return m.matches() ? Long.parseLong(m.group(1)) : 0;
    }

    private static long counterOf(String id) {
        Matcher m = TIMED.matcher(id);
        return m.matches() && m.group(2) != null ? Long.parseLong(m.group(2)) : 1;
    }
}
