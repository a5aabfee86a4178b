package io.gaia.kb.command;

import io.gaia.events.ErrorCodes;
import io.gaia.kb.state.Item;
import io.gaia.kb.state.PlayerState;
import io.gaia.kb.state.WorldState;
import io.gaia.kb.world.SpotRef;
import io.gaia.kb.world.Tx;
import io.gaia.kb.world.WorldQueries;
import java.util.List;
import java.util.Map;

/** {@code drop_item {instance_id, spot_id?}}: put an item from your inventory into a spot of your area (the first by default). */
public final class DropItem implements Command {

    public static final CommandSpec SPEC = CommandSpec.player("drop_item",
            "Put an item from your inventory down in your current area.",
            Param.id("instance_id", "The item to put down"),
            Param.optionalId("spot_id", "Where in the area to put it; the area's first spot when absent"));

    @Override
    public CommandResult execute(CommandContext context) {
        Tx tx = context.tx();
        PlayerState player = tx.player();
        WorldState world = tx.world();
        Item item = Lookups.inInventory(player, context.params().text("instance_id"));
        SpotRef spot = target(world, player, context.params().text("spot_id"));
        tx.removeFromInventory(player, item);
        tx.addToSpot(world, spot, item);
        return new CommandResult("You put down the " + Lookups.name(item) + ".", Map.of("item", tx.itemMap(item),
                "to", Map.of("zone_id", spot.zoneId(), "area_id", spot.areaId(), "spot_id", spot.spotId())),
                item.instanceId);
    }

    private static SpotRef target(WorldState world, PlayerState player, String spotId) {
        List<SpotRef> spots = WorldQueries.spotsIn(world, player.currentLocation, player.currentArea);
        if (spots.isEmpty()) {
            throw new GameError(ErrorCodes.NOT_IN_REACH, "There is nowhere to put things down here.");
        }
        if (spotId == null) {
            return spots.get(0);
        }
        return spots.stream().filter(s -> s.spotId().equals(spotId)).findFirst().orElseThrow(() ->
                new GameError(ErrorCodes.NOT_FOUND, "There is no spot '" + spotId + "' in this area."));
    }
}
