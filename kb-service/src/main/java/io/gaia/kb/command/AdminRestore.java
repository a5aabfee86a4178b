package io.gaia.kb.command;

import io.gaia.events.ErrorCodes;
import io.gaia.kb.world.Resets;
import io.gaia.kb.world.Tx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code @restore [<backup_id>] [CONFIRM]}: without an id, the backups there are (newest last).
 * With an id but without {@code CONFIRM}: {@code confirmation_required} and what would change.
 * With both: the current state is backed up (id in {@code metadata.backup_id}), the backup becomes
 * the state, a new epoch starts and every client resyncs. Admin only.
 */
public final class AdminRestore implements Command {

    /** The longest list of backup ids an answer carries (newest kept). */
    static final int MAX_LISTED = 50;

    public static final CommandSpec SPEC = CommandSpec.admin("@restore",
            "Restore the experience's state from a backup (by id, as @reset answered it). Without an id: the backups.",
            Param.text("backup_id", false, "The backup to restore, e.g. reset-1764600000000"),
            Param.oneOf("confirm", false, "CONFIRM to really restore; absent for a preview", AdminReset.CONFIRM));

    @Override
    public CommandResult execute(CommandContext context) {
        Tx tx = context.tx();
        String backupId = context.params().text("backup_id");
        if (backupId == null) {
            List<String> all = tx.backups();
            List<String> listed = all.subList(Math.max(0, all.size() - MAX_LISTED), all.size());
            return CommandResult.of(all.isEmpty() ? "No backups of " + tx.experienceId() + "."
                    : all.size() + " backup(s) of " + tx.experienceId() + "; send '@restore <backup_id>' to restore one.",
                    Map.of("backups", listed, "total", all.size()));
        }
        if (!tx.hasBackup(backupId)) {
            throw new GameError(ErrorCodes.NOT_FOUND, "No backup '" + shorten(backupId) + "' of " + tx.experienceId()
                    + ". Send '@restore' to list them.");
        }
        if (!context.params().has("confirm")) {
            String line = "@restore " + backupId + " " + AdminReset.CONFIRM;
            Map<String, Object> preview = new LinkedHashMap<>();
            preview.put("backup_id", backupId);
            preview.put("players_now", tx.playerIds().size());
            preview.put("new_epoch", true);
            preview.put("backup", true);
            throw Confirmation.required("This would replace the whole state of " + tx.experienceId()
                    + " (world and players) with backup '" + backupId + "'. Send '" + line + "' to do it.", line, preview);
        }
        String archiveId = Backups.newId(tx, "pre-restore");
        try {
            Resets.restore(tx, backupId, archiveId);
        } catch (IOException e) {
            throw new UncheckedIOException("restore failed", e);
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("restored", backupId);
        metadata.put("backup_id", archiveId);
        return CommandResult.of("Restored " + tx.experienceId() + " from backup '" + backupId + "'.", metadata);
    }

    private static String shorten(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }
}
