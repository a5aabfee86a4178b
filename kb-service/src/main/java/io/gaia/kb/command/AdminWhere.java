package io.gaia.kb.command;

import io.gaia.events.ErrorCodes;
import io.gaia.kb.state.PlayerState;
import io.gaia.kb.world.Tx;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code @where [user_id]}: where a player (yourself by default) is, with their versions. Admin only. */
public final class AdminWhere implements Command {

    public static final CommandSpec SPEC = CommandSpec.admin("@where",
            "Show where a player is (yourself when no user_id is given).",
            Param.text("user_id", false, "The player to locate"));

    @Override
    public CommandResult execute(CommandContext context) {
        Tx tx = context.tx();
        String userId = context.params().has("user_id") ? context.params().text("user_id") : tx.actorId();
        PlayerState player = userId.equals(tx.actorId()) ? tx.player() : tx.existingPlayer(userId).orElseThrow(() ->
                new GameError(ErrorCodes.NOT_FOUND, "No player '" + userId + "' in " + tx.experienceId() + "."));
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("user_id", userId);
        metadata.put("zone_id", player.currentLocation);
        metadata.put("area_id", player.currentArea);
        metadata.put("inventory", player.inventory.stream().map(i -> i.instanceId).toList());
        metadata.put("player_version", player.metadata.version);
        // the version of the chain the player holds (their zone's, in a shared world), as their snapshots say
        metadata.put("world_version", tx.worldVersionHeldBy(userId, player.currentLocation, player.currentArea));
        metadata.put("zones", tx.worldOf(userId).locations.keySet());
        return CommandResult.of(userId + " is in " + player.currentArea + " of " + player.currentLocation + ".", metadata);
    }
}
