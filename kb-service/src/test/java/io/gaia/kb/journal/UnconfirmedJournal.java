package io.gaia.kb.journal;

import io.gaia.kb.world.Journal;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A real journal whose next append, once asked, is stored but never confirmed: the record reaches
 * JetStream and the writer hears nothing back, as when the PubAck is lost to a NATS node dying or a
 * timeout during a leader election.
 */
final class UnconfirmedJournal extends ForwardingJournal {

    private final AtomicBoolean loseTheNextConfirmation;

    UnconfirmedJournal(Journal real, AtomicBoolean loseTheNextConfirmation) {
        super(real);
        this.loseTheNextConfirmation = loseTheNextConfirmation;
    }

    @Override
    public void append(long seq, byte[] payload) throws IOException {
        real.append(seq, payload);
        if (loseTheNextConfirmation.getAndSet(false)) {
            throw new IOException("the journal did not confirm the commit record (timed out waiting for the PubAck)");
        }
    }
}
