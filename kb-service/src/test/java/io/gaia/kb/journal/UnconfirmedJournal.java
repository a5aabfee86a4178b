package io.gaia.kb.journal;

import io.gaia.kb.world.Journal;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A real journal whose next append, once asked, is stored but never confirmed: the record reaches
 * JetStream and the writer hears nothing back, as when the PubAck is lost to a NATS node dying or a
 * timeout during a leader election.
 */
final class UnconfirmedJournal implements Journal {

    private final Journal real;
    private final AtomicBoolean loseTheNextConfirmation;

    UnconfirmedJournal(Journal real, AtomicBoolean loseTheNextConfirmation) {
        this.real = real;
        this.loseTheNextConfirmation = loseTheNextConfirmation;
    }

    @Override
    public void append(long seq, byte[] payload) throws IOException {
        real.append(seq, payload);
        if (loseTheNextConfirmation.getAndSet(false)) {
            throw new IOException("the journal did not confirm the commit record (timed out waiting for the PubAck)");
        }
    }

    @Override
    public Optional<Snapshot> latestSnapshot(long newerThan) throws IOException {
        return real.latestSnapshot(newerThan);
    }

    @Override
    public List<Entry> recordsAfter(long after) throws IOException {
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
