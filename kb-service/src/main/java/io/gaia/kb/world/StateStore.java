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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One experience's state folder on disk.
 *
 * <p>Durability protocol (group commit): after the writer applies a batch, {@link #commit} appends
 * ONE record to the experience's {@link Journal} (the local {@link CommitLog},
 * {@code commits/<n>.wal}, fdatasync'd; or a replicated JetStream stream) holding the whole new
 * content of every document the batch changed, the batch's remembered answers
 * ({@link RememberedAnswers}), its actors and the epoch. Only then may the batch be acknowledged. A background fold later writes the documents into their own files
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
    /** The sequence of the last commit record the document files hold, one line; written by every fold. */
    static final String FOLDED_SEQ_FILE = "folded-seq";
    /** The remembered answers ({@link RememberedAnswers}) as of the last fold, one per line. */
    static final String ANSWERS_FILE = "answers.jsonl";
    /** Earlier versions kept them as one JSON array, rewritten whole by every fold; read once, then replaced. */
    static final String LEGACY_ANSWERS_FILE = "answers.json";
    /** The answers file is rewritten whole when it holds more than this many lines per remembered answer. */
    static final int ANSWER_LINES_PER_ANSWER = 3;
    private static final Logger log = LoggerFactory.getLogger(StateStore.class);
    private static final int FENCE_RACES = 5;

    /** What one fold wrote, for the history: records {@code fromSeq..toSeq}, by whom, which documents. */
    public record FoldNote(long fromSeq, long toSeq, java.util.List<String> actors, java.util.List<String> documents,
                           String note) {
    }

    private record Committed(long seq, String epoch) {
    }
    /** Backup ids: letters, digits, '-' and '_' (they name a folder under {@code backups/}). */
    public static final java.util.regex.Pattern BACKUP_ID = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final Path dir;
    private final Path commits;
    private final JsonMapper mapper;
    private final Journal journal;
    /** Backups stored in the shared journal too, so another owner can restore them. */
    private final KeptBackups kept;
    /** How many backups are kept, by count and bytes; older ones are deleted after each new one. */
    private final BackupRetention retention;
    private final RememberedAnswers answers;
    /** Set by a history break that replaced the documents (archive, restore): the next record carries them all. */
    private boolean replaceNext;
    /** What was committed since the last fold, for the history's commit message. */
    private final java.util.Set<String> actorsSinceFold = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.ConcurrentLinkedQueue<FoldNote> foldNotes = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** Lines in the answers file (appended since its last whole write included). */
    private long answerLines;
    /** The last committed sequence and the epoch it was written in (read together by a fold). */
    private volatile Committed committed = new Committed(0, null);
    /**
     * Committed documents not yet folded, by relative path: always the newest committed content (whole, or
     * parts to set on the document's file).
     */
    private final Map<String, DocContent> pending = new ConcurrentHashMap<>();
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
        this(dir, mapper, new FileJournal(dir.resolve(COMMITS_DIR), segmentBytes), RememberedAnswers.Limits.DEFAULT);
    }

    public StateStore(Path dir, JsonMapper mapper, Journal journal, RememberedAnswers.Limits limits) {
        this(dir, mapper, journal, limits, BackupRetention.DEFAULT);
    }

    public StateStore(Path dir, JsonMapper mapper, Journal journal, RememberedAnswers.Limits limits,
                      BackupRetention retention) {
        this.dir = dir;
        this.retention = retention;
        this.commits = dir.resolve(COMMITS_DIR);
        this.mapper = mapper;
        this.journal = journal;
        this.answers = new RememberedAnswers(limits);
        this.kept = new KeptBackups(journal, dir.resolve(BACKUPS_DIR));
    }

    /** The answers remembered by request id (part of the durable state). */
    public RememberedAnswers answers() {
        return answers;
    }

    /** The sequence of the last durable commit record. */
    public long committedSeq() {
        return committedSeq;
    }

    /** What the folds since the last call wrote (oldest first), for the history. */
    public List<FoldNote> drainFoldNotes() {
        List<FoldNote> out = new ArrayList<>();
        FoldNote note;
        while ((note = foldNotes.poll()) != null) {
            out.add(note);
        }
        return out;
    }

    public Path dir() {
        return dir;
    }

    /** Number of folds so far; history commits when it changes. */
    public long folds() {
        return folds;
    }

    /**
     * Makes the files whole after a crash or on a new machine: removes temp files, takes the newest
     * base (the document files, or the journal's snapshot when it is newer), replays the journal's
     * records after it, writes the documents, then (shared journal) appends a record at once, which
     * fences out any previous writer. A previous writer that appended meanwhile makes it start over.
     */
    public void recover() throws IOException {
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path temp : files.filter(p -> p.toString().endsWith(AtomicFiles.TEMP_SUFFIX)).toList()) {
                Files.deleteIfExists(temp);
            }
        }
        for (int attempt = 1; ; attempt++) {
            try {
                recoverOnce();
                kept.keepUnkept(localBackups());
                return;
            } catch (Journal.FencedException raced) {
                if (attempt == FENCE_RACES) {
                    throw raced;
                }
            }
        }
    }

    private void recoverOnce() throws IOException {
        long started = System.nanoTime();
        Replay replay = new Replay(readFoldedSeq(), readEpoch(), answers);
        readAnswersFiles().forEach(answers::add);
        Optional<Journal.Snapshot> snapshot = journal.latestSnapshot(replay.seq);
        long snapshotRead = System.nanoTime();
        long snapshotKb = snapshot.map(x -> x.state().length / 1024).orElse(0);
        String base = "state folder at record " + replay.seq;
        if (snapshot.isPresent() && snapshot.get().seq() > replay.seq) {
            replay.apply(snapshot.get().state());
            base = "snapshot at record " + snapshot.get().seq();
        }
        snapshot = Optional.empty(); // its documents are in the replay now: not held through the records
        long snapshotApplied = System.nanoTime();
        long[] records = {0};
        journal.replayAfter(replay.seq, entry -> {
            if (journal.shared() && entry.seq() > replay.seq + 1) {
                // the previous owner's last fold stored a newer snapshot and purged what it covers
                // between our two reads: read both again rather than skip the purged records
                throw new Journal.FencedException("the journal of this experience skipped from record " + replay.seq
                        + " to " + entry.seq() + " while it was read (a previous owner purged it)");
            }
            // in order, so one at or below the base (a local log's already folded record) is harmless
            replay.apply(entry.payload());
            records[0]++;
        });
        long recordsRead = System.nanoTime();
        Map<String, byte[]> documents = replay.documents(dir);
        if (replay.replaced) {
            deleteDocumentsExcept(documents.keySet());
        }
        writeDocuments(documents);
        seq = replay.seq;
        committedSeq = seq;
        lastFoldedSeq = seq;
        writeFoldedSeq(seq);
        writeAnswersFile();
        startedEpoch = replay.epoch == null;
        epoch = writeEpoch(replay.epoch != null ? replay.epoch : Epochs.generate());
        committed = new Committed(seq, epoch);
        journal.recovered();
        if (journal.shared()) {
            commit(new Batch(Map.of(), List.of(), List.of())); // the claim: a previous writer's next append fails
            if (replay.changedSomething) {
                foldNotes.add(new FoldNote(replay.firstSeq, seq, List.of(), List.copyOf(replay.newest.keySet()),
                        "rebuilt from the " + base + " and " + records[0] + " journal records"));
                folds++;
            }
        }
        long done = System.nanoTime();
        log.info("state of '{}' recovered from the {} and {} records in {} ms: snapshot read {} ms ({} KB), applied {} ms,"
                        + " records read and applied {} ms, documents written and claimed {} ms; {} remembered answers",
                dir.getFileName(), base, records[0], millis(done - started), millis(snapshotRead - started),
                snapshotKb, millis(snapshotApplied - snapshotRead),
                millis(recordsRead - snapshotApplied), millis(done - recordsRead), answers.size());
    }

    private static long millis(long nanos) {
        return java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    /** The newest content of every document a sequence of records names. */
    private final class Replay {
        final Map<String, DocContent> newest = new LinkedHashMap<>();
        long seq;
        long firstSeq = -1;
        String epoch;
        boolean replaced;
        boolean changedSomething;
        final RememberedAnswers into;

        Replay(long seq, String epoch, RememberedAnswers into) {
            this.seq = seq;
            this.epoch = epoch;
            this.into = into;
        }

        void apply(byte[] record) {
            JsonNode node = mapper.readTree(record);
            long recordSeq = node.path("seq").asLong(0);
            seq = Math.max(seq, recordSeq);
            if (firstSeq < 0) {
                firstSeq = recordSeq;
            }
            if (node.path("epoch").isString() && Epochs.isValid(node.path("epoch").asString())) {
                epoch = node.path("epoch").asString();
            }
            if (node.path("replace").asBoolean(false)) {
                newest.clear();
                if (into != null) {
                    into.clear(); // a replacing record carries every remembered answer
                }
                replaced = true;
            }
            for (Map.Entry<String, JsonNode> doc : node.path("docs").properties()) {
                if (DocKey.isDocumentPath(doc.getKey())) {
                    newest.put(doc.getKey(), DocContent.whole(mapper.writeValueAsBytes(doc.getValue())));
                    changedSomething = true;
                }
            }
            for (Map.Entry<String, JsonNode> doc : node.path("parts").properties()) {
                if (DocKey.isDocumentPath(doc.getKey()) && !doc.getValue().isEmpty()) {
                    Map<String, byte[]> parts = new LinkedHashMap<>();
                    doc.getValue().properties().forEach(part -> parts.put(part.getKey(), mapper.writeValueAsBytes(part.getValue())));
                    newest.merge(doc.getKey(), DocContent.parts(parts), DocContent::then);
                    changedSomething = true;
                }
            }
            if (into != null) {
                RememberedAnswers.decode(mapper, node.path("answers")).forEach(into::add);
            }
        }

        /** Every document's newest bytes, parts set on the document in {@code base} (a state folder) where a record carried only parts. */
        Map<String, byte[]> documents(Path base) {
            Map<String, byte[]> out = new LinkedHashMap<>();
            newest.forEach((path, content) -> out.put(path, bytesOf(content, base, path)));
            return out;
        }
    }

    /** The whole document {@code content} says, reading its earlier bytes from {@code base}'s file when it holds only parts. */
    private byte[] bytesOf(DocContent content, Path base, String path) {
        return content.bytes(() -> {
            Path file = base.resolve(path);
            return Files.exists(file) ? readBytes(file) : null;
        }, mapper);
    }

    private long readFoldedSeq() throws IOException {
        Path file = dir.resolve(FOLDED_SEQ_FILE);
        if (!Files.exists(file)) {
            return 0;
        }
        try {
            return Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void writeFoldedSeq(long value) throws IOException {
        AtomicFiles.write(dir.resolve(FOLDED_SEQ_FILE), (value + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private List<RememberedAnswers.Answer> readAnswersFiles() throws IOException {
        List<RememberedAnswers.Answer> out = new ArrayList<>();
        Path legacy = dir.resolve(LEGACY_ANSWERS_FILE);
        if (Files.exists(legacy)) {
            out.addAll(RememberedAnswers.decode(mapper, mapper.readTree(Files.readAllBytes(legacy))));
        }
        Path file = dir.resolve(ANSWERS_FILE);
        if (Files.exists(file)) {
            out.addAll(RememberedAnswers.decodeLines(mapper, Files.readAllBytes(file)));
        }
        return out;
    }

    /**
     * Appends the answers remembered since the last save (fsync'd); rewrites the whole file instead when
     * it must (first save, after a clear or a failed save) or when it has grown to
     * {@link #ANSWER_LINES_PER_ANSWER} lines per remembered answer (evicted ones linger until then).
     */
    private void writeAnswersFile() throws IOException {
        RememberedAnswers.Unsaved unsaved = answers.takeUnsaved(
                answerLines > (long) ANSWER_LINES_PER_ANSWER * answers.size() + 1_000);
        try {
            byte[] lines = RememberedAnswers.encodeLines(mapper, unsaved.answers());
            if (unsaved.whole()) {
                AtomicFiles.write(dir.resolve(ANSWERS_FILE), lines);
                answerLines = unsaved.answers().size();
                Files.deleteIfExists(dir.resolve(LEGACY_ANSWERS_FILE));
            } else if (lines.length > 0) {
                AtomicFiles.append(dir.resolve(ANSWERS_FILE), lines);
                answerLines += unsaved.answers().size();
            }
        } catch (IOException | RuntimeException e) {
            answers.saveWholeNext();
            throw e;
        }
    }

    /** Every document file in the folder (not backups, not the journal), by relative path. */
    private Map<String, Path> documentFiles() throws IOException {
        return documentFiles(dir);
    }

    private static Map<String, Path> documentFiles(Path dir) throws IOException {
        Map<String, Path> out = new java.util.TreeMap<>();
        for (String sub : List.of(DocKey.PLAYERS_DIR, DocKey.WORLDS_DIR)) {
            Path folder = dir.resolve(sub);
            if (Files.isDirectory(folder)) {
                try (Stream<Path> files = Files.list(folder)) {
                    files.forEach(f -> {
                        String relative = sub + "/" + f.getFileName();
                        if (DocKey.isDocumentPath(relative)) {
                            out.put(relative, f);
                        }
                    });
                }
            }
        }
        Path world = dir.resolve(DocKey.WORLD_FILE);
        if (Files.exists(world)) {
            out.put(DocKey.WORLD_FILE, world);
        }
        return out;
    }

    private void deleteDocumentsExcept(Set<String> keep) throws IOException {
        deleteDocumentsExcept(dir, keep);
    }

    private static void deleteDocumentsExcept(Path dir, Set<String> keep) throws IOException {
        for (Map.Entry<String, Path> file : documentFiles(dir).entrySet()) {
            if (!keep.contains(file.getKey())) {
                Files.deleteIfExists(file.getValue());
            }
        }
    }

    /**
     * The whole state as of the last fold, in the shape of a record that replaces everything:
     * {@code {"seq","epoch","replace":true,"docs":{...},"answers":[...]}}. Fold thread (under the lock).
     */
    private byte[] snapshot(long covered, String coveredEpoch) throws IOException {
        Map<String, DocContent> docs = new LinkedHashMap<>();
        for (Map.Entry<String, Path> file : documentFiles().entrySet()) {
            docs.put(file.getKey(), DocContent.whole(Files.readAllBytes(file.getValue())));
        }
        return record(covered, coveredEpoch, true, List.of(), docs, answers.encode(mapper));
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
        byte[] bytes = pendingBytes(key.relativePath());
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
        pending.forEach((path, content) -> {
            if (path.startsWith(DocKey.PLAYERS_DIR + "/")) {
                playerId(path, () -> bytesOf(content, dir, path)).ifPresent(ids::add);
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

    /** True when the next batch must be written even if it changed nothing (it carries a replaced state). */
    public boolean mustCommit() {
        return replaceNext;
    }

    /** What one batch changed: documents (whole new content, or the parts that changed), the actors, the answers to remember. */
    public record Batch(Map<DocKey, DocContent> docs, List<String> actors, List<RememberedAnswers.Answer> answers) {
    }

    /** As {@link #commit(Batch)}, for a batch of whole documents with no actors or answers to record. */
    public int commit(Map<DocKey, byte[]> docs) throws IOException {
        Map<DocKey, DocContent> whole = new LinkedHashMap<>();
        docs.forEach((key, bytes) -> whole.put(key, DocContent.whole(bytes)));
        return commit(new Batch(whole, List.of(), List.of()));
    }

    /**
     * Durably records one batch as one journal record. Returns when the journal holds it, with the
     * number of records waiting for a fold; nothing changes here when it throws (e.g.
     * {@link Journal.FencedException}). After a history break that replaced the documents, the
     * record carries every remembered answer, and with a shared journal every document, replacing the whole state.
     */
    public int commit(Batch batch) throws IOException {
        long next = seq + 1;
        Map<String, DocContent> docs = new LinkedHashMap<>();
        boolean replace = replaceNext;
        // A shared journal is how the next owner learns the replaced state: the record carries every document.
        // A local one has them on disk already (the archive or restore synced them): every answer is enough.
        boolean carriesState = replace && journal.shared();
        if (carriesState) {
            for (Map.Entry<String, Path> file : documentFiles().entrySet()) {
                docs.put(file.getKey(), DocContent.whole(Files.readAllBytes(file.getValue())));
            }
            pending.forEach((path, content) -> docs.merge(path, content, DocContent::then));
        }
        batch.docs().forEach((key, content) -> docs.merge(key.relativePath(), content, DocContent::then));
        byte[] answerBytes;
        if (replace) {
            List<RememberedAnswers.Answer> all = new ArrayList<>(answers.all());
            all.addAll(batch.answers());
            answerBytes = RememberedAnswers.encode(mapper, all);
        } else {
            answerBytes = RememberedAnswers.encode(mapper, batch.answers());
        }
        String currentEpoch = epoch;
        journal.append(next, record(next, currentEpoch, carriesState, batch.actors(), docs, answerBytes));
        seq = next;
        replaceNext = false;
        docs.forEach((path, content) -> pending.merge(path, content, DocContent::then));
        batch.answers().forEach(answers::add);
        actorsSinceFold.addAll(batch.actors());
        committed = new Committed(next, currentEpoch);
        committedSeq = next;
        return (int) (next - lastFoldedSeq);
    }

    /**
     * A commit record: {@code {"seq","epoch","replace","actors","docs":{path: whole document},
     * "parts":{path: {pointer: value}},"answers":[...]}}; a replay sets a record's docs, then its parts.
     */
    private byte[] record(long recordSeq, String recordEpoch, boolean replace, List<String> actors,
                          Map<String, DocContent> docs, byte[] answerBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128 + answerBytes.length + docs.values().stream()
                .mapToInt(c -> (c.whole() == null ? 0 : c.whole().length + 64)
                        + c.parts().values().stream().mapToInt(b -> b.length + 64).sum()).sum());
        Map<String, Object> head = new LinkedHashMap<>();
        head.put("seq", recordSeq);
        head.put("epoch", recordEpoch);
        head.put("replace", replace);
        head.put("actors", actors);
        String prefix = mapper.writeValueAsString(head);
        out.writeBytes((prefix.substring(0, prefix.length() - 1) + ",\"docs\":{").getBytes(StandardCharsets.UTF_8));
        boolean first = true;
        for (Map.Entry<String, DocContent> doc : docs.entrySet()) {
            if (doc.getValue().whole() != null) {
                member(out, first, doc.getKey(), doc.getValue().whole());
                first = false;
            }
        }
        out.writeBytes("},\"parts\":{".getBytes(StandardCharsets.UTF_8));
        first = true;
        for (Map.Entry<String, DocContent> doc : docs.entrySet()) {
            if (doc.getValue().parts().isEmpty()) {
                continue;
            }
            member(out, first, doc.getKey(), "{".getBytes(StandardCharsets.UTF_8));
            boolean firstPart = true;
            for (Map.Entry<String, byte[]> part : doc.getValue().parts().entrySet()) {
                member(out, firstPart, part.getKey(), part.getValue());
                firstPart = false;
            }
            out.writeBytes("}".getBytes(StandardCharsets.UTF_8));
            first = false;
        }
        out.writeBytes("},\"answers\":".getBytes(StandardCharsets.UTF_8));
        out.writeBytes(answerBytes);
        out.writeBytes("}".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** Writes {@code "name":} (after a comma unless first), then {@code value}'s bytes as they are. */
    private void member(ByteArrayOutputStream out, boolean first, String name, byte[] value) {
        out.writeBytes(((first ? "" : ",") + mapper.writeValueAsString(name) + ":").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(value);
    }

    private volatile long lastFoldedSeq;
    /** Held while the backup thread writes into a backup ({@link #compactBackup}); {@link #close} waits for it. */
    private final Object compaction = new Object();
    private boolean closed;
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
        Committed upTo = committed;
        long covered = upTo.seq();
        if (covered == lastFoldedSeq) {
            return;
        }
        Map<String, DocContent> snapshot = new LinkedHashMap<>(pending);
        List<String> actors = new ArrayList<>(actorsSinceFold);
        actorsSinceFold.removeAll(actors);
        Map<String, byte[]> documents = new LinkedHashMap<>();
        snapshot.forEach((path, content) -> documents.put(path, bytesOf(content, dir, path)));
        writeDocuments(documents);
        retireLegacyFiles(snapshot.keySet());
        writeAnswersFile();
        writeFoldedSeq(covered);
        // only what was not changed meanwhile (a newer content, whole or parts, is another object)
        snapshot.forEach((path, content) -> pending.computeIfPresent(path, (p, now) -> now == content ? null : now));
        journal.folded(covered, () -> snapshot(covered, upTo.epoch()));
        foldNotes.add(new FoldNote(lastFoldedSeq + 1, covered, actors.stream().sorted().toList(),
                List.copyOf(new java.util.TreeSet<>(snapshot.keySet())), null));
        lastFoldedSeq = covered;
        folds++;
    }

    /** Allocates the commit log's next segment ahead of need (fold thread). */
    public void prepareLog() throws IOException {
        journal.prepare();
    }

    /** The experience is closing: an append waiting on the journal gives up soon (see {@link Journal#stopWaiting}). */
    public void stopWaiting() {
        journal.stopWaiting();
    }

    /** Closes the commit log's files (after the final fold). */
    public void close() throws IOException {
        synchronized (compaction) {
            closed = true; // a backup being compacted keeps the rest of its log
        }
        journal.close();
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
        if (journal.shared()) {
            keepPendingAsLocalLog(partial);
        } else if (Files.isDirectory(commits)) {
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

    /**
     * With a shared journal the committed, unfolded documents live only there (and in {@code pending}):
     * a backup or an archive keeps them as a local commit log record, which {@link #recover} (and a restore)
     * applies, so it holds every acknowledged action, not only what was folded.
     */
    private void keepPendingAsLocalLog(Path into) throws IOException {
        try (CommitLog copy = CommitLog.openEmpty(into.resolve(COMMITS_DIR), CommitLog.DEFAULT_SEGMENT_BYTES)) {
            copy.append(seq, record(seq, epoch, false, List.of(), new LinkedHashMap<>(pending), "[]".getBytes(StandardCharsets.UTF_8)));
        }
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
                if (relative.equals(Path.of(ANSWERS_FILE))) {
                    Files.copy(file, copy); // appended to in place: a link would not keep the moment's bytes
                } else {
                    link(file, copy);
                }
            }
        }
        Files.move(partial, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        AtomicFiles.syncDirectory(target.getParent());
        deferredBackup = null;
        finished(id);
    }

    /**
     * Moves the whole state into {@code backups/<id>/} (a few renames, however many players there
     * are) and starts empty, in a new epoch: a reset of everything. Writer thread only.
     */
    public synchronized void archive(String id) throws IOException {
        completeDeferredBackup();
        archiveCurrentStateInto(id);
        answers.saveWholeNext();
        startNewEpoch();
    }

    /**
     * Moves the current state into {@code backups/<id>/} with every acknowledged action, folded or not
     * (with a shared journal, those not folded yet as a local commit log record), and keeps it.
     */
    private void archiveCurrentStateInto(String id) throws IOException {
        Path target = backupDir(id);
        Files.createDirectories(target);
        journal.close();
        moveStateInto(target);
        if (journal.shared() && !pending.isEmpty()) {
            keepPendingAsLocalLog(target);
        }
        finished(id);
        pending.clear();
    }

    /**
     * Backup {@code id} is complete: in the background, it is stored in the shared journal (if any), its commit
     * log is folded into its files ({@link #compactBackup}), and backups beyond the retention are deleted.
     */
    private void finished(String id) {
        kept.keep(id);
        kept.later("backup " + id + " keeps its commit log (a restore of it replays the log)", () -> compactBackup(id));
        kept.later("old backups could not be deleted (tried again after the next backup)", this::pruneBackups);
    }

    /**
     * Folds backup {@code id}'s own commit log (the records not folded when it was taken) into its document
     * files and deletes the log, on the backup thread, so that restoring it is links only, however long that log
     * was. Replaying a log gives each document's newest content, so a restore meanwhile (which links the files
     * between two of these writes, then replays the log, under this store's lock) gets the same state from files
     * half rewritten; only the log's deletion takes the store's lock. Stops, leaving the log, when the store closes.
     */
    void compactBackup(String id) throws IOException {
        Path folder = dir.resolve(BACKUPS_DIR).resolve(id);
        Path log = folder.resolve(COMMITS_DIR);
        if (!Files.isDirectory(log)) {
            return;
        }
        Replay replay = replayBackupLog(log);
        Map<String, byte[]> documents = replay.documents(folder);
        Set<Path> dirs = new TreeSet<>();
        for (Map.Entry<String, byte[]> doc : documents.entrySet()) {
            synchronized (compaction) {
                if (closed) {
                    return;
                }
                Path target = folder.resolve(doc.getKey());
                AtomicFiles.write(target, doc.getValue());
                dirs.add(target.getParent());
            }
        }
        dirs.forEach(AtomicFiles::syncDirectory);
        synchronized (this) {
            synchronized (compaction) {
                if (closed) {
                    return;
                }
                if (replay.replaced) {
                    deleteDocumentsExcept(folder, documents.keySet());
                }
                Folders.deleteTree(log);
                AtomicFiles.syncDirectory(folder);
            }
        }
    }

    /** After the documents were replaced underneath (archive, restore): the next record carries them all, in a new epoch. */
    private void startNewEpoch() throws IOException {
        journal.recovered();
        writeFoldedSeq(seq);
        replaceNext = true;
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
        archiveCurrentStateInto(archiveId);
        Set<Path> folders = new TreeSet<>();
        // with the backup's compaction held between two documents: it renames its temp files into the backup,
        // and a file that vanishes while the walk reads it fails the walk (CI: a restore right after a reset)
        synchronized (compaction) {
            linkBackupInto(source, folders);
        }
        for (Path folder : folders) {
            AtomicFiles.syncDirectory(folder);
        }
        completeFromLog(source.resolve(COMMITS_DIR));
        startNewEpoch();
    }

    /** Links (the answers file: copies) every document of backup folder {@code source} into the state folder. */
    private void linkBackupInto(Path source, Set<Path> folders) throws IOException {
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.filter(Files::isRegularFile).sorted(Comparator.naturalOrder()).toList()) {
                Path relative = source.relativize(file);
                if (relative.startsWith(COMMITS_DIR) || file.getFileName().toString().endsWith(AtomicFiles.TEMP_SUFFIX)) {
                    continue; // the log is replayed where the backup keeps it (completeFromLog); a compaction's temp file
                }
                Path copy = dir.resolve(relative);
                Files.createDirectories(copy.getParent());
                folders.add(copy.getParent());
                if (relative.equals(Path.of(ANSWERS_FILE))) {
                    Files.copy(file, copy); // appended to in place; the next record carries every answer anyway
                } else {
                    link(file, copy);
                }
            }
        }
    }

    /**
     * The ids of the backups there are, oldest first (by the time in the id): this instance's, and with a shared journal
     * those it keeps for every instance (made by a previous owner).
     */
    public List<String> backups() throws IOException {
        TreeSet<String> all = new TreeSet<>(BackupRetention.OLDEST_FIRST);
        all.addAll(localBackups());
        all.addAll(kept.elsewhere());
        return List.copyOf(all);
    }

    /**
     * Deletes the backups beyond the {@link BackupRetention}: counting from the newest, those past
     * {@code keep}, and every older one once the folders here add up to more than {@code maxBytes} (a
     * backup kept only by the shared journal counts by number only). The newest is always kept. The
     * folders go under this store's lock (a restore reading one waits), the shared journal's copies
     * after. Returns the ids deleted. Backup thread.
     */
    List<String> pruneBackups() throws IOException {
        List<String> doomed = new ArrayList<>();
        synchronized (this) {
            List<String> all = backups();
            Path folder = dir.resolve(BACKUPS_DIR);
            long bytes = 0;
            boolean full = false;
            for (int i = all.size() - 1, kept = 0; i >= 0; i--) {
                String id = all.get(i);
                long size = Folders.size(folder.resolve(id));
                full = full || (kept > 0 && (kept >= retention.keep() || bytes + size > retention.maxBytes()));
                if (full) {
                    doomed.add(id);
                    Folders.deleteTree(folder.resolve(id));
                    Files.deleteIfExists(folder.resolve(id + KeptBackups.KEPT_SUFFIX));
                } else {
                    kept++;
                    bytes += size;
                }
            }
        }
        for (String id : doomed) {
            kept.forget(id);
        }
        if (!doomed.isEmpty()) {
            log.info("deleted {} old backup(s) of '{}' beyond the retention ({} backups, {} bytes): {}", doomed.size(),
                    dir.getFileName(), retention.keep(), retention.maxBytes(), doomed);
        }
        return doomed;
    }

    /** The finished backups in this instance's state folder. */
    private List<String> localBackups() throws IOException {
        Path backups = dir.resolve(BACKUPS_DIR);
        if (!Files.isDirectory(backups)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(backups)) {
            return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(name -> BACKUP_ID.matcher(name).matches()).sorted(BackupRetention.OLDEST_FIRST).toList();
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
        if (Files.isDirectory(dir.resolve(BACKUPS_DIR).resolve(id))) {
            return true;
        }
        try {
            return kept.fetch(id); // made by a previous owner: kept by the shared journal
        } catch (IOException e) {
            throw new UncheckedIOException("backup " + id + " could not be fetched from the journal", e);
        }
    }

    /** Whether {@code id} names a backup, complete or still waiting for its files (so ids are never reused). */
    public boolean backupIdTaken(String id) {
        Path backups = dir.resolve(BACKUPS_DIR);
        return Files.exists(backups.resolve(id)) || Files.exists(backups.resolve(id + PARTIAL_SUFFIX))
                || kept.keptElsewhere(id);
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

    /**
     * A restored backup's own commit log (records not folded when it was taken, read where the backup keeps
     * it, which stays as it is) goes into the restored document files.
     */
    private void completeFromLog(Path backupCommits) throws IOException {
        answers.saveWholeNext();
        Replay replay = replayBackupLog(backupCommits);
        Map<String, byte[]> documents = replay.documents(dir);
        if (replay.replaced) {
            deleteDocumentsExcept(documents.keySet());
        }
        writeDocuments(documents);
    }

    /**
     * The documents a backup's commit log holds, newest content of each (none when it has no log). Its answers
     * are left out: a restore keeps the answers of the moment, since request ids outlive a restore.
     */
    private Replay replayBackupLog(Path log) throws IOException {
        Replay replay = new Replay(0, null, null);
        if (Files.isDirectory(log)) {
            CommitLog.replay(log, entry -> replay.apply(entry.payload()));
        }
        return replay;
    }

    /**
     * Puts {@code file} at {@code copy} as a hard link: a few microseconds whatever its size, and the original
     * keeps its bytes because a document is replaced by rename, never written in place. Its data is already on
     * disk, so only the directory entry is new (the caller syncs the folder). A file system without links gets
     * a copy, synced.
     */
    private static void link(Path file, Path copy) throws IOException {
        try {
            Files.createLink(copy, file);
        } catch (UnsupportedOperationException | IOException e) {
            AtomicFiles.write(copy, Files.readAllBytes(file));
        }
    }

    private void writeDocuments(Map<String, byte[]> docs) throws IOException {
        writeDocuments(dir, docs);
    }

    private static void writeDocuments(Path dir, Map<String, byte[]> docs) throws IOException {
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

    /** A document's newest committed bytes when it is not folded yet, else null. */
    private byte[] pendingBytes(String path) {
        DocContent content = pending.get(path);
        return content == null ? null : bytesOf(content, dir, path);
    }

    private <T> Optional<T> read(DocKey key, Class<T> type) {
        byte[] bytes = pendingBytes(key.relativePath());
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
