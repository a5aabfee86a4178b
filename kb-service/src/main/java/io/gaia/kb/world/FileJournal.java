package io.gaia.kb.world;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** The journal in local fdatasync'd segment files ({@link CommitLog}); the state folder is its snapshot. */
public final class FileJournal implements Journal {

    private final Path dir;
    private final long segmentBytes;
    /** Replaced on the writer thread (recovered, close) while the fold thread may prepare a segment: see {@link #prepare}. */
    private volatile CommitLog log;

    public FileJournal(Path dir, long segmentBytes) {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
    }

    @Override
    public Optional<Snapshot> latestSnapshot(long newerThan) {
        return Optional.empty();
    }

    /** Replays the local log (it holds only records not yet folded, and a few already folded), then starts an empty one. */
    @Override
    public void replayAfter(long after, RecordVisitor visitor) throws IOException {
        CommitLog.replay(dir, e -> visitor.accept(new Entry(e.seq(), e.payload())));
    }

    /** Starts a fresh log (the replayed records are in the document files now). */
    @Override
    public synchronized void recovered() throws IOException {
        close();
        log = CommitLog.openEmpty(dir, segmentBytes);
    }

    @Override
    public boolean shared() {
        return false;
    }

    @Override
    public void append(long seq, byte[] payload) throws IOException {
        log.append(seq, payload);
    }

    @Override
    public void folded(long seq, SnapshotSource snapshot) throws IOException {
        log.release(seq);
    }

    /**
     * Fold thread, outside the store's lock: a restore or an archive may close the log meanwhile (its folder
     * moves into a backup). Under this journal's lock, a closed log gets no spare and a reopened one does.
     */
    @Override
    public synchronized void prepare() throws IOException {
        if (log != null) {
            log.prepareSpare();
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (log != null) {
            log.close();
            log = null;
        }
    }
}
