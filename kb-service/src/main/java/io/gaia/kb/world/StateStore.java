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
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One experience's state folder on disk.
 *
 * <p>Durability protocol (group commit): after the writer applies a batch, {@link #commit} writes
 * ONE commit record ({@code commit.json}: every document changed since the last fold, whole)
 * atomically — temp file, fsync, rename, directory fsync — and only then may the batch be
 * acknowledged. Documents are later "folded" into their own files ({@code world.json},
 * {@code players/<user>.json}, {@code worlds/<user>.json}), each atomically too. A restart replays
 * the commit record over the files, so after {@code kill -9} at any moment the state equals the
 * last acknowledged batch, and several documents changed by one command (world and inventory)
 * always survive together.
 */
public final class StateStore {

    static final String COMMIT_FILE = "commit.json";
    static final String BACKUPS_DIR = "backups";

    private final Path dir;
    private final JsonMapper mapper;
    /** Documents committed but not yet folded, by relative path: always the newest bytes. */
    private final Map<String, byte[]> pending = new LinkedHashMap<>();
    private long seq;
    private long lastFoldNanos = System.nanoTime();
    private volatile long folds;

    public StateStore(Path dir, JsonMapper mapper) {
        this.dir = dir;
        this.mapper = mapper;
    }

    public Path dir() {
        return dir;
    }

    /** Number of folds so far; history commits when it changes. */
    public long folds() {
        return folds;
    }

    /** Makes the files whole after a crash: removes temp files, replays the last commit record. */
    public void recover() throws IOException {
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path temp : files.filter(p -> p.toString().endsWith(AtomicFiles.TEMP_SUFFIX)).toList()) {
                Files.deleteIfExists(temp);
            }
        }
        Path commit = dir.resolve(COMMIT_FILE);
        if (!Files.exists(commit)) {
            return;
        }
        JsonNode record = mapper.readTree(Files.readAllBytes(commit));
        seq = record.path("seq").asLong(0);
        Set<Path> dirs = new TreeSet<>();
        for (Map.Entry<String, JsonNode> doc : record.path("docs").properties()) {
            DocKey key = DocKey.parse(doc.getKey());
            if (key == null) {
                continue;
            }
            Path target = dir.resolve(key.relativePath());
            AtomicFiles.write(target, mapper.writeValueAsBytes(doc.getValue()));
            dirs.add(target.getParent());
        }
        dirs.forEach(AtomicFiles::syncDirectory);
    }

    public Optional<WorldState> loadWorld(DocKey key) {
        return read(key, WorldState.class);
    }

    public Optional<PlayerState> loadPlayer(String userId) {
        return read(DocKey.player(userId), PlayerState.class);
    }

    /** Every player with a state file (or committed but not yet folded). */
    public List<String> playerIds() {
        Set<String> ids = new TreeSet<>();
        Path players = dir.resolve(DocKey.PLAYERS_DIR);
        if (Files.isDirectory(players)) {
            try (Stream<Path> files = Files.list(players)) {
                files.map(p -> DocKey.parse(DocKey.PLAYERS_DIR + "/" + p.getFileName()))
                        .filter(k -> k != null && k.kind() == DocKey.Kind.PLAYER)
                        .forEach(k -> ids.add(k.userId()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        pending.keySet().stream().map(DocKey::parse).filter(k -> k != null && k.kind() == DocKey.Kind.PLAYER)
                .forEach(k -> ids.add(k.userId()));
        return new ArrayList<>(ids);
    }

    /** Durably records the newest bytes of the documents a batch changed. Returns when they are on disk. */
    public void commit(Map<DocKey, byte[]> docs) throws IOException {
        docs.forEach((key, bytes) -> pending.put(key.relativePath(), bytes));
        seq++;
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + pending.values().stream().mapToInt(b -> b.length + 64).sum());
        out.write(("{\"seq\":" + seq + ",\"docs\":{").getBytes(StandardCharsets.UTF_8));
        boolean first = true;
        for (Map.Entry<String, byte[]> doc : pending.entrySet()) {
            out.write(((first ? "" : ",") + mapper.writeValueAsString(doc.getKey()) + ":").getBytes(StandardCharsets.UTF_8));
            out.write(doc.getValue());
            first = false;
        }
        out.write("}}".getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(dir.resolve(COMMIT_FILE), out.toByteArray());
        AtomicFiles.syncDirectory(dir);
    }

    public boolean hasPending() {
        return !pending.isEmpty();
    }

    public boolean foldDue(long intervalNanos, int maxPending) {
        return !pending.isEmpty() && (pending.size() >= maxPending || System.nanoTime() - lastFoldNanos >= intervalNanos);
    }

    /** Writes pending documents into their own files. The commit record stays valid for them until the next commit. */
    public void fold() throws IOException {
        if (pending.isEmpty()) {
            return;
        }
        Set<Path> dirs = new TreeSet<>();
        for (Map.Entry<String, byte[]> doc : pending.entrySet()) {
            Path target = dir.resolve(doc.getKey());
            AtomicFiles.write(target, doc.getValue());
            dirs.add(target.getParent());
        }
        dirs.forEach(AtomicFiles::syncDirectory);
        pending.clear();
        lastFoldNanos = System.nanoTime();
        folds++;
    }

    /** Copies the folded state files into {@code backups/<label>/} (call after {@link #fold}). */
    public Path backup(String label) throws IOException {
        Path target = dir.resolve(BACKUPS_DIR).resolve(label);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).sorted(Comparator.naturalOrder()).toList()) {
                Path relative = dir.relativize(file);
                if (relative.startsWith(BACKUPS_DIR) || relative.toString().equals(COMMIT_FILE)) {
                    continue;
                }
                Path copy = target.resolve(relative);
                Files.createDirectories(copy.getParent());
                Files.copy(file, copy);
            }
        }
        return target;
    }

    private <T> Optional<T> read(DocKey key, Class<T> type) {
        byte[] bytes = pending.get(key.relativePath());
        try {
            if (bytes == null) {
                Path file = dir.resolve(key.relativePath());
                if (!Files.exists(file)) {
                    return Optional.empty();
                }
                bytes = Files.readAllBytes(file);
            }
            return Optional.of(mapper.readValue(bytes, type));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir.resolve(key.relativePath()), e);
        }
    }
}
