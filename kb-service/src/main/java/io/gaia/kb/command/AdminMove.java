package io.gaia.kb.command;

import io.gaia.events.ErrorCodes;
import io.gaia.kb.state.Item;
import io.gaia.kb.state.WorldState;
import io.gaia.kb.world.SpotRef;
import io.gaia.kb.world.Tx;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code @move <item> to <zone/area/spot>}: moves an item from wherever it is (a spot, an NPC's keeping or
 * a player's inventory) to a spot. Deltas: the removal where it was (on that player's subject when a player
 * carried it) and the {@code add} at the spot. The item still exists once. Admin only.
 */
public final class AdminMove implements Command {

    public static final CommandSpec SPEC = CommandSpec.admin("@move",
            "Move an item from wherever it is to a spot: @move <item> to <zone/area/spot>.",
            Param.id("instance_id", "The item to move"),
            Param.oneOf("to", false, "The word 'to' (line form)", "to"),
            Param.spot("spot", true, "Where it goes, e.g. woander_store/reading_nook/armchair"));

    @Override
    public CommandResult execute(CommandContext context) {
        Tx tx = context.tx();
        WorldState world = tx.world();
        String id = context.params().text("instance_id");
        SpotRef to = WorldSpots.named(world, context.params().text("spot"));
        ItemLocator.Located located = ItemLocator.find(tx, world, id).orElseThrow(() ->
                new GameError(ErrorCodes.NOT_FOUND, "Nothing called '" + id + "' exists in " + tx.experienceId() + "."));
        Map<String, Object> from = located.where();
        Item item = AdminDelete.take(tx, world, located);
        tx.addToSpot(world, to, item);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("item", tx.itemMap(item));
        metadata.put("from", from);
        metadata.put("location", Map.of("zone_id", to.zoneId(), "area_id", to.areaId(), "spot_id", to.spotId()));
        return new CommandResult("@move: " + id + " now lies in " + WorldSpots.address(to) + ".", metadata, id);
    }
}
