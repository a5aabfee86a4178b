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

    /** Copies the state files into {@code backups/<label>/} (call after {@link #fold}). */
    public Path backup(String label) throws IOException {
        Path target = dir.resolve(BACKUPS_DIR).resolve(label);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).sorted(Comparator.naturalOrder()).toList()) {
                Path relative = dir.relativize(file);
                if (relative.startsWith(BACKUPS_DIR) || relative.startsWith(COMMITS_DIR)) {
                    continue;
                }
                Path copy = target.resolve(relative);
                Files.createDirectories(copy.getParent());
                Files.copy(file, copy);
            }
        }
        return target;
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
