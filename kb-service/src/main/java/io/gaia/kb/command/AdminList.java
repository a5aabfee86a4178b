package io.gaia.kb.command;

import io.gaia.kb.experience.NpcTemplate;
import io.gaia.kb.experience.QuestDefinition;
import io.gaia.kb.state.Area;
import io.gaia.kb.state.Item;
import io.gaia.kb.state.WorldState;
import io.gaia.kb.state.Zone;
import io.gaia.kb.world.SpotRef;
import io.gaia.kb.world.Tx;
import io.gaia.kb.world.WorldQueries;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code @list zones|areas|spots|items|npcs|players|quests|templates}: what the experience has, from the
 * live world (items: those lying in spots; players: ids only, nothing is loaded). At most
 * {@link #MAX_ENTRIES} entries, with {@code total} and {@code truncated}. Admin only.
 */
public final class AdminList implements Command {

    public static final int MAX_ENTRIES = 500;

    public static final CommandSpec SPEC = CommandSpec.admin("@list",
            "List the zones, areas, spots, items (lying in spots), NPCs, players, quests or item templates.",
            Param.oneOf("what", true, "What to list", "zones", "areas", "spots", "items", "npcs", "players", "quests",
                    "templates"));

    @Override
    public CommandResult execute(CommandContext context) {
        Tx tx = context.tx();
        String what = context.params().text("what");
        WorldState world = tx.world();
        List<Map<String, Object>> entries = new ArrayList<>();
        switch (what) {
            case "zones" -> world.locations.forEach((id, zone) -> entries.add(entry("id", id, "name", zone.name,
                    "areas", List.copyOf(zone.areas.keySet()))));
            case "areas" -> world.locations.forEach((zoneId, zone) -> zone.areas.forEach((id, area) ->
                    entries.add(entry("zone_id", zoneId, "id", id, "name", area.name, "spots",
                            List.copyOf(area.spots.keySet())))));
            case "spots" -> WorldQueries.allSpots(world).forEach(spot -> entries.add(entry("spot", WorldSpots.address(spot),
                    "name", spot.spot().name, "items", spot.spot().items.size(), "npc", spot.spot().npc)));
            case "items" -> {
                for (SpotRef spot : WorldQueries.allSpots(world)) {
                    for (Item item : spot.spot().items) {
                        entries.add(entry("instance_id", item.instanceId, "template_id", item.templateId, "name",
                                item.name, "spot", WorldSpots.address(spot), "visible", item.visible));
                    }
                }
            }
            case "npcs" -> tx.content().npcs().values().stream().sorted(java.util.Comparator.comparing(NpcTemplate::id))
                    .forEach(npc -> entries.add(entry("id", npc.id(), "name", npc.name(), "spot",
                            WorldQueries.npcSpot(world, npc.id()).map(WorldSpots::address).orElse(null))));
            case "players" -> tx.playerIds().stream().sorted().forEach(id -> entries.add(entry("user_id", id)));
            case "quests" -> tx.content().quests().values().forEach(q -> entries.add(entry("id", q.id(), "name",
                    q.name(), "stages", q.stages().stream().map(QuestDefinition.Stage::id).toList())));
            default -> tx.content().items().values().stream()
                    .sorted(java.util.Comparator.comparing(io.gaia.kb.experience.ItemTemplate::id))
                    .forEach(t -> entries.add(entry("id", t.id(), "type", t.type(), "name", t.name())));
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("what", what);
        metadata.put("total", entries.size());
        metadata.put("truncated", entries.size() > MAX_ENTRIES);
        metadata.put("entries", entries.size() > MAX_ENTRIES ? List.copyOf(entries.subList(0, MAX_ENTRIES)) : entries);
        return CommandResult.of(entries.size() + " " + what + (entries.size() > MAX_ENTRIES
                ? " (the first " + MAX_ENTRIES + " listed)" : "") + ".", metadata);
    }

    /** An entry of key/value pairs, without the null ones (also {@code @inspect}'s matches). */
    static Map<String, Object> entry(Object... keysAndValues) {
        Map<String, Object> entry = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                entry.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return entry;
    }
}
