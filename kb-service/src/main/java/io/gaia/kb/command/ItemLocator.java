package io.gaia.kb.command;

import io.gaia.kb.state.Item;
import io.gaia.kb.state.NpcState;
import io.gaia.kb.state.PlayerState;
import io.gaia.kb.state.WorldState;
import io.gaia.kb.world.SpotRef;
import io.gaia.kb.world.Tx;
import io.gaia.kb.world.WorldQueries;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where an item is anywhere in an experience, for admin commands: lying in a spot, kept by an NPC, or
 * carried by a player (every stored player is looked at, so this is an admin's tool, not a player's).
 */
final class ItemLocator {

    private ItemLocator() {
    }

    /** An item and where it is: exactly one of {@code spot}, {@code npcId}, {@code player} is set. */
    record Located(Item item, SpotRef spot, String npcId, PlayerState player) {

        Map<String, Object> where() {
            Map<String, Object> where = new LinkedHashMap<>();
            if (spot != null) {
                where.put("zone_id", spot.zoneId());
                where.put("area_id", spot.areaId());
                where.put("spot_id", spot.spotId());
            } else if (npcId != null) {
                where.put("held_by_npc", npcId);
            } else {
                where.put("held_by_player", player.userId);
            }
            return where;
        }

        String describe() {
            if (spot != null) {
                return "lies in " + spot.zoneId() + "/" + spot.areaId() + "/" + spot.spotId();
            }
            return npcId != null ? "is kept by " + npcId : "is carried by " + player.userId;
        }
    }

    static Optional<Located> find(Tx tx, WorldState world, String instanceId) {
        Optional<WorldQueries.Placed> placed = WorldQueries.findInSpots(world, instanceId);
        if (placed.isPresent()) {
            return Optional.of(new Located(placed.get().item(), placed.get().at(), null, null));
        }
        for (Map.Entry<String, NpcState> holder : world.npcs.entrySet()) {
            for (Item item : holder.getValue().inventory) {
                if (item.instanceId.equals(instanceId)) {
                    return Optional.of(new Located(item, null, holder.getKey(), null));
                }
            }
        }
        for (String userId : tx.playerIds()) {
            PlayerState player = tx.existingPlayer(userId).orElse(null);
            Optional<Item> item = player == null ? Optional.empty() : WorldQueries.inInventory(player, instanceId);
            if (item.isPresent()) {
                return Optional.of(new Located(item.get(), null, null, player));
            }
        }
        return Optional.empty();
    }
}
