package io.gaia.kb.world;

import io.gaia.kb.state.PlayerState;
import io.gaia.kb.state.WorldState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One experience's state folder on disk.
 *
 * <p>Durability protocol (group commit): after the writer applies a batch, {@link #commit} appends
 * ONE record to the experience's {@link CommitLog} ({@code commits/<n>.wal}) holding the whole new
 * content of every document the batch changed, and fdatasyncs it. Only then may the batch be
 * acknowledged. A background fold later writes the documents into their own files
 * ({@code world.json}, {@code players/<user>.json}, {@code worlds/<user>.json}), each atomically
 * (temp file, fsync, rename), and deletes the log segments it covered. A restart replays the log
 * in order, so after {@code kill -9} at any moment the state equals the last acknowledged batch,
 * and the documents one command changed together (world and inventory) always survive together.
 *
 * <p>Threads: {@link #commit} is called by the experience's writer only; {@link #fold} by the
 * folder thread (or the writer, for a backup). A document enters {@code pending} only after its
 * record is durable, so a fold never writes unacknowledged state.
 */
public final class StateStore {

    static final String COMMITS_DIR = "commits";
    static final String BACKUPS_DIR = "backups";
    /** The state's epoch ({@link Epochs}), one line; written atomically whenever the history breaks. */
    static final String EPOCH_FILE = "epoch";
    /** Backup ids: letters, digits, '-' and '_' (they name a folder under {@code backups/}). */
    public static final java.util.regex.Pattern BACKUP_ID = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final Path dir;
    private final Path commits;
    private final JsonMapper mapper;
    private final long segmentBytes;
    private CommitLog log;
    /** Committed documents not yet folded, by relative path: always the newest committed bytes. */
    private final Map<String, byte[]> pending = new ConcurrentHashMap<>();
    private long seq;
    /** Highest sequence whose documents are all in {@code pending} (or already folded). */
    private volatile long committedSeq;
    private volatile long folds;
    private volatile String epoch;
    /** A backup whose document files the next fold links ({@link #backup}). */
    private volatile String deferredBackup;
    static final String PARTIAL_SUFFIX = ".partial";
    /** The epoch before {@link #recover} found none (null: there was none) and whether it had to start one. */
    private boolean startedEpoch;

    public StateStore(Path dir, JsonMapper mapper) {
        this(dir, mapper, CommitLog.DEFAULT_SEGMENT_BYTES);
    }

    public StateStore(Path dir, JsonMapper mapper, long segmentBytes) {
        this.dir = dir;
        this.commits = dir.resolve(COMMITS_DIR);
        this.mapper = mapper;
        this.segmentBytes = segmentBytes;
    }

    public Path dir() {
        return dir;
    }

    /** Number of folds so far; history commits when it changes. */
    public long folds() {
        return folds;
    }

    /**
     * Makes the files whole after a crash: removes temp files, replays the commit log in order,
     * writes the documents, then starts an empty log.
     */
    public void recover() throws IOException {
        Files.createDirectories(commits);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path temp : files.filter(p -> p.toString().endsWith(AtomicFiles.TEMP_SUFFIX)).toList()) {
                Files.deleteIfExists(temp);
            }
        }
        Map<String, byte[]> newest = new LinkedHashMap<>();
        for (CommitLog.Entry entry : CommitLog.replay(commits)) {
            replay(entry.payload(), newest);
        }
        writeDocuments(newest);
        if (log != null) {
            log.close();
        }
        log = CommitLog.openEmpty(commits, segmentBytes);
        committedSeq = seq;
        lastFoldedSeq = seq;
        String stored = readEpoch();
        startedEpoch = stored == null;
        epoch = stored != null ? stored : writeEpoch(Epochs.generate());
    }

    /** The current epoch (after {@link #recover}). */
    public String epoch() {
        return epoch;
    }

    /** True when {@link #recover} found no epoch (a fresh or wiped folder) and started one. */
    public boolean startedEpoch() {
        return startedEpoch;
    }

    /** Starts a new epoch (the history breaks here), durably; returns it. */
    public String newEpoch() throws IOException {
        epoch = writeEpoch(Epochs.generate());
        return epoch;
    }

    private String readEpoch() throws IOException {
        Path file = dir.resolve(EPOCH_FILE);
        if (!Files.exists(file)) {
            return null;
        }
        String text = Files.readString(file, StandardCharsets.UTF_8).trim();
        return Epochs.isValid(text) ? text : null;
    }

    private String writeEpoch(String value) throws IOException {
        AtomicFiles.write(dir.resolve(EPOCH_FILE), (value + "\n").getBytes(StandardCharsets.UTF_8));
        AtomicFiles.syncDirectory(dir);
        return value;
    }

    private void replay(byte[] record, Map<String, byte[]> newest) {
        JsonNode node = mapper.readTree(record);
        seq = Math.max(seq, node.path("seq").asLong(0));
        for (Map.Entry<String, JsonNode> doc : node.path("docs").properties()) {
            if (DocKey.isDocumentPath(doc.getKey())) {
                newest.put(doc.getKey(), mapper.writeValueAsBytes(doc.getValue()));
            }
        }
    }

    public Optional<WorldState> loadWorld(DocKey key) {
        return read(key, WorldState.class);
    }

    public Optional<PlayerState> loadPlayer(String userId) {
        return read(DocKey.player(userId), PlayerState.class);
    }

    /**
     * Whether player {@code userId}'s stored document mentions any of these item instance ids,
     * read as bytes without parsing (a fast pre-check before loading thousands of players).
     * False positives are possible (the caller loads and checks); false negatives are not.
     */
    public boolean playerMentions(String userId, java.util.Collection<String> instanceIds) {
        DocKey key = DocKey.player(userId);
        byte[] bytes = pending.get(key.relativePath());
        try {
            if (bytes == null) {
                Path file = dir.resolve(key.relativePath());
                if (!Files.exists(file)) {
                    // like read(): a player not rewritten since the naming change still has the legacy name
                    Optional<Path> legacy = key.legacyRelativePath().map(dir::resolve).filter(Files::exists);
                    if (legacy.isEmpty()) {
                        return false;
                    }
                    file = legacy.get();
                }
                bytes = Files.readAllBytes(file);
            }
        } catch (IOException e) {
            return true; // let the caller's real read report it
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        for (String id : instanceIds) {
            if (text.contains(id)) {
                return true;
            }
        }
        return false;
    }

    /** Every player with a state file or a committed, not yet folded document. */
    public List<String> playerIds() {
        Set<String> ids = new TreeSet<>();
        Path players = dir.resolve(DocKey.PLAYERS_DIR);
        if (Files.isDirectory(players)) {
            try (Stream<Path> files = Files.list(players)) {
                files.filter(p -> DocKey.isDocumentPath(DocKey.PLAYERS_DIR + "/" + p.getFileName()))
                        .forEach(p -> playerId(DocKey.PLAYERS_DIR + "/" + p.getFileName(), () -> readBytes(p))
                                .ifPresent(ids::add));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        pending.forEach((path, bytes) -> {
            if (path.startsWith(DocKey.PLAYERS_DIR + "/")) {
                playerId(path, () -> bytes).ifPresent(ids::add);
            }
        });
        return new ArrayList<>(ids);
    }

    /** The user id of a player document: from a readable file name, else (hashed name) from inside the document. */
    private Optional<String> playerId(String relativePath, Supplier<byte[]> content) {
        DocKey key = DocKey.parse(relativePath);
        if (key != null) {
            return key.kind() == DocKey.Kind.PLAYER ? Optional.of(key.userId()) : Optional.empty();
        }
        JsonNode userId = mapper.readTree(content.get()).path("user_id");
        return userId.isString() ? Optional.of(userId.asString()) : Optional.empty();
    }

    private static byte[] readBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Durably records the new bytes of the documents one batch changed, as one commit-log record.
     * Returns when it is on disk, with the number of records waiting for a fold.
     */
    public int commit(Map<DocKey, byte[]> docs) throws IOException {
        long next = seq + 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + docs.values().stream().mapToInt(b -> b.length + 64).sum());
        out.write(("{\"seq\":" + next + ",\"docs\":{").getBytes(StandardCharsets.UTF_8));
        boolean first = true;
        for (Map.Entry<DocKey, byte[]> doc : docs.entrySet()) {
            out.write(((first ? "" : ",") + mapper.writeValueAsString(doc.getKey().relativePath()) + ":")
                    .getBytes(StandardCharsets.UTF_8));
            out.write(doc.getValue());
            first = false;
        }
        out.write("}}".getBytes(StandardCharsets.UTF_8));
        log.append(next, out.toByteArray());
        seq = next;
        docs.forEach((key, bytes) -> pending.put(key.relativePath(), bytes));
        committedSeq = next;
        return (int) (next - lastFoldedSeq);
    }

    private volatile long lastFoldedSeq;
    /** New relative path -> the legacy file a document was read from (see {@link #retireLegacyFiles}). */
    private final Map<String, String> legacyNames = new ConcurrentHashMap<>();

    public boolean hasPending() {
        return !pending.isEmpty();
    }

    /**
     * Writes the pending documents into their own files, then deletes the commit records they
     * cover and forgets the documents not changed again meanwhile.
     */
    public synchronized void fold() throws IOException {
        completeDeferredBackup();
        long covered = committedSeq;
        if (covered == lastFoldedSeq) {
            return;
        }
        Map<String, byte[]> snapshot = new LinkedHashMap<>(pending);
        writeDocuments(snapshot);
        retireLegacyFiles(snapshot.keySet());
        // only what was not replaced meanwhile (ConcurrentHashMap compares the byte[] by identity)
        snapshot.forEach(pending::remove);
        log.release(covered);
        lastFoldedSeq = covered;
        folds++;
    }

    /** Allocates the commit log's next segment ahead of need (fold thread). */
    public void prepareLog() throws IOException {
        log.prepareSpare();
    }

    /** Closes the commit log's files (after the final fold). */
    public void close() throws IOException {
        if (log != null) {
            log.close();
        }
    }

    /**
     * Backs the state up into {@code backups/<id>/} without a fold and without waiting for the
     * document files: the commit log is copied now, the document files are hard-linked by the next
     * {@link #fold} before it writes anything (a fold replaces files by rename, never in place, so a
     * link keeps the bytes of the moment of the backup). Until then the backup is
     * {@code backups/<id>.partial} and not restorable; a crash before the fold leaves it so. The
     * backup is itself a state folder that {@link #recover} completes. Writer thread only.
     */
    public synchronized void backup(String id) throws IOException {
        completeDeferredBackup();
        Path target = backupDir(id);
        Path partial = target.resolveSibling(id + PARTIAL_SUFFIX);
        Files.createDirectories(partial);
        if (Files.isDirectory(commits)) {
            try (Stream<Path> files = Files.list(commits)) {
                Path copies = Files.createDirectories(partial.resolve(COMMITS_DIR));
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(file, copies.resolve(file.getFileName()));
                }
            }
        }
        // the epoch of the moment of the backup, now: a world reset starts a new epoch before the next fold
        Path epochFile = dir.resolve(EPOCH_FILE);
        if (Files.isRegularFile(epochFile)) {
            Files.copy(epochFile, partial.resolve(EPOCH_FILE));
        }
        deferredBackup = id;
    }

    /** True while a backup waits for its document files (the next fold links them). */
    public boolean hasDeferredBackup() {
        return deferredBackup != null;
    }

    private void completeDeferredBackup() throws IOException {
        String id = deferredBackup;
        if (id == null) {
            return;
        }
        Path target = dir.resolve(BACKUPS_DIR).resolve(id);
        Path partial = target.resolveSibling(id + PARTIAL_SUFFIX);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).sorted(Comparator.naturalOrder()).toList()) {
                Path relative = dir.relativize(file);
                if (relative.startsWith(BACKUPS_DIR) || relative.startsWith(COMMITS_DIR)
                        || file.getFileName().toString().endsWith(AtomicFiles.TEMP_SUFFIX)) {
                    continue;
                }
                Path copy = partial.resolve(relative);
                if (Files.exists(copy)) {
                    continue; // taken at backup() time (the epoch)
                }
                Files.createDirectories(copy.getParent());
                link(file, copy);
            }
        }
        Files.move(partial, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        AtomicFiles.syncDirectory(target.getParent());
        deferredBackup = null;
    }

    /**
     * Moves the whole state into {@code backups/<id>/} (a few renames, however many players there
     * are) and starts empty, in a new epoch: a reset of everything. Writer thread only.
     */
    public synchronized void archive(String id) throws IOException {
        completeDeferredBackup();
        Path target = backupDir(id);
        Files.createDirectories(target);
        log.close();
        moveStateInto(target);
        pending.clear();
        startEmptyLog();
        newEpoch();
        folds++;
    }

    /**
     * Replaces the state with backup {@code id} (the current state is moved into
     * {@code backups/<archiveId>/} first), completes it from its commit log, and starts a new epoch.
     * Writer thread only. Throws {@link java.nio.file.NoSuchFileException} for an unknown backup.
     */
    public synchronized void restore(String id, String archiveId) throws IOException {
        completeDeferredBackup();
        Path source = existingBackup(id);
        Path target = backupDir(archiveId);
        Files.createDirectories(target);
        log.close();
        moveStateInto(target);
        pending.clear();
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.filter(Files::isRegularFile).sorted(Comparator.naturalOrder()).toList()) {
                Path copy = dir.resolve(source.relativize(file));
                Files.createDirectories(copy.getParent());
                Files.copy(file, copy);
            }
        }
        log = null;
        recover();
        newEpoch();
        folds++;
    }

    /** The ids of the backups there are, oldest first by name. */
    public List<String> backups() throws IOException {
        Path backups = dir.resolve(BACKUPS_DIR);
        if (!Files.isDirectory(backups)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(backups)) {
            return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(name -> !name.endsWith(PARTIAL_SUFFIX)).sorted().toList();
        }
    }

    /** Whether backup {@code id} exists and is complete (one still waiting for its files is completed now). */
    public boolean hasBackup(String id) {
        if (!BACKUP_ID.matcher(id).matches()) {
            return false;
        }
        if (id.equals(deferredBackup)) {
            synchronized (this) {
                try {
                    completeDeferredBackup();
                } catch (IOException e) {
                    throw new UncheckedIOException("backup could not be completed", e);
                }
            }
        }
        return Files.isDirectory(dir.resolve(BACKUPS_DIR).resolve(id));
    }

    /** Whether {@code id} names a backup, complete or still waiting for its files (so ids are never reused). */
    public boolean backupIdTaken(String id) {
        Path backups = dir.resolve(BACKUPS_DIR);
        return Files.exists(backups.resolve(id)) || Files.exists(backups.resolve(id + PARTIAL_SUFFIX));
    }

    private Path existingBackup(String id) throws IOException {
        if (!hasBackup(id)) {
            throw new java.nio.file.NoSuchFileException(id);
        }
        return dir.resolve(BACKUPS_DIR).resolve(id);
    }

    private Path backupDir(String id) throws IOException {
        if (!BACKUP_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("invalid backup id");
        }
        Path target = dir.resolve(BACKUPS_DIR).resolve(id);
        if (Files.exists(target) || Files.exists(target.resolveSibling(id + PARTIAL_SUFFIX))) {
            throw new java.nio.file.FileAlreadyExistsException(id);
        }
        return target;
    }

    private void moveStateInto(Path target) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path entry : entries.toList()) {
                if (!entry.getFileName().toString().equals(BACKUPS_DIR)) {
                    Files.move(entry, target.resolve(entry.getFileName()), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                }
            }
        }
        AtomicFiles.syncDirectory(dir);
        AtomicFiles.syncDirectory(target);
    }

    private void startEmptyLog() throws IOException {
        log = CommitLog.openEmpty(commits, segmentBytes);
        committedSeq = seq;
        lastFoldedSeq = seq;
    }

    private static void link(Path file, Path copy) throws IOException {
        try {
            Files.createLink(copy, file);
        } catch (UnsupportedOperationException | IOException e) {
            Files.copy(file, copy);
        }
    }

    private void writeDocuments(Map<String, byte[]> docs) throws IOException {
        Set<Path> dirs = new TreeSet<>();
        for (Map.Entry<String, byte[]> doc : docs.entrySet()) {
            Path target = dir.resolve(doc.getKey());
            AtomicFiles.write(target, doc.getValue());
            dirs.add(target.getParent());
        }
        dirs.forEach(AtomicFiles::syncDirectory);
    }

    /**
     * Migration of names written by earlier versions: once a document read from its legacy name has
     * been written under its new name, the legacy file goes.
     */
    private void retireLegacyFiles(Set<String> written) throws IOException {
        for (String path : written) {
            String legacy = legacyNames.remove(path);
            if (legacy != null) {
                Files.deleteIfExists(dir.resolve(legacy));
            }
        }
    }

    private <T> Optional<T> read(DocKey key, Class<T> type) {
        byte[] bytes = pending.get(key.relativePath());
        try {
            if (bytes == null) {
                Path file = dir.resolve(key.relativePath());
                if (!Files.exists(file)) {
                    Optional<String> legacy = key.legacyRelativePath().filter(p -> Files.exists(dir.resolve(p)));
                    if (legacy.isEmpty()) {
                        return Optional.empty();
                    }
                    legacyNames.put(key.relativePath(), legacy.get());
                    file = dir.resolve(legacy.get());
                }
                bytes = Files.readAllBytes(file);
            }
            return Optional.of(mapper.readValue(bytes, type));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the state document " + key.relativePath(), e);
        }
    }
}
