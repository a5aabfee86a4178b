package io.gaia.kb.command;

import io.gaia.events.ErrorCodes;
import io.gaia.kb.state.Item;
import io.gaia.kb.state.NpcState;
import io.gaia.kb.state.PlayerState;
import io.gaia.kb.state.WorldState;
import io.gaia.kb.world.Tx;
import io.gaia.kb.world.WorldQueries;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@code @examine <id>}: the raw state of an item wherever it is (spot, inventory, NPC), or of an NPC. Admin only. */
public final class AdminExamine implements Command {

    public static final CommandSpec SPEC = CommandSpec.admin("@examine",
            "Show the raw state of an item (wherever it is) or an NPC.",
            Param.id("id", "An item instance id or an NPC id"));

    @Override
    public CommandResult execute(CommandContext context) {
        Tx tx = context.tx();
        String id = context.params().text("id");
        WorldState world = tx.world();
        Map<String, Object> metadata = new LinkedHashMap<>();
        Optional<WorldQueries.Placed> placed = WorldQueries.findInSpots(world, id);
        if (placed.isPresent()) {
            metadata.put("item", tx.itemMap(placed.get().item()));
            metadata.put("location", Map.of("zone_id", placed.get().at().zoneId(), "area_id", placed.get().at().areaId(),
                    "spot_id", placed.get().at().spotId()));
            return new CommandResult(id + " lies in " + placed.get().at().path() + ".", metadata, id);
        }
        NpcState npc = world.npcs.get(id);
        if (npc != null) {
            metadata.put("npc", tx.mapper().convertValue(npc, Map.class));
            WorldQueries.npcSpot(world, id).ifPresent(at -> metadata.put("location", at.path()));
            return CommandResult.of("NPC " + id + ".", metadata);
        }
        for (Map.Entry<String, NpcState> holder : world.npcs.entrySet()) {
            for (Item item : holder.getValue().inventory) {
                if (item.instanceId.equals(id)) {
                    metadata.put("item", tx.itemMap(item));
                    metadata.put("held_by_npc", holder.getKey());
                    return new CommandResult(id + " is kept by " + holder.getKey() + ".", metadata, id);
                }
            }
        }
        for (String userId : tx.playerIds()) {
            PlayerState player = tx.existingPlayer(userId).orElse(null);
            Optional<Item> item = player == null ? Optional.empty() : WorldQueries.inInventory(player, id);
            if (item.isPresent()) {
                metadata.put("item", tx.itemMap(item.get()));
                metadata.put("held_by_player", userId);
                return new CommandResult(id + " is carried by " + userId + ".", metadata, id);
            }
        }
        throw new GameError(ErrorCodes.NOT_FOUND, "Nothing called '" + id + "' exists in " + tx.experienceId() + ".");
    }
}
