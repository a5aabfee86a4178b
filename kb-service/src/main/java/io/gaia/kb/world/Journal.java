package io.gaia.kb.world;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Where an experience's commit records go before a batch is acknowledged: the seam between the
 * single writer ({@link StateStore}) and a durable log. {@link FileJournal} keeps them in local
 * fdatasync'd segments; {@code io.gaia.kb.journal.JetStreamJournal} in a replicated JetStream
 * stream, fenced so that a deposed writer can never append.
 *
 * <p>Order of use: {@link #latestSnapshot(long)}, {@link #replayAfter}, then {@link #append} (writer
 * thread) and {@link #folded} (fold thread), {@link #close}.
 */
public interface Journal extends AutoCloseable {

    /** One record read back: its logical sequence (the store's) and payload. */
    record Entry(long seq, byte[] payload) {
    }

    /** The newest stored snapshot of the whole state (see {@link StateStore} for its format). */
    record Snapshot(long seq, byte[] state) {
    }

    /** A newer writer appended to this journal: this one is deposed and must stop acknowledging. */
    final class FencedException extends IOException {
        public FencedException(String message) {
            super(message);
        }
    }

    /**
     * The newest snapshot this journal keeps, if it covers more than record {@code newerThan} (the state
     * folder's); else empty, without fetching it. A local journal keeps none: the state folder is its snapshot.
     */
    Optional<Snapshot> latestSnapshot(long newerThan) throws IOException;

    /** Receives the records {@link #replayAfter} reads back, one at a time. */
    @FunctionalInterface
    interface RecordVisitor {
        void accept(Entry entry) throws IOException;
    }

    /**
     * Hands every record after logical sequence {@code after} to {@code visitor}, in order and one at a
     * time (a long tail of records that each hold a big world is never held whole), and makes the journal
     * ready to {@link #append} after the last of them. May hand over records at or below {@code after} too
     * (they hold whole documents, so replaying them again is harmless). What the visitor throws ends the
     * reading and is thrown as it is.
     */
    void replayAfter(long after, RecordVisitor visitor) throws IOException;

    /** The records {@link #replayAfter} handed over are in the document files now: start appending. */
    default void recovered() throws IOException {
    }

    /** True when a new writer must append a record at once to fence out a previous one (a shared journal). */
    boolean shared();

    /**
     * Appends one record; returns only once it is durable (local disk, or JetStream's quorum).
     * Throws {@link FencedException} when another writer appended since this one last did.
     */
    void append(long seq, byte[] payload) throws IOException;

    /**
     * The state up to {@code seq} is in the document files now: the journal may drop what that
     * covers. {@code snapshot} produces the whole state at {@code seq}, for journals that keep
     * snapshots (called only when one is due). Fold thread.
     */
    void folded(long seq, SnapshotSource snapshot) throws IOException;

    /**
     * Keeps finished backup {@code id} (a state folder, never changed again) where every instance can read it,
     * so a restore works on whichever instance owns the experience later. A local journal keeps nothing more:
     * the backup stays in this instance's state folder only. Any thread.
     */
    default void keepBackup(String id, java.nio.file.Path backup) throws IOException {
    }

    /** Fetches backup {@code id} into the new folder {@code into} when this journal keeps it; false when it does not. */
    default boolean fetchBackup(String id, java.nio.file.Path into) throws IOException {
        return false;
    }

    /** Whether this journal keeps backup {@code id} (one lookup, not a listing). */
    default boolean keepsBackup(String id) throws IOException {
        return false;
    }

    /** Deletes this journal's copy of backup {@code id} (index entry first, then the backup); nothing when it keeps none. */
    default void forgetBackup(String id) throws IOException {
    }

    /** The ids of the backups this journal keeps (see {@link #keepBackup}). */
    default List<String> keptBackups() throws IOException {
        return List.of();
    }

    /**
     * The experience is closing: an append waiting for its record to be confirmed (sending it again
     * while the journal cannot take it) gives up at its next look. Any thread.
     */
    default void stopWaiting() {
    }

    /** Background preparation between folds (e.g. allocating a segment). Fold thread. */
    default void prepare() throws IOException {
    }

    @Override
    void close() throws IOException;

    /** Produces a snapshot's bytes on demand. */
    @FunctionalInterface
    interface SnapshotSource {
        byte[] state() throws IOException;
    }

    /** Opens the journal of one experience whose state folder is {@code dir}. */
    @FunctionalInterface
    interface Factory {
        Journal open(String experienceId, java.nio.file.Path dir) throws IOException;

        /** Local segments in {@code <dir>/commits/}: the default, and what unit tests use. */
        static Factory file(long segmentBytes) {
            return (experienceId, dir) -> new FileJournal(dir.resolve(StateStore.COMMITS_DIR), segmentBytes);
        }
    }
}
