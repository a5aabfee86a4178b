package io.gaia.kb.experience;

import io.gaia.kb.state.Spot;
import io.gaia.kb.state.WorldState;
import io.gaia.kb.state.Zone;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks that ids used across files (zones, areas, NPCs, templates) name things that exist. */
final class ContentReferences {

    private final List<String> errors;

    ContentReferences(List<String> errors) {
        this.errors = errors;
    }

    void check(ExperienceConfig config, WorldState world, Map<String, NpcTemplate> npcs,
               Map<String, QuestDefinition> quests, List<Waypoint> waypoints, Map<String, ItemTemplate> items) {
        Zone start = world.locations.get(config.bootstrap().zone());
        if (start == null) {
            errors.add("config.json: bootstrap.zone: '" + config.bootstrap().zone() + "' is not a zone in world.json");
        } else if (config.bootstrap().area() != null && !start.areas.containsKey(config.bootstrap().area())) {
            errors.add("config.json: bootstrap.area: '" + config.bootstrap().area() + "' is not an area of zone '"
                    + config.bootstrap().zone() + "'");
        }
        for (int i = 0; i < config.bootstrap().inventory().size(); i++) {
            String templateId = config.bootstrap().inventory().get(i);
            if (!items.containsKey(templateId)) {
                errors.add("config.json: bootstrap.inventory[" + i + "]: no item template templates/items/" + templateId + ".json");
            }
        }
        for (int i = 0; i < waypoints.size(); i++) {
            if (!world.locations.containsKey(waypoints.get(i).zone())) {
                errors.add("waypoints.json: waypoints[" + i + "].zone: '" + waypoints.get(i).zone() + "' is not a zone in world.json");
            }
        }
        checkNpcsPlacedOnce(world);
        quests.values().forEach(quest -> checkQuest(quest, npcs));
    }

    private void checkNpcsPlacedOnce(WorldState world) {
        Set<String> placed = new HashSet<>();
        world.locations.forEach((zoneId, zone) -> zone.areas.forEach((areaId, area) -> {
            for (Map.Entry<String, Spot> spot : area.spots.entrySet()) {
                String npc = spot.getValue().npc;
                if (npc != null && !placed.add(npc)) {
                    errors.add("world.json: locations." + zoneId + ".areas." + areaId + ".spots." + spot.getKey()
                            + ".npc: NPC '" + npc + "' is placed in more than one spot");
                }
            }
        }));
    }

    private void checkQuest(QuestDefinition quest, Map<String, NpcTemplate> npcs) {
        String file = "templates/quests/" + quest.id() + ".json: ";
        if (quest.giver() != null && !npcs.containsKey(quest.giver())) {
            errors.add(file + "giver: no NPC template templates/npcs/" + quest.giver() + ".json");
        }
        String target = quest.objective().targetNpc();
        if (target != null && !npcs.containsKey(target)) {
            errors.add(file + "objective.target_npc: no NPC template templates/npcs/" + target + ".json");
        }
    }
}
