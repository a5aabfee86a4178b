package io.gaia.kb.journal;

import io.gaia.support.nats.JetStreamErrors;
import io.gaia.events.Subjects;
import io.gaia.kb.world.Journal;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.ConsumeOptions;
import io.nats.client.IterableConsumer;
import io.nats.client.JetStreamStatusCheckedException;
import io.nats.client.KeyValue;
import io.nats.client.Message;
import io.nats.client.ObjectStore;
import io.nats.client.PublishOptions;
import io.nats.client.PurgeOptions;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.ObjectMeta;
import io.nats.client.api.OrderedConsumerConfiguration;
import io.nats.client.api.MessageInfo;
import io.nats.client.impl.Headers;
import io.nats.client.support.NatsJetStreamConstants;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One experience's commit records in the JetStream stream {@link Subjects#KB_JOURNAL_STREAM}, on
 * subject {@link Subjects#kbJournal}. Every append says which record it follows
 * ({@code expectedLastSubjectSequence}: the stream sequence of the last record this writer wrote or
 * read), so once another instance has appended, this one's next append fails and it is fenced out
 * for good. An append returns after JetStream's PubAck: the record is stored by a quorum of the
 * stream's replicas.
 *
 * <p>While JetStream cannot take a record (the stream has no leader for the seconds of an election after
 * a node died: "503 No Responders"; or no answer comes in time) an append sends it again, backing off,
 * for at most {@link JetStreamJournals.Settings#appendWindow}. Every attempt carries the same message id
 * (this writer's, unique per open, plus the record's sequence) and the same expected last sequence, so
 * however many attempts reach the stream one record is stored: JetStream answers a repeat within its
 * duplicate window as a duplicate of the first, and if a repeat is refused as out of sequence the
 * subject's last record is read back and counts as this append's when it carries this message id.
 *
 * <p>Snapshots (the whole state, a record that replaces everything) go to the object store
 * {@link Subjects#KB_SNAPSHOTS_BUCKET} under a new name each time; the KV bucket
 * {@link Subjects#KB_SNAPSHOT_INDEX_BUCKET} names the latest one and is changed only by
 * compare-and-set, so a deposed writer cannot replace a newer snapshot. Records a stored snapshot
 * covers are purged, except the newest {@code purgeMargin} of them.
 *
 * <p>A record larger than the connection's max payload (a reset or restore of a big world, the first
 * record of one) is stored first as an object in the same object store, then appended as a small
 * record naming it ({@link #OBJECT_HEADER}), fenced like any other: the append is what commits it, and
 * an object whose append failed is never read. Its object is deleted when the record is purged.
 *
 * <p>Threads: {@link #append} from the writer, {@link #folded} from the fold thread.
 */
final class JetStreamJournal implements Journal {

    private static final Logger log = LoggerFactory.getLogger(JetStreamJournal.class);
    /** Header carrying the record's logical sequence (the state store's), so reading needs no parse. */
    static final String SEQ_HEADER = "Gaia-Seq";
    /** Header of a record whose payload is the object it names (a record above the max payload). */
    static final String OBJECT_HEADER = "Gaia-Record-Object";
    /** Between an experience's snapshot key and a backup id in the backup's object name. */
    static final String BACKUP_INFIX = ".backup.";
    /**
     * Keys of the backup index in the snapshot index bucket: {@code backups.<snapshot key>.<id>}, one per
     * backup kept, so listing one experience's backups reads its keys only, not every object of the store.
     * (A snapshot key never holds a dot, so these never meet an experience's own key.)
     */
    static final String BACKUP_KEYS = "backups.";
    /** Key that says an experience's backups kept before the index existed were indexed: {@code backups-indexed.<snapshot key>}. */
    static final String BACKUPS_INDEXED = "backups-indexed.";
    /** The largest backup fetched from the object store (its zip; unpacked at most four times that). */
    static final long MAX_BACKUP_BYTES = 1L << 30;
    /**
     * About the most bytes of records one pull asks for when reading the journal back. It is turned into a
     * count of the largest messages: a pull limited by bytes ({@code max_bytes}) stalls on nats-server 2.9
     * (nats-server#3816).
     */
    static final long READ_BATCH_BYTES = 8L << 20;
    /** Room left in a message for the headers and the protocol. */
    private static final int HEADER_ROOM = 4 * 1024;

    private final String experienceId;
    private final String subject;
    private final String snapshotKey;
    private final JetStream js;
    private final JetStreamManagement jsm;
    private final KeyValue index;
    private final ObjectStore snapshots;
    private final JetStreamJournals.Settings settings;
    private final JsonMapper mapper;
    /** Logical sequence -> stream sequence of the records this writer knows, for purging. */
    private final ConcurrentSkipListMap<Long, Long> streamSeqs = new ConcurrentSkipListMap<>();
    /** Logical sequence -> object of the stored records this writer knows, deleted when purged. */
    private final ConcurrentSkipListMap<Long, String> recordObjects = new ConcurrentSkipListMap<>();
    private final int maxRecordBytes;
    /** The most records one pull of {@link #replayAfter} asks for: about {@link #READ_BATCH_BYTES} of the largest. */
    private final int readBatch;
    /** Backoff between two attempts of an append, doubling from the first to the last. */
    private static final long FIRST_RETRY_MILLIS = 50;
    private static final long MAX_RETRY_MILLIS = 500;
    /** The longest one attempt of an append waits for its PubAck within the window (then it is sent again). */
    private static final Duration MAX_ATTEMPT_WAIT = Duration.ofSeconds(1);

    /** This writer's message ids: {@code <writer>.<record sequence>}; unique per open, so never another writer's. */
    private final String writerId = java.util.UUID.randomUUID().toString();
    /** Set when the experience closes: an append sending its record again gives up at its next attempt. */
    private volatile boolean stopRetrying;
    private volatile long lastStreamSeq;
    private long indexRevision;
    /** True once this journal saw the backups kept before the index indexed (see {@link #indexEarlierBackups}). */
    private volatile boolean earlierBackupsIndexed;
    private String snapshotObject;
    private long lastSnapshotNanos = System.nanoTime();

    JetStreamJournal(String experienceId, JetStream js, JetStreamManagement jsm, KeyValue index, ObjectStore snapshots,
                     JetStreamJournals.Settings settings, JsonMapper mapper, long maxPayload) {
        this.maxRecordBytes = (int) Math.max(1024, Math.min(Integer.MAX_VALUE, maxPayload - HEADER_ROOM));
        this.readBatch = (int) Math.max(2, Math.min(256, READ_BATCH_BYTES / Math.max(1, maxPayload)));
        this.experienceId = experienceId;
        this.subject = Subjects.kbJournal(experienceId);
        this.snapshotKey = Subjects.kbSnapshotKey(experienceId);
        this.js = js;
        this.jsm = jsm;
        this.index = index;
        this.snapshots = snapshots;
        this.settings = settings;
        this.mapper = mapper;
    }

    @Override
    public Optional<Snapshot> latestSnapshot(long newerThan) throws IOException {
        try {
            KeyValueEntry entry = index.get(snapshotKey);
            if (entry == null || entry.getValue() == null) {
                indexRevision = 0;
                return Optional.empty();
            }
            indexRevision = entry.getRevision();
            JsonNode pointer = mapper.readTree(entry.getValue());
            snapshotObject = pointer.path("object").asString();
            if (pointer.path("seq").asLong() <= newerThan) {
                return Optional.empty(); // the state folder is as new: not worth megabytes over the network
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            snapshots.get(snapshotObject, out);
            return Optional.of(new Snapshot(pointer.path("seq").asLong(), out.toByteArray()));
        } catch (JetStreamApiException | NoSuchAlgorithmException e) {
            throw new IOException("the snapshot of '" + experienceId + "' could not be read: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // jnats: the object is gone or changed under us (a previous owner's last fold replaced it)
            throw new FencedException("the snapshot of '" + experienceId + "' changed while it was read ("
                    + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading a snapshot", e);
        }
    }

    /**
     * Hands every record still on the subject to the visitor (purges keep this to the tail after the last
     * snapshot), one at a time: an ordered consumer pulls them a few at a time ({@link #READ_BATCH_BYTES}),
     * and a record kept as an object is fetched only when its turn comes, so reading a tail of records that
     * each hold a big world needs the memory of about one of them, not of all.
     */
    @Override
    public void replayAfter(long after, RecordVisitor visitor) throws IOException {
        long last = lastSubjectSequence();
        if (last > 0) {
            IterableConsumer records = null;
            try {
                records = js.getStreamContext(Subjects.KB_JOURNAL_STREAM)
                        .createOrderedConsumer(new OrderedConsumerConfiguration().filterSubject(subject))
                        .iterate(ConsumeOptions.builder().batchSize(readBatch).build());
                long streamSeq = 0;
                while (streamSeq < last) {
                    Message message = records.nextMessage(settings.timeout());
                    if (message == null) {
                        throw new IOException("the journal of '" + experienceId + "' did not deliver its records in time");
                    }
                    streamSeq = message.metaData().streamSequence();
                    long seq = Long.parseLong(message.getHeaders().getFirst(SEQ_HEADER));
                    streamSeqs.put(seq, streamSeq);
                    String object = message.getHeaders().getFirst(OBJECT_HEADER);
                    if (object != null) {
                        recordObjects.put(seq, object);
                    }
                    if (seq > after) {
                        visitor.accept(new Entry(seq, object == null ? message.getData() : readObject(object, seq)));
                    }
                }
            } catch (JetStreamApiException | JetStreamStatusCheckedException e) {
                throw new IOException("the journal of '" + experienceId + "' could not be read: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while reading the journal", e);
            } finally {
                closeQuietly(records);
            }
        }
        lastStreamSeq = last;
    }

    private void closeQuietly(IterableConsumer records) {
        if (records != null) {
            try {
                records.close();
            } catch (Exception e) {
                log.debug("the journal reader of '{}' did not close cleanly: {}", experienceId, e.toString());
            }
        }
    }

    private byte[] readObject(String object, long seq) throws IOException, InterruptedException {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            snapshots.get(object, out);
            return out.toByteArray();
        } catch (JetStreamApiException | NoSuchAlgorithmException e) {
            throw new IOException("record " + seq + " of '" + experienceId + "' could not be read from its object: "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            // gone under us: a previous owner's last fold purged the record and deleted its object
            throw new FencedException("record " + seq + " of '" + experienceId + "' was purged while it was read ("
                    + e.getMessage() + ")");
        }
    }

    private long lastSubjectSequence() throws IOException {
        try {
            return jsm.getLastMessage(Subjects.KB_JOURNAL_STREAM, subject).getSeq();
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == JetStreamErrors.NO_MESSAGE) {
                return 0;
            }
            throw new IOException("the journal of '" + experienceId + "' could not be read: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public void append(long seq, byte[] payload) throws IOException {
        Headers headers = new Headers().put(SEQ_HEADER, Long.toString(seq));
        String object = null;
        if (payload.length > maxRecordBytes) {
            object = storeObject(seq, payload);
            headers.put(OBJECT_HEADER, object);
            payload = new byte[0];
        }
        long streamSeq;
        try {
            streamSeq = publish(seq, headers, payload);
        } catch (JetStreamApiException | IllegalArgumentException e) {
            deleteQuietly(object); // refused, so never committed: nothing names it
            throw appendFailed(e);
        } catch (IOException e) {
            throw appendFailed(e); // no answer: the record may be stored, and then it needs its object
        }
        lastStreamSeq = streamSeq;
        streamSeqs.put(seq, streamSeq);
        if (object != null) {
            recordObjects.put(seq, object);
        }
    }

    /**
     * Publishes record {@code seq} fenced on {@link #lastStreamSeq}, sending it again (same message id, same
     * fence) while JetStream cannot take it, within the append window; returns its stream sequence.
     */
    private long publish(long seq, Headers headers, byte[] payload) throws IOException, JetStreamApiException {
        String messageId = writerId + "." + seq;
        long start = System.nanoTime();
        long deadline = start + settings.appendWindow().toNanos();
        long backoff = FIRST_RETRY_MILLIS;
        for (int attempt = 1; ; attempt++) {
            Duration wait = settings.appendWindow().isZero() ? settings.timeout() : attemptWait(deadline);
            PublishOptions fence = PublishOptions.builder().expectedStream(Subjects.KB_JOURNAL_STREAM)
                    .expectedLastSubjectSequence(lastStreamSeq).messageId(messageId).streamTimeout(wait).build();
            try {
                long stored = js.publish(subject, headers, payload, fence).getSeqno();
                if (attempt > 1) {
                    log.info("journal of '{}': record {} confirmed on attempt {}, {} ms after the first", experienceId, seq,
                            attempt, (System.nanoTime() - start) / 1_000_000);
                }
                return stored;
            } catch (JetStreamApiException e) {
                if (attempt > 1 && e.getApiErrorCode() == JetStreamErrors.WRONG_LAST_SEQUENCE) {
                    long ours = storedAs(messageId); // an earlier attempt of ours may be what moved the sequence
                    if (ours > 0) {
                        return ours;
                    }
                }
                throw e;
            } catch (IOException e) {
                long pause = Math.min(backoff, MAX_RETRY_MILLIS);
                if (stopRetrying || System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pause) - deadline >= 0) {
                    throw e;
                }
                if (attempt == 1) {
                    log.warn("journal of '{}': record {} not confirmed ({}); sending it again for up to {} ms", experienceId,
                            seq, e.getMessage(), settings.appendWindow().toMillis());
                }
                sleep(pause, e);
                backoff *= 2;
            }
        }
    }

    /** One attempt's wait within the window: at most {@link #MAX_ATTEMPT_WAIT} and the timeout, at least 100 ms. */
    private Duration attemptWait(long deadline) {
        long nanos = Math.min(deadline - System.nanoTime(), Math.min(settings.timeout().toNanos(), MAX_ATTEMPT_WAIT.toNanos()));
        return Duration.ofNanos(Math.max(nanos, TimeUnit.MILLISECONDS.toNanos(100)));
    }

    /** The stream sequence of this subject's last record if it carries {@code messageId}, else 0. */
    private long storedAs(String messageId) {
        try {
            MessageInfo last = jsm.getLastMessage(Subjects.KB_JOURNAL_STREAM, subject);
            Headers headers = last.getHeaders();
            return headers != null && messageId.equals(headers.getFirst(NatsJetStreamConstants.MSG_ID_HDR)) ? last.getSeq() : 0;
        } catch (IOException | JetStreamApiException e) {
            return 0; // unknown: the refusal stands (the engine stops; a reopen reads what was stored)
        }
    }

    private static void sleep(long millis, IOException cause) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw cause;
        }
    }

    /** JetStream's duplicate window for the journal stream: wider than an append may keep sending its record. */
    static Duration duplicateWindow(JetStreamJournals.Settings settings) {
        Duration window = settings.appendWindow().plus(settings.timeout()).multipliedBy(2);
        return window.compareTo(Duration.ofMinutes(2)) > 0 ? window : Duration.ofMinutes(2);
    }

    /** Stops an append that is sending its record again (the experience is closing): it gives up at its next look. */
    @Override
    public void stopWaiting() {
        stopRetrying = true;
    }

    private IOException appendFailed(Exception e) {
        if (e instanceof JetStreamApiException api) {
            if (api.getApiErrorCode() == JetStreamErrors.WRONG_LAST_SEQUENCE) {
                return new FencedException("another instance wrote the journal of '" + experienceId + "' after record "
                        + lastStreamSeq);
            }
            return new IOException("the journal refused the commit record: " + api.getErrorDescription(), e);
        }
        if (e instanceof IOException) {
            return new IOException("the journal did not confirm the commit record (" + e.getMessage() + ")", e);
        }
        // e.g. larger than the server's max_payload
        return new IOException("the commit record could not be sent to the journal: " + e.getMessage(), e);
    }

    private void deleteQuietly(String object) {
        if (object != null) {
            try {
                snapshots.delete(object);
            } catch (IOException | JetStreamApiException | RuntimeException e) {
                log.debug("object {} of a record not appended or purged was not deleted: {}", object, e.toString());
            }
        }
    }

    /** Object store chunks that fit the server's max payload (jnats' default is 128 KB). */
    private int chunkBytes() {
        return Math.min(128 * 1024, maxRecordBytes);
    }

    /** Object of backup {@code id}: beside the experience's snapshots, in the same object store. */
    private String backupObject(String id) {
        return snapshotKey + BACKUP_INFIX + id;
    }

    @Override
    public void keepBackup(String id, java.nio.file.Path backup) throws IOException {
        java.nio.file.Path zip = java.nio.file.Files.createTempFile("gaia-backup-", ".zip");
        try {
            try (java.io.OutputStream out = java.nio.file.Files.newOutputStream(zip)) {
                BackupArchive.zip(backup, out);
            }
            try (java.io.InputStream in = java.nio.file.Files.newInputStream(zip)) {
                snapshots.put(ObjectMeta.builder(backupObject(id)).description("backup " + id + " of " + experienceId)
                        .chunkSize(chunkBytes()).build(), in);
            }
            // after the object: an index entry always names a backup that is there
            index.put(backupKey(id), backupObject(id).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (JetStreamApiException | NoSuchAlgorithmException e) {
            throw new IOException("backup " + id + " of '" + experienceId + "' could not be stored: " + e.getMessage(), e);
        } finally {
            java.nio.file.Files.deleteIfExists(zip);
        }
    }

    @Override
    public boolean fetchBackup(String id, java.nio.file.Path into) throws IOException {
        try {
            io.nats.client.api.ObjectInfo info = snapshots.getInfo(backupObject(id));
            if (info == null || info.isDeleted()) {
                return false;
            }
            if (info.getSize() > MAX_BACKUP_BYTES) {
                throw new IOException("backup " + id + " of '" + experienceId + "' is larger than " + MAX_BACKUP_BYTES
                        + " bytes");
            }
            java.nio.file.Path zip = java.nio.file.Files.createTempFile("gaia-backup-", ".zip");
            try {
                try (java.io.OutputStream out = java.nio.file.Files.newOutputStream(zip)) {
                    snapshots.get(backupObject(id), out);
                }
                try (java.io.InputStream in = java.nio.file.Files.newInputStream(zip)) {
                    BackupArchive.unzip(in, into, 4 * MAX_BACKUP_BYTES);
                }
            } finally {
                java.nio.file.Files.deleteIfExists(zip);
            }
            return true;
        } catch (JetStreamApiException | NoSuchAlgorithmException e) {
            throw new IOException("backup " + id + " of '" + experienceId + "' could not be read: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading backup " + id, e);
        }
    }

    @Override
    public boolean keepsBackup(String id) throws IOException {
        try {
            io.nats.client.api.ObjectInfo info = snapshots.getInfo(backupObject(id));
            return info != null && !info.isDeleted();
        } catch (JetStreamApiException e) {
            throw new IOException("backup " + id + " of '" + experienceId + "' could not be looked up: " + e.getMessage(), e);
        }
    }

    @Override
    public void forgetBackup(String id) throws IOException {
        try {
            index.delete(backupKey(id)); // first: an index entry always names a backup that is there
            io.nats.client.api.ObjectInfo info = snapshots.getInfo(backupObject(id));
            if (info != null && !info.isDeleted()) {
                snapshots.delete(backupObject(id));
            }
        } catch (JetStreamApiException e) {
            throw new IOException("backup " + id + " of '" + experienceId + "' could not be deleted: " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> keptBackups() throws IOException {
        String prefix = backupKey("");
        try {
            indexEarlierBackups();
            return index.keys(prefix + ">").stream().map(key -> key.substring(prefix.length()))
                    .sorted(io.gaia.kb.world.BackupRetention.OLDEST_FIRST).toList();
        } catch (JetStreamApiException e) {
            throw new IOException("the backups of '" + experienceId + "' could not be listed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while listing backups", e);
        }
    }

    private String backupKey(String id) {
        return BACKUP_KEYS + snapshotKey + "." + id;
    }

    /**
     * Once per experience: the backups kept before the index existed (found by listing the whole object
     * store, this once) are put in the index, then a key says so.
     */
    private void indexEarlierBackups() throws IOException, JetStreamApiException, InterruptedException {
        if (earlierBackupsIndexed) {
            return;
        }
        String done = BACKUPS_INDEXED + snapshotKey;
        KeyValueEntry marker = index.get(done);
        if (marker != null && marker.getValue() != null) {
            earlierBackupsIndexed = true;
            return;
        }
        String prefix = snapshotKey + BACKUP_INFIX;
        for (io.nats.client.api.ObjectInfo info : snapshots.getList()) {
            String name = info.getObjectName();
            if (!info.isDeleted() && name.startsWith(prefix)) {
                index.put(backupKey(name.substring(prefix.length())), name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        index.put(done, "1".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        earlierBackupsIndexed = true;
    }

    /** Stores a record too big for one message; the append that names it is what commits it. */
    private String storeObject(long seq, byte[] payload) throws IOException {
        String object = snapshotKey + ".record." + seq + "." + Long.toHexString(System.nanoTime());
        try {
            snapshots.put(ObjectMeta.builder(object).description("commit record " + seq + " of " + experienceId)
                    .chunkSize(chunkBytes()).build(), new ByteArrayInputStream(payload));
            return object;
        } catch (JetStreamApiException | NoSuchAlgorithmException e) {
            throw new IOException("the journal refused the commit record (" + payload.length + " bytes): "
                    + e.getMessage(), e);
        }
    }

    /** Stores a snapshot when one is due, then purges the records it covers (keeping a margin). Never throws. */
    @Override
    public void folded(long seq, SnapshotSource source) {
        if (System.nanoTime() - lastSnapshotNanos < settings.snapshotInterval().toNanos()) {
            return;
        }
        try {
            storeSnapshot(seq, source.state());
            lastSnapshotNanos = System.nanoTime();
            purgeUpTo(seq - settings.purgeMargin());
        } catch (IOException | JetStreamApiException | NoSuchAlgorithmException | RuntimeException e) {
            log.warn("snapshot of '{}' at record {} not stored (retried at the next fold): {}", experienceId, seq,
                    e.toString());
        }
    }

    /** Stores a snapshot now (tests and the first fold after a rebuild). */
    void storeSnapshot(long seq, byte[] state) throws IOException, JetStreamApiException, NoSuchAlgorithmException {
        String object = snapshotKey + "." + seq + "." + Long.toHexString(System.nanoTime());
        snapshots.put(ObjectMeta.builder(object).description("kb-service state of " + experienceId + " at record " + seq)
                .chunkSize(chunkBytes()).build(), new ByteArrayInputStream(state));
        byte[] pointer = mapper.writeValueAsBytes(Map.of("object", object, "seq", seq));
        try {
            indexRevision = indexRevision == 0 ? index.create(snapshotKey, pointer)
                    : index.update(snapshotKey, pointer, indexRevision);
        } catch (JetStreamApiException e) {
            snapshots.delete(object);
            if (e.getApiErrorCode() == JetStreamErrors.WRONG_LAST_SEQUENCE) {
                refreshIndexRevision(seq);
                throw new IOException("the snapshot index of '" + experienceId + "' changed meanwhile", e);
            }
            throw e;
        }
        String previous = snapshotObject;
        snapshotObject = object;
        if (previous != null) {
            snapshots.delete(previous);
        }
    }

    /**
     * After a lost compare-and-set: adopt the index's revision only if its snapshot is older than
     * ours (a previous owner's last snapshot); a newer one means this writer is deposed.
     */
    private void refreshIndexRevision(long seq) throws IOException, JetStreamApiException {
        KeyValueEntry entry = index.get(snapshotKey);
        if (entry != null && entry.getValue() != null && mapper.readTree(entry.getValue()).path("seq").asLong() < seq) {
            indexRevision = entry.getRevision();
            snapshotObject = mapper.readTree(entry.getValue()).path("object").asString();
        }
    }

    private void purgeUpTo(long seq) throws IOException, JetStreamApiException {
        Map.Entry<Long, Long> floor = streamSeqs.floorEntry(seq);
        if (floor == null) {
            return;
        }
        // purges the subject's records with a stream sequence below the given one
        jsm.purgeStream(Subjects.KB_JOURNAL_STREAM, PurgeOptions.builder().subject(subject).sequence(floor.getValue() + 1)
                .build());
        streamSeqs.headMap(floor.getKey(), true).clear();
        Map<Long, String> purged = recordObjects.headMap(floor.getKey(), true);
        List.copyOf(purged.values()).forEach(this::deleteQuietly);
        purged.clear();
    }

    @Override
    public void close() {
    }
}
