package io.gaia.kb.world;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.EmptyCommitException;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Git history of the whole state folder, through JGit. A background thread commits whatever the
 * writers have folded into files since the last commit, every {@code interval}, so history never
 * sits on an action's path. JGit writes objects and refs through lock files and renames, so a
 * {@code kill -9} leaves a readable history; stale lock files are removed on start. Files are read
 * whole while folds keep replacing them ({@link WholeFileTreeIterator}).
 */
public final class StateHistory implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StateHistory.class);
    static final String IGNORE = String.join("\n", "*" + AtomicFiles.TEMP_SUFFIX, "*/" + StateStore.COMMITS_DIR + "/",
            "*/" + StateStore.BACKUPS_DIR + "/",
            "*/" + StateStore.ANSWERS_FILE, "*/" + StateStore.LEGACY_ANSWERS_FILE, "*/" + StateStore.FOLDED_SEQ_FILE,
            "/" + HistorySegments.DIR + "/", "");

    private static final PersonIdent KB_SERVICE = new PersonIdent("kb-service", "kb-service@gaia.local");
    /** Names listed per fold line before "and N more". */
    private static final int LISTED = 20;
    private final Path root;
    private final EngineRegistry engines;
    private final ScheduledExecutorService scheduler;
    /** JGit's SHA-1 choice: its own Java code with collision detection, or the JDK's (several times faster). */
    static final String SHA1_IMPLEMENTATION = "org.eclipse.jgit.util.sha1.implementation";
    /**
     * Commits between two upkeep points, where the history looks at its size on disk (packing it, or closing
     * a segment): a look lists the object folders. The first commit after a start is one too.
     */
    static final int UPKEEP_EVERY = 20;
    private final HistoryPacking packing;
    private final HistorySegments segments;
    private int commitsSinceUpkeep = UPKEEP_EVERY;
    private Git git;
    private long lastFolds = -1;

    public StateHistory(Path root, EngineRegistry engines, boolean enabled, Duration interval) {
        this(root, engines, enabled, interval, HistoryPacking.Limits.DEFAULT);
    }

    public StateHistory(Path root, EngineRegistry engines, boolean enabled, Duration interval,
                        HistoryPacking.Limits packAbove) {
        this(root, engines, enabled, interval, packAbove, HistorySegments.Limits.DEFAULT);
    }

    public StateHistory(Path root, EngineRegistry engines, boolean enabled, Duration interval,
                        HistoryPacking.Limits packAbove, HistorySegments.Limits segmentLimits) {
        this.root = root;
        this.engines = engines;
        this.packing = new HistoryPacking(packAbove);
        this.segments = new HistorySegments(segmentLimits);
        useNativeSha1();
        if (!enabled) {
            this.scheduler = null;
            return;
        }
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "kb-state-history");
            thread.setDaemon(true);
            return thread;
        });
        long millis = Math.max(100, interval.toMillis());
        scheduler.scheduleWithFixedDelay(this::commitQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Commits now if anything was folded since the last commit; returns whether it committed. */
    public synchronized boolean commitIfChanged() throws IOException, GitAPIException {
        long folds = engines.engines().stream().mapToLong(e -> e.store().folds()).sum();
        if (folds == lastFolds) {
            return false;
        }
        StringBuilder message = new StringBuilder("state at " + Instant.now());
        for (ExperienceEngine engine : engines.engines()) {
            for (StateStore.FoldNote note : engine.store().drainFoldNotes()) {
                message.append("\n").append(describe(engine.experienceId(), note));
            }
        }
        Git repository = open();
        add(repository).call();
        try {
            commit(repository, message.toString());
            lastFolds = folds;
            if (++commitsSinceUpkeep >= UPKEEP_EVERY) {
                commitsSinceUpkeep = 0;
                packing.packIfDue(repository);
                segments.outgrown(root.resolve(".git")).ifPresent(this::startNewSegment);
            }
            return true;
        } catch (EmptyCommitException nothingNew) {
            lastFolds = folds;
            return false;
        }
    }

    /**
     * Closes the current repository ({@code bytes} on disk) as a segment ({@link HistorySegments}) and starts a new one whose first
     * commit holds every state file. If that fails, the next tick commits (the old repository if it was not
     * moved, else the new one).
     */
    private void startNewSegment(long bytes) {
        git.close();
        git = null;
        try {
            Path closed = segments.close(root, root.resolve(".git"), bytes);
            long start = System.nanoTime();
            Git fresh = open();
            add(fresh).call();
            commit(fresh, "state at " + Instant.now() + "\nnew history segment: every state file as it is;"
                    + " the history before is in " + HistorySegments.DIR + "/" + closed.getFileName());
            log.info("state history: the new segment's first commit (every state file) took {} ms",
                    (System.nanoTime() - start) / 1_000_000);
        } catch (IOException | GitAPIException | RuntimeException e) {
            lastFolds = -1;
            log.warn("starting a new state history segment failed (tried again at the next commit): {}", e.toString());
        }
    }

    /** Commits what is staged as kb-service; fails with {@link EmptyCommitException} when nothing changed. */
    private static void commit(Git repository, String message) throws GitAPIException {
        repository.commit().setMessage(message).setAuthor(KB_SERVICE).setCommitter(KB_SERVICE)
                .setSign(false).setAllowEmpty(false).call();
    }

    /**
     * Hashes with the JDK's SHA-1 unless the operator chose otherwise (the system property). Collision
     * detection guards a repository against crafted objects from elsewhere; this one only ever holds
     * the state files kb-service wrote itself, and hashing a 5 MB world with it took most of the
     * history thread's time (it was a sixth of a core in a 200-zone town).
     */
    private static void useNativeSha1() {
        if (System.getProperty(SHA1_IMPLEMENTATION) == null) {
            System.setProperty(SHA1_IMPLEMENTATION, "jdkNative");
        }
    }

    /**
     * {@code git add --all .} reading each file whole ({@link WholeFileTreeIterator}): new and changed
     * files and removed ones in one walk (a second {@code add -u} walk for removals doubled the history
     * thread's time with 10,000 player files).
     */
    private static org.eclipse.jgit.api.AddCommand add(Git repository) {
        return repository.add().setWorkingTreeIterator(new WholeFileTreeIterator(repository.getRepository()))
                .setAll(true).addFilepattern(".");
    }

    /**
     * One line per fold: which experience, which commit records, who made them and what they changed,
     * e.g. {@code wylding-woods: records 12..40 by alice, bob: world.json, players/alice.json}.
     */
    static String describe(String experienceId, StateStore.FoldNote note) {
        StringBuilder line = new StringBuilder(experienceId).append(": records ").append(note.fromSeq()).append("..")
                .append(note.toSeq());
        if (note.note() != null) {
            line.append(" ").append(note.note());
        }
        if (!note.actors().isEmpty()) {
            line.append(" by ").append(listed(note.actors()));
        }
        if (!note.documents().isEmpty()) {
            line.append(": ").append(listed(note.documents()));
        }
        return line.toString();
    }

    private static String listed(List<String> names) {
        int shown = Math.min(names.size(), LISTED);
        String head = String.join(", ", names.subList(0, shown));
        return names.size() > shown ? head + " and " + (names.size() - shown) + " more" : head;
    }

    private void commitQuietly() {
        try {
            commitIfChanged();
        } catch (IOException | GitAPIException | RuntimeException e) {
            Throwable cause = e;
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            if (cause instanceof java.nio.file.NoSuchFileException gone) {
                // a reset or restore replaces the state folder's files while the add walks it: nothing is wrong
                log.info("state history: {} went away while it was committed (a reset or restore replaced it);"
                        + " committed at the next tick", gone.getFile());
            } else {
                log.warn("state history commit failed (retried next time): {} (cause: {})", e, cause.toString());
            }
        }
    }

    private Git open() throws IOException, GitAPIException {
        if (git != null) {
            return git;
        }
        Files.createDirectories(root);
        Path dotGit = root.resolve(".git");
        if (Files.isDirectory(dotGit)) {
            removeStaleLocks(dotGit);
            git = Git.open(root.toFile());
        } else {
            git = Git.init().setDirectory(root.toFile()).setInitialBranch("main").call();
        }
        Path ignore = root.resolve(".gitignore");
        if (!Files.exists(ignore) || !Files.readString(ignore).equals(IGNORE)) {
            AtomicFiles.write(ignore, IGNORE.getBytes(StandardCharsets.UTF_8));
        }
        return git;
    }

    /** Lock files left by a killed process would block every later commit; only this process uses the repository. */
    private static void removeStaleLocks(Path dotGit) throws IOException {
        List<Path> locks;
        try (Stream<Path> files = Files.walk(dotGit, 4)) {
            locks = files.filter(p -> p.getFileName().toString().endsWith(".lock")).toList();
        }
        for (Path lock : locks) {
            log.info("removing stale git lock {}", lock);
            Files.deleteIfExists(lock);
        }
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            commitQuietly();
        }
        if (git != null) {
            git.close();
        }
    }
}
