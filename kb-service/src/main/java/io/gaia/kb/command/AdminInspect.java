package io.gaia.kb.command;

import io.gaia.events.ErrorCodes;
import io.gaia.kb.experience.QuestDefinition;
import io.gaia.kb.state.PlayerState;
import io.gaia.kb.state.WorldState;
import io.gaia.kb.world.SpotRef;
import io.gaia.kb.world.Tx;
import io.gaia.kb.world.WorldQueries;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code @inspect <id>}: everything the id names in the experience (an id may name several things: a
 * zone, areas and spots of that name, an item wherever it is, an NPC, a quest, an item template, a player),
 * each as a match {@code {kind, ...}}. Never creates a player. Admin only.
 */
public final class AdminInspect implements Command {

    public static final CommandSpec SPEC = CommandSpec.admin("@inspect",
            "Show what an id names: zone, area, spot, item (wherever it is), NPC, quest, item template or player.",
            Param.text("id", true, "An id (a player id may be any user id)"));

    @Override
    public CommandResult execute(CommandContext context) {
        Tx tx = context.tx();
        String id = context.params().text("id");
        WorldState world = tx.world();
        List<Map<String, Object>> matches = new ArrayList<>();
        if (world.locations.containsKey(id)) {
            var zone = world.locations.get(id);
            matches.add(match("zone", "id", id, "name", zone.name, "description", zone.description,
                    "areas", List.copyOf(zone.areas.keySet())));
        }
        world.locations.forEach((zoneId, zone) -> {
            var area = zone.areas.get(id);
            if (area != null) {
                matches.add(match("area", "zone_id", zoneId, "id", id, "name", area.name, "spots",
                        List.copyOf(area.spots.keySet())));
            }
        });
        for (SpotRef spot : WorldQueries.allSpots(world)) {
            if (spot.spotId().equals(id)) {
                matches.add(match("spot", "spot", WorldSpots.address(spot), "name", spot.spot().name, "items",
                        spot.spot().items.stream().map(i -> i.instanceId).toList(), "npc", spot.spot().npc));
            }
        }
        ItemLocator.find(tx, world, id).ifPresent(located -> matches.add(match("item", "item",
                tx.itemMap(located.item()), "location", located.where())));
        tx.content().npc(id).ifPresent(npc -> matches.add(match("npc", "id", id, "name", npc.name(), "state",
                world.npcs.containsKey(id) ? world.npcs.get(id).state : npc.state(), "spot",
                WorldQueries.npcSpot(world, id).map(WorldSpots::address).orElse(null))));
        Optional.ofNullable(tx.content().quests().get(id)).ifPresent(q -> matches.add(match("quest", "id", id,
                "name", q.name(), "auto_accept", q.autoAccept(), "stages",
                q.stages().stream().map(QuestDefinition.Stage::id).toList())));
        tx.content().item(id).ifPresent(t -> matches.add(match("template", "id", id, "type", t.type(), "name",
                t.name(), "collectible", t.collectible())));
        tx.existingPlayer(id).ifPresent(player -> matches.add(player(tx, player)));
        if (matches.isEmpty()) {
            throw new GameError(ErrorCodes.NOT_FOUND, "Nothing called '" + shorten(id) + "' exists in "
                    + tx.experienceId() + ".");
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("id", id);
        metadata.put("matches", matches);
        return CommandResult.of(id + ": " + String.join(", ", matches.stream().map(m -> (String) m.get("kind")).toList())
                + ".", metadata);
    }

    private static Map<String, Object> player(Tx tx, PlayerState player) {
        return match("player", "user_id", player.userId, "zone_id", player.currentLocation, "area_id",
                player.currentArea, "inventory", player.inventory.stream().map(i -> i.instanceId).toList(), "quests",
                tx.mapper().convertValue(player.quests, Map.class), "state", player.state);
    }

    private static Map<String, Object> match(String kind, Object... keysAndValues) {
        Map<String, Object> match = new LinkedHashMap<>();
        match.put("kind", kind);
        match.putAll(AdminList.entry(keysAndValues));
        return match;
    }

    private static String shorten(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}
