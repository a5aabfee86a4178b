package io.gaia.kb.command;

import io.gaia.kb.world.Tx;

/** Backup ids: {@code <kind>-<epoch millis>}, with a counter when that one is taken. Never a path. */
final class Backups {

    private Backups() {
    }

    static String newId(Tx tx, String kind) {
        String base = kind + "-" + tx.now();
        String id = base;
        for (int i = 2; tx.backupIdTaken(id); i++) {
            id = base + "-" + i;
        }
        return id;
    }
}
