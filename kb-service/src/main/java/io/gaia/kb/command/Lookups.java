package io.gaia.kb.command;

import io.gaia.events.ErrorCodes;
import io.gaia.kb.experience.NpcTemplate;
import io.gaia.kb.state.Item;
import io.gaia.kb.state.PlayerState;
import io.gaia.kb.state.WorldState;
import io.gaia.kb.world.SpotRef;
import io.gaia.kb.world.Tx;
import io.gaia.kb.world.WorldQueries;

/** The lookups commands share, each failing with the documented code. */
final class Lookups {

    private Lookups() {
    }

    /** A visible item lying in a spot of the player's area. */
    static WorldQueries.Placed itemInReach(Tx tx, PlayerState player, WorldState world, String instanceId) {
        // where it usually is (the player acts on what they see), then anywhere, for the right refusal
        WorldQueries.Placed placed = WorldQueries.findInArea(world, player.currentLocation, player.currentArea, instanceId)
                .or(() -> WorldQueries.findInSpots(world, instanceId))
                .orElseThrow(() -> absent(tx, player, instanceId));
        if (!placed.item().visible) {
            // a hidden item is, for players, not there at all
            throw new GameError(ErrorCodes.NOT_FOUND, "There is no '" + instanceId + "' here.");
        }
        if (!WorldQueries.inReach(player, placed.at())) {
            throw new GameError(ErrorCodes.NOT_IN_REACH, label(placed.item()) + " is not within reach; it is in "
                    + placed.at().areaId() + " of " + placed.at().zoneId() + ".");
        }
        return placed;
    }

    static Item inInventory(PlayerState player, String instanceId) {
        return WorldQueries.inInventory(player, instanceId).orElseThrow(() ->
                new GameError(ErrorCodes.NOT_IN_INVENTORY, "You are not carrying '" + instanceId + "'."));
    }

    /** An NPC of the experience standing in the player's area. */
    static NpcTemplate npcInReach(Tx tx, PlayerState player, WorldState world, String npcId) {
        NpcTemplate npc = tx.content().npc(npcId).orElseThrow(() ->
                new GameError(ErrorCodes.NOT_FOUND, "There is no one called '" + npcId + "' here."));
        SpotRef at = WorldQueries.npcSpot(world, npcId).orElseThrow(() ->
                new GameError(ErrorCodes.NOT_IN_REACH, npc.name() + " is nowhere to be seen."));
        if (!WorldQueries.inReach(player, at)) {
            throw new GameError(ErrorCodes.NOT_IN_REACH, npc.name() + " is not here; they are in " + at.areaId()
                    + " of " + at.zoneId() + ".");
        }
        return npc;
    }

    /** Why an item is not lying anywhere: someone has it ({@code already_taken}) or it never existed ({@code not_found}). */
    static GameError absent(Tx tx, PlayerState player, String instanceId) {
        if (WorldQueries.inInventory(player, instanceId).isPresent()) {
            return new GameError(ErrorCodes.ALREADY_TAKEN, "You already carry '" + instanceId + "'.");
        }
        if (tx.isKnownItem(instanceId)) {
            return new GameError(ErrorCodes.ALREADY_TAKEN, "Someone has already taken '" + instanceId + "'.");
        }
        return new GameError(ErrorCodes.NOT_FOUND, "There is no '" + instanceId + "' here.");
    }

    static String label(Item item) {
        return item.name != null ? "The " + item.name : "'" + item.instanceId + "'";
    }

    static String name(Item item) {
        return item.name != null ? item.name : item.instanceId;
    }
}
