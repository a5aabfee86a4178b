package io.gaia.kb.command;

import io.gaia.events.ErrorCodes;
import io.gaia.kb.world.Resets;
import io.gaia.kb.world.Tx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code @reset experience|world|player <user_id> [CONFIRM]}. Without {@code CONFIRM} nothing
 * changes: the answer is a refusal ({@code confirmation_required}) carrying a preview and the
 * exact line to send. With it: a backup (named by id), then the reset ({@link Resets} says what
 * each scope does, items included). Experience and world resets start a new epoch; a player
 * reset is a normal change with deltas. Admin only.
 */
public final class AdminReset implements Command {

    public static final String CONFIRM = "CONFIRM";

    public static final CommandSpec SPEC = CommandSpec.admin("@reset",
            "Reset the experience (world and players), the world only, or one player. Without CONFIRM: what would change.",
            Param.oneOf("scope", true, "What to reset", "experience", "world", "player"),
            Param.text("user_id", false, "The player to reset (scope player)"),
            Param.oneOf("confirm", false, "CONFIRM to really reset; absent for a preview", CONFIRM));

    @Override
    public CommandResult execute(CommandContext context) {
        Tx tx = context.tx();
        String scope = context.params().text("scope");
        String userId = player(tx, scope, context.params().text("user_id"));
        Resets.Preview preview = Resets.preview(tx, scope, userId);
        String what = describe(scope, userId, preview, tx.experienceId());
        if (!context.params().has("confirm")) {
            String line = "@reset " + scope + (userId != null ? " " + userId : "") + " " + CONFIRM;
            throw Confirmation.required("This would reset " + what + ". Send '" + line + "' to do it.", line,
                    previewOf(scope, preview));
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("scope", scope);
        metadata.put("players", preview.players());
        try {
            switch (scope) {
                case "experience" -> {
                    String backupId = Backups.newId(tx, "reset");
                    Resets.experience(tx, backupId);
                    metadata.put("backup_id", backupId);
                }
                case "world" -> {
                    String backupId = Backups.newId(tx, "reset");
                    metadata.put("items_returned", Resets.world(tx, backupId));
                    metadata.put("backup_id", backupId);
                }
                default -> metadata.put("items_returned", Resets.player(tx, userId));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reset failed", e);
        }
        return CommandResult.of("Reset " + what + ".", metadata);
    }

    private static String describe(String scope, String userId, Resets.Preview preview, String experience) {
        return switch (scope) {
            case "experience" -> "the world and " + preview.players() + " player(s) of " + experience;
            case "world" -> "the world of " + experience + " (" + preview.itemsReturned()
                    + " carried item(s) go back to it)";
            default -> "player '" + userId + "' of " + experience + " (" + preview.itemsReturned()
                    + " carried item(s) go back to the world)";
        };
    }

    private static Map<String, Object> previewOf(String scope, Resets.Preview preview) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("scope", scope);
        out.put("players", preview.players());
        out.put("world", !scope.equals("player"));
        out.put("items_returned", preview.itemsReturned());
        out.put("new_epoch", !scope.equals("player"));
        out.put("backup", !scope.equals("player"));
        return out;
    }

    private static String player(Tx tx, String scope, String userId) {
        if (!scope.equals("player")) {
            return null;
        }
        if (userId == null) {
            throw new GameError(ErrorCodes.MISSING_FIELD, "missing required field 'user_id' for scope player");
        }
        if (tx.existingPlayer(userId).isEmpty()) {
            throw new GameError(ErrorCodes.NOT_FOUND, "No player '" + userId + "' in " + tx.experienceId() + ".");
        }
        return userId;
    }
}
