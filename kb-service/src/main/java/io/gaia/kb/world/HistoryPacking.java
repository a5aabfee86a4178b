package io.gaia.kb.world;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the state history's disk use bounded. Every history commit of a changed world stores the
 * whole document again as a loose, separately deflated object: a 5 MB world committed every 3 s
 * grew {@code .git} by ~0.7 MB a commit, gigabytes a day of play. Git's own answer is to pack: in a
 * pack each version is a delta against the one before it (66 MB of loose objects from 93 commits
 * packed into 2.4 MB). JGit's {@code gc.auto} counts loose objects only (6,700), which at these sizes
 * is gigabytes, so this looks at their bytes as well: at each of the history's upkeep points (every
 * {@link StateHistory#UPKEEP_EVERY} commits, and the first commit after a start) it sums the loose objects,
 * and packs once either limit is passed.
 * Runs on the history thread, so it never sits on an action's path and never races a commit.
 */
public final class HistoryPacking {

    private static final Logger log = LoggerFactory.getLogger(HistoryPacking.class);
    private static final Pattern FAN_OUT = Pattern.compile("[0-9a-f]{2}");
    /** Pack once the loose objects take more than {@code maxBytes} or number more than {@code maxObjects}. */
    public record Limits(long maxBytes, int maxObjects) {
        public static final Limits DEFAULT = new Limits(64L * 1024 * 1024, 20_000);

        public Limits {
            if (maxBytes <= 0 || maxObjects <= 0) {
                throw new IllegalArgumentException("history pack limits must be positive");
            }
        }
    }

    /** The loose objects of a repository: how many, and their bytes on disk. */
    record Loose(int objects, long bytes) {
        boolean beyond(Limits limits) {
            return bytes > limits.maxBytes() || objects > limits.maxObjects();
        }
    }

    private final Limits limits;

    HistoryPacking(Limits limits) {
        this.limits = limits;
    }

    /** At an upkeep point of the history: packs the repository when its loose objects passed a limit. */
    void packIfDue(Git git) {
        try {
            Path objects = git.getRepository().getDirectory().toPath().resolve("objects");
            Loose before = loose(objects);
            if (!before.beyond(limits)) {
                return;
            }
            long start = System.nanoTime();
            removeOldPacksAtOnce(git);
            git.gc().setPreserveOldPacks(false).call();
            Loose after = loose(objects);
            log.info("packed the state history: {} loose objects ({} KB) in {} ms, {} KB of packs, {} loose left",
                    before.objects(), before.bytes() / 1024, (System.nanoTime() - start) / 1_000_000,
                    packBytes(objects) / 1024, after.objects());
        } catch (IOException | GitAPIException | RuntimeException e) {
            log.warn("packing the state history failed (tried again after {} commits): {}", StateHistory.UPKEEP_EVERY,
                    e.toString());
        }
    }

    /**
     * Each gc writes one pack of everything; JGit keeps the packs it replaced for {@code gc.prunePackExpire}
     * (an hour) for readers that might still have them open, and in that hour every pack held the whole
     * history again (four packs of 0.8–3.2 MB after four packs in a big town). Nothing else reads this
     * repository while the history thread packs, so they go at once.
     */
    private static void removeOldPacksAtOnce(Git git) throws IOException {
        org.eclipse.jgit.lib.StoredConfig config = git.getRepository().getConfig();
        if (!"now".equals(config.getString("gc", null, "prunePackExpire"))) {
            config.setString("gc", null, "prunePackExpire", "now");
            config.save();
        }
    }

    static Loose loose(Path objects) throws IOException {
        int count = 0;
        long bytes = 0;
        try (DirectoryStream<Path> fanOut = Files.newDirectoryStream(objects,
                dir -> FAN_OUT.matcher(dir.getFileName().toString()).matches() && Files.isDirectory(dir))) {
            for (Path dir : fanOut) {
                try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
                    for (Path file : files) {
                        count++;
                        bytes += Files.size(file);
                    }
                }
            }
        }
        return new Loose(count, bytes);
    }

    static long packBytes(Path objects) throws IOException {
        Path packs = objects.resolve("pack");
        if (!Files.isDirectory(packs)) {
            return 0;
        }
        long bytes = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(packs, "*.pack")) {
            for (Path file : files) {
                bytes += Files.size(file);
            }
        }
        return bytes;
    }
}
