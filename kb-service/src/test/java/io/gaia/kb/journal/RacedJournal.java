package io.gaia.kb.journal;

import io.gaia.kb.world.Journal;
import java.io.IOException;
import java.util.List;

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
    public List<Entry> recordsAfter(long after) throws IOException {
        meanwhile.run();
        return real.recordsAfter(after);
    }
}
