package io.gaia.kb.journal;

import io.gaia.kb.world.Journal;
import java.io.IOException;
import java.util.Optional;

/** A real journal with one step overridden by a test: everything else goes to it unchanged. */
abstract class ForwardingJournal implements Journal {

    protected final Journal real;

    ForwardingJournal(Journal real) {
        this.real = real;
    }

    @Override
    public Optional<Snapshot> latestSnapshot(long newerThan) throws IOException {
        return real.latestSnapshot(newerThan);
    }

    @Override
    public void replayAfter(long after, RecordVisitor visitor) throws IOException {
        real.replayAfter(after, visitor);
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
    public void stopWaiting() {
        real.stopWaiting();
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
