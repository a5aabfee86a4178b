package io.gaia.chat.intent;

import io.gaia.chat.kb.Npc;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What the player can name right now, read from kb's area of interest: items in reach (by spot),
 * the inventory, NPCs nearby and the places one can go. Tolerant of missing parts, because the
 * area of interest only contains what is near the player.
 */
public record WorldView(
        String zoneName,
        String zoneDescription,
        String currentArea,
        List<Thing> itemsInReach,
        List<Thing> inventory,
        List<Thing> npcs,
        List<Thing> places,
        Map<String, Npc> personas) {

    public static WorldView of(JsonNode aoi, List<Npc> experienceNpcs) {
        Map<String, Npc> personas = new LinkedHashMap<>();
        experienceNpcs.forEach(npc -> personas.put(npc.id(), npc));
        List<Thing> items = new ArrayList<>();
        List<Thing> npcs = new ArrayList<>();
        List<Thing> places = new ArrayList<>();
        JsonNode zone = aoi.path("zone");
        if (zone.has("id")) {
            places.add(Thing.of(zone.path("id").asString(), zone.path("name").asString(null),
                    zone.path("description").asString("")));
        }
        aoi.path("areas").properties().forEach(area -> {
            JsonNode a = area.getValue();
            places.add(Thing.of(area.getKey(), a.path("name").asString(null), a.path("description").asString("")));
            a.path("spots").properties().forEach(spot -> {
                JsonNode s = spot.getValue();
                // kb's go takes an area: going "to the counter" means going to the area the counter is in.
                places.add(Thing.of(area.getKey(), s.path("name").asString(spot.getKey().replace('_', ' ')),
                        s.path("description").asString("")).alsoCalled(spot.getKey()));
                s.path("items").forEach(item -> items.add(item(item).in(area.getKey())));
                s.path("npcs").forEach(npc -> npcs.add(npc(npc, personas)));
                if (s.has("npc") && !s.path("npc").isNull()) {
                    npcs.add(npc(s.path("npc"), personas));
                }
            });
        });
        List<Thing> inventory = new ArrayList<>();
        JsonNode player = aoi.path("player");
        player.path("inventory").forEach(item -> inventory.add(item(item)));
        // NPCs of the experience that are not placed nearby can still be addressed by name.
        personas.values().stream()
                .filter(p -> npcs.stream().noneMatch(t -> t.id().equals(p.id())))
                .forEach(p -> npcs.add(Thing.of(p.id(), p.name(), p.description())));
        return new WorldView(zone.path("name").asString(""), zone.path("description").asString(""),
                player.path("current_area").asString(null), List.copyOf(items), List.copyOf(inventory),
                List.copyOf(npcs), List.copyOf(places), Map.copyOf(personas));
    }

    public List<Thing> everything() {
        List<Thing> all = new ArrayList<>(itemsInReach);
        all.addAll(inventory);
        return all;
    }

    private static Thing item(JsonNode item) {
        if (item.isString()) {
            return Thing.of(item.asString(), null, "");
        }
        String id = item.path("instance_id").asString(item.path("id").asString(item.path("template_id").asString("item")));
        String name = item.path("name").asString(item.path("semantic_name").asString(null));
        return Thing.of(id, name, item.path("description").asString(""))
                .alsoCalled(item.path("semantic_name").asString(null))
                .alsoCalled(item.path("template_id").asString(null));
    }

    private static Thing npc(JsonNode npc, Map<String, Npc> personas) {
        String id = npc.isString() ? npc.asString() : npc.path("id").asString(npc.path("npc_id").asString("npc"));
        Npc known = personas.get(id);
        String name = known != null ? known.name() : npc.path("name").asString(null);
        String description = known != null ? known.description() : npc.path("description").asString("");
        return Thing.of(id, name, description);
    }
}
