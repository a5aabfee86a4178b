package io.gaia.chat.intent;

import io.gaia.events.kb.AreaOfInterest;
import io.gaia.events.kb.Item;
import io.gaia.events.kb.NearbyNpc;
import io.gaia.events.kb.Npc;
import io.gaia.events.kb.PlayerView;
import io.gaia.events.kb.Zone;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    public static WorldView of(AreaOfInterest aoi, List<Npc> experienceNpcs) {
        Map<String, Npc> personas = new LinkedHashMap<>();
        experienceNpcs.forEach(npc -> personas.put(npc.id(), npc));
        List<Thing> items = new ArrayList<>();
        List<Thing> npcs = new ArrayList<>();
        List<Thing> places = new ArrayList<>();
        Zone zone = aoi.zone();
        if (zone != null && zone.id() != null) {
            places.add(Thing.of(zone.id(), zone.name(), orEmpty(zone.description())));
        }
        aoi.areas().forEach((areaId, area) -> {
            places.add(Thing.of(areaId, area.name(), orEmpty(area.description())));
            // kb's go takes an area: going "to the counter" means going to the area the counter is in.
            area.spots().forEach((spotId, spot) -> places.add(Thing.of(areaId,
                    spot.name() != null ? spot.name() : spotId.replace('_', ' '), orEmpty(spot.description()))
                    .alsoCalled(spotId)));
        });
        aoi.items().forEach(placed -> items.add(item(placed.thing()).in(placed.areaId())));
        aoi.npcs().forEach(placed -> npcs.add(npc(placed.thing(), personas)));
        List<Thing> inventory = new ArrayList<>();
        PlayerView player = aoi.player();
        if (player != null) {
            player.inventory().forEach(item -> inventory.add(item(item)));
        }
        // NPCs of the experience that are not placed nearby can still be addressed by name.
        personas.values().stream()
                .filter(p -> npcs.stream().noneMatch(t -> t.id().equals(p.id())))
                .forEach(p -> npcs.add(Thing.of(p.id(), p.name(), p.description())));
        return new WorldView(zone == null ? "" : orEmpty(zone.name()), zone == null ? "" : orEmpty(zone.description()),
                player == null ? null : player.currentArea(), List.copyOf(items), List.copyOf(inventory),
                List.copyOf(npcs), List.copyOf(places), Map.copyOf(personas));
    }

    public List<Thing> everything() {
        List<Thing> all = new ArrayList<>(itemsInReach);
        all.addAll(inventory);
        return all;
    }

    private static Thing item(Item item) {
        String id = item.instanceId() != null ? item.instanceId()
                : item.templateId() != null ? item.templateId() : "item";
        String name = item.name() != null ? item.name() : item.semanticName();
        return Thing.of(id, name, orEmpty(item.description()))
                .alsoCalled(item.semanticName())
                .alsoCalled(item.templateId());
    }

    private static Thing npc(NearbyNpc npc, Map<String, Npc> personas) {
        String id = npc.npcId() != null ? npc.npcId() : "npc";
        Npc known = personas.get(id);
        String name = known != null ? known.name() : npc.name();
        String description = known != null ? known.description() : orEmpty(npc.description());
        return Thing.of(id, name, description);
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
