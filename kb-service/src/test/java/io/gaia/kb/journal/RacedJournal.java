package io.gaia.kb.journal;

import io.gaia.kb.world.Journal;
import java.io.IOException;

/**
 * A real journal with something else happening between a new owner's read of the snapshot and its
 * read of the records: the window in which a previous owner's last fold can snapshot and purge.
 */
final class RacedJournal extends ForwardingJournal {

    /** What happens in the window (it may throw, like the previous owner's fold). */
    interface Meanwhile {
        void run() throws IOException;
    }

    private final Meanwhile meanwhile;

    RacedJournal(Journal real, Meanwhile meanwhile) {
        super(real);
        this.meanwhile = meanwhile;
    }

    @Override
    public void replayAfter(long after, RecordVisitor visitor) throws IOException {
        meanwhile.run();
        real.replayAfter(after, visitor);
    }
}
