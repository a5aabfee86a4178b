package io.gaia.kb.command;

import io.gaia.events.ErrorCodes;
import io.gaia.kb.state.PlayerState;
import io.gaia.kb.world.SpotRef;
import io.gaia.kb.world.Tx;
import io.gaia.kb.world.WorldQueries;
import java.util.List;

/**
 * {@code @spawn <template> [spot_id]}: a new item from a template right where the admin stands: in a spot
 * of their area (the first one unless named). For a play-tester walking the place; {@code @create} places
 * an item anywhere. Admin only.
 */
public final class AdminSpawn implements Command {

    public static final CommandSpec SPEC = CommandSpec.admin("@spawn",
            "Create an item from a template in the area you stand in: @spawn <template> [spot_id].",
            Param.id("template", "The item template, e.g. glowing_mushroom"),
            Param.optionalId("spot_id", "A spot of your area (default: its first spot)"));

    @Override
    public CommandResult execute(CommandContext context) {
        Tx tx = context.tx();
        PlayerState admin = tx.player();
        List<SpotRef> spots = WorldQueries.spotsIn(tx.world(), admin.currentLocation, admin.currentArea);
        String spotId = context.params().text("spot_id");
        SpotRef at = spots.stream().filter(s -> spotId == null || s.spotId().equals(spotId)).findFirst()
                .orElseThrow(() -> new GameError(ErrorCodes.NOT_FOUND, spotId == null
                        ? "The area you are in has no spot to put an item in."
                        : "There is no spot '" + spotId + "' in the area you are in."));
        return AdminCreate.create(tx, context.params().text("template"), at, "@spawn");
    }
}
