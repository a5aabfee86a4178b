package io.gaia.kb.world;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backups beyond this instance's disk. With a shared journal (JetStream) every finished backup is also
 * stored there ({@link Journal#keepBackup}), in the background, so the owner that takes over after this
 * one (another machine, an empty state folder) lists and restores it like its own: it is fetched into its
 * {@code backups/} folder on first use. A backup stored there has a {@code backups/<id>.kept} marker; one
 * without it (a crash or a NATS outage since it was made) is stored when this instance next opens the
 * experience. A local journal keeps backups in the state folder only, as before.
 */
final class KeptBackups {

    private static final Logger log = LoggerFactory.getLogger(KeptBackups.class);
    static final String KEPT_SUFFIX = ".kept";
    private static final String FETCHING_SUFFIX = ".fetching";
    /** One thread for every experience's backups: an admin action's aftermath, never on a request path. */
    private static final ExecutorService KEEPER = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "backup-keeper");
        thread.setDaemon(true);
        return thread;
    });

    private final Journal journal;
    private final Path backups;

    KeptBackups(Journal journal, Path backups) {
        this.journal = journal;
        this.backups = backups;
    }

    /** Stores finished backup {@code id} in the shared journal, in the background. */
    void keep(String id) {
        if (!journal.shared()) {
            return;
        }
        KEEPER.execute(() -> {
            try {
                journal.keepBackup(id, backups.resolve(id));
                Files.writeString(backups.resolve(id + KEPT_SUFFIX), "");
            } catch (IOException | RuntimeException e) {
                log.warn("backup {} is in this instance's state folder only for now (stored again when it next opens "
                        + "the experience): {}", id, e.getMessage());
            }
        });
    }

    /** Runs {@code task} on the backup thread, after every backup queued before it was stored; a failure is logged as {@code failed}. */
    void later(String failed, IoTask task) {
        KEEPER.execute(() -> {
            try {
                task.run();
            } catch (IOException | RuntimeException e) {
                log.warn("{}: {}", failed, e.getMessage());
            }
        });
    }

    /** Work on the backup thread. */
    interface IoTask {
        void run() throws IOException;
    }

    /** Deletes the shared journal's copy of backup {@code id} (nothing with a local journal); failures are logged. */
    void forget(String id) {
        if (!journal.shared()) {
            return;
        }
        try {
            journal.forgetBackup(id);
        } catch (IOException | RuntimeException e) {
            log.warn("backup {} could not be deleted from the journal: {}", id, e.getMessage());
        }
    }

    /** Stores those of the finished backups {@code here} that are not stored in the shared journal yet. */
    void keepUnkept(List<String> here) {
        for (String id : here) {
            if (!Files.exists(backups.resolve(id + KEPT_SUFFIX))) {
                keep(id);
            }
        }
    }

    /** Fetches backup {@code id}, kept by the shared journal, into {@code backups/<id>}; false when it keeps none. */
    boolean fetch(String id) throws IOException {
        if (!journal.shared()) {
            return false;
        }
        Path fetching = backups.resolve(id + FETCHING_SUFFIX);
        Folders.deleteTree(fetching);
        if (!journal.fetchBackup(id, fetching)) {
            Folders.deleteTree(fetching);
            return false;
        }
        Files.move(fetching, backups.resolve(id), StandardCopyOption.ATOMIC_MOVE);
        Files.writeString(backups.resolve(id + KEPT_SUFFIX), "");
        return true;
    }

    /** Whether the shared journal keeps backup {@code id} (one lookup; false with a local journal, or when it cannot answer). */
    boolean keptElsewhere(String id) {
        if (!journal.shared()) {
            return false;
        }
        try {
            return journal.keepsBackup(id);
        } catch (IOException e) {
            log.warn("the journal could not say whether it keeps backup {}: {}", id, e.getMessage());
            return false;
        }
    }

    /** The ids of the backups the shared journal keeps (none with a local one; none, logged, when it cannot answer). */
    List<String> elsewhere() {
        if (!journal.shared()) {
            return List.of();
        }
        try {
            return journal.keptBackups();
        } catch (IOException e) {
            log.warn("the backups kept in the journal could not be listed; only this instance's are: {}", e.getMessage());
            return List.of();
        }
    }
}
