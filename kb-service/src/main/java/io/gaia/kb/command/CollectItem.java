package io.gaia.kb.command;

import io.gaia.events.ErrorCodes;
import io.gaia.kb.quest.QuestHooks;
import io.gaia.events.kb.QuestUpdate;
import io.gaia.kb.state.Item;
import io.gaia.kb.state.PlayerState;
import io.gaia.kb.state.WorldState;
import io.gaia.kb.world.Tx;
import io.gaia.kb.world.WorldQueries;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code collect_item {instance_id}}: take a collectible item from a spot in your area into your inventory. */
public final class CollectItem implements Command {

    public static final CommandSpec SPEC = CommandSpec.player("collect_item",
            "Pick up an item lying within reach (in your current area).",
            Param.id("instance_id", "The item to pick up, e.g. bottle_joy"));

    @Override
    public CommandResult execute(CommandContext context) {
        Tx tx = context.tx();
        PlayerState player = tx.player();
        WorldState world = tx.world();
        WorldQueries.Placed placed = Lookups.itemInReach(tx, player, world, context.params().text("instance_id"));
        Item item = placed.item();
        if (!item.collectible) {
            throw new GameError(ErrorCodes.NOT_COLLECTIBLE, Lookups.label(item) + " cannot be taken.");
        }
        tx.removeFromSpot(world, placed.at(), item);
        tx.addToInventory(player, item);
        tx.incrementStat(player, "items_collected");
        List<QuestUpdate> quests = QuestHooks.afterCollect(tx, player, world, item);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("item", tx.itemMap(item));
        metadata.put("from", Map.of("zone_id", placed.at().zoneId(), "area_id", placed.at().areaId(),
                "spot_id", placed.at().spotId()));
        QuestReport.add(metadata, quests);
        return new CommandResult("You pick up the " + Lookups.name(item) + ".", metadata, item.instanceId);
    }
}
