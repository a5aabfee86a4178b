package io.gaia.kb.command;

import io.gaia.events.ErrorCodes;
import io.gaia.kb.experience.StateModel;
import io.gaia.kb.experience.WorldTemplates;
import io.gaia.kb.state.PlayerState;
import io.gaia.kb.state.WorldState;
import io.gaia.kb.world.Tx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code @reset experience|world|player <user_id> [CONFIRM]}: without {@code CONFIRM}, a preview of
 * what would be reset; with it, a backup of the state folder, then fresh world and/or players
 * from the content. Versions keep counting up; each reset document gets a delta with
 * {@code reset: true} telling clients to resync. Admin only.
 */
public final class AdminReset implements Command {

    public static final String CONFIRM = "CONFIRM";

    public static final CommandSpec SPEC = CommandSpec.admin("@reset",
            "Reset the experience (world and players), the world only, or one player. Preview first, then add CONFIRM.",
            Param.oneOf("scope", true, "What to reset", "experience", "world", "player"),
            Param.text("user_id", false, "The player to reset (scope player)"),
            Param.oneOf("confirm", false, "CONFIRM to really reset; absent for a preview", CONFIRM));

    @Override
    public CommandResult execute(CommandContext context) {
        Tx tx = context.tx();
        String scope = context.params().text("scope");
        List<String> players = players(tx, scope, context.params().text("user_id"));
        boolean world = !scope.equals("player");
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("scope", scope);
        metadata.put("players", players.size());
        metadata.put("world", world);
        if (!context.params().has("confirm")) {
            metadata.put("preview", true);
            String line = "@reset " + scope + (scope.equals("player") ? " " + players.get(0) : "") + " " + CONFIRM;
            metadata.put("confirm_with", line);
            return CommandResult.of("This would reset " + (world ? "the world and " : "") + players.size()
                    + " player(s) of " + tx.experienceId() + ". Send '" + line + "' to do it.", metadata);
        }
        metadata.put("preview", false);
        metadata.put("backup", backup(tx).toString());
        if (world) {
            resetWorlds(tx);
        }
        for (String userId : players) {
            PlayerState current = tx.existingPlayer(userId).orElseThrow();
            tx.replacePlayer(current, WorldTemplates.newPlayer(tx.content(), userId, tx.now()));
        }
        return CommandResult.of("Reset " + (world ? "the world and " : "") + players.size() + " player(s) of "
                + tx.experienceId() + ".", metadata);
    }

    private static List<String> players(Tx tx, String scope, String userId) {
        if (scope.equals("world")) {
            return List.of();
        }
        if (!scope.equals("player")) {
            return tx.playerIds();
        }
        if (userId == null) {
            throw new GameError(ErrorCodes.MISSING_FIELD, "missing required field 'user_id' for scope player");
        }
        if (tx.existingPlayer(userId).isEmpty()) {
            throw new GameError(ErrorCodes.NOT_FOUND, "No player '" + userId + "' in " + tx.experienceId() + ".");
        }
        return List.of(userId);
    }

    private static void resetWorlds(Tx tx) {
        if (tx.model() == StateModel.SHARED) {
            WorldState current = tx.world();
            tx.replaceWorld(current, WorldTemplates.copy(tx.content(), tx.mapper()));
            return;
        }
        for (String userId : tx.playerIds()) {
            WorldState current = tx.worldOf(userId);
            tx.replaceWorld(current, WorldTemplates.copy(tx.content(), tx.mapper()));
        }
    }

    private static Path backup(Tx tx) {
        try {
            return tx.backup("reset-" + tx.now());
        } catch (IOException e) {
            throw new UncheckedIOException("backup before reset failed; nothing was reset", e);
        }
    }
}
