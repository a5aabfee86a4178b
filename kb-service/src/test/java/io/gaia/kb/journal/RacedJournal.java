package io.gaia.kb.journal;

import io.gaia.kb.world.Journal;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * A real journal with something else happening between a new owner's read of the snapshot and its
 * read of the records: the window in which a previous owner's last fold can snapshot and purge.
 */
final class RacedJournal implements Journal {

    /** What happens in the window (it may throw, like the previous owner's fold). */
    interface Meanwhile {
        void run() throws IOException;
    }

    private final Journal real;
    private final Meanwhile meanwhile;

    RacedJournal(Journal real, Meanwhile meanwhile) {
        this.real = real;
        this.meanwhile = meanwhile;
    }

    @Override
    public Optional<Snapshot> latestSnapshot(long newerThan) throws IOException {
        return real.latestSnapshot(newerThan);
    }

    @Override
    public List<Entry> recordsAfter(long after) throws IOException {
        meanwhile.run();
        return real.recordsAfter(after);
    }

    @Override
    public void recovered() throws IOException {
        real.recovered();
    }

    @Override
    public boolean shared() {
        return real.shared();
    }

    @Override
    public void append(long seq, byte[] payload) throws IOException {
        real.append(seq, payload);
    }

    @Override
    public void folded(long seq, SnapshotSource snapshot) throws IOException {
        real.folded(seq, snapshot);
    }

    @Override
    public void prepare() throws IOException {
        real.prepare();
    }

    @Override
    public void close() throws IOException {
        real.close();
    }
}
