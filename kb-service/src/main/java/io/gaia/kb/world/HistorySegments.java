package io.gaia.kb.world;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the state history's size bounded over days of play. Packing ({@link HistoryPacking}) makes each
 * commit cheap on disk, but the history still grows with every commit (about 2 MB a minute with 300 players
 * in a 20,000-item town) and every pack rewrites all of it. So the history is kept in segments: once the
 * current repository ({@code .git}) takes more than {@link Limits#segmentBytes} it is closed, moved whole to
 * {@code .history/<UTC time it closed>.git} (a git repository of its own: {@code git --git-dir=...
 * log}), and a new one starts whose first commit holds every state file as it is then. Closed segments
 * are deleted, oldest first, while together they take more than {@link Limits#keepBytes}.
 * <p>
 * Commit ids never change (nothing is rewritten), and each segment reads on its own. History thread only.
 */
public final class HistorySegments {

    private static final Logger log = LoggerFactory.getLogger(HistorySegments.class);
    /** Folder of the closed segments, in the state folder; never an experience id (those start with [a-z0-9]). */
    public static final String DIR = ".history";
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    /** Close the current segment above {@code segmentBytes}; keep at most {@code keepBytes} of closed ones. */
    public record Limits(long segmentBytes, long keepBytes) {
        public static final Limits DEFAULT = new Limits(256L * 1024 * 1024, 1024L * 1024 * 1024);

        public Limits {
            if (segmentBytes <= 0 || keepBytes < 0) {
                throw new IllegalArgumentException("a history segment's size must be positive and what is kept of closed ones zero or more");
            }
        }
    }

    private final Limits limits;

    HistorySegments(Limits limits) {
        this.limits = limits;
    }

    /** At an upkeep point of the history: the current repository's bytes on disk when it has outgrown a segment. */
    OptionalLong outgrown(Path dotGit) {
        try {
            long bytes = Folders.size(dotGit);
            return bytes > limits.segmentBytes() ? OptionalLong.of(bytes) : OptionalLong.empty();
        } catch (IOException | RuntimeException e) {
            log.warn("could not measure the state history ({}); looked at again later", e.toString());
            return OptionalLong.empty();
        }
    }

    /**
     * Moves the closed repository {@code dotGit} ({@code bytes} on disk, as {@link #outgrown} measured it; nothing
     * may have it open) into {@link #DIR}, then deletes the oldest closed segments beyond the limit; returns the
     * closed segment's folder.
     */
    Path close(Path root, Path dotGit, long bytes) throws IOException {
        Path closed = Files.createDirectories(root.resolve(DIR));
        Path segment = closed.resolve(NAME.format(Instant.now()) + ".git");
        Files.move(dotGit, segment, StandardCopyOption.ATOMIC_MOVE);
        log.info("state history: closed a segment of {} KB as {}/{}; a new one starts with the state as it is",
                bytes / 1024, DIR, segment.getFileName());
        deleteBeyondLimit(root);
        return segment;
    }

    /** The closed segments, oldest first. */
    static List<Path> closed(Path root) throws IOException {
        Path dir = root.resolve(DIR);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> segments = new ArrayList<>();
        try (DirectoryStream<Path> all = Files.newDirectoryStream(dir, "*.git")) {
            all.forEach(segments::add);
        }
        segments.sort(Comparator.comparing(p -> p.getFileName().toString()));
        return segments;
    }

    private void deleteBeyondLimit(Path root) throws IOException {
        List<Path> segments = closed(root);
        long total = 0;
        List<Long> sizes = new ArrayList<>();
        for (Path segment : segments) {
            long size = Folders.size(segment);
            sizes.add(size);
            total += size;
        }
        for (int i = 0; i < segments.size() && total > limits.keepBytes(); i++) {
            Folders.deleteTree(segments.get(i));
            total -= sizes.get(i);
            log.info("state history: deleted the closed segment {}/{} ({} KB; closed segments are kept up to {} MB)",
                    DIR, segments.get(i).getFileName(), sizes.get(i) / 1024, limits.keepBytes() / (1024 * 1024));
        }
    }
}
