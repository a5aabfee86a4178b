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
        quests.values().forEach(quest -> checkQuest(quest, npcs, world, items));
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

    private void checkQuest(QuestDefinition quest, Map<String, NpcTemplate> npcs, WorldState world,
                            Map<String, ItemTemplate> items) {
        String file = "templates/quests/" + quest.id() + ".json: ";
        if (quest.giver() != null && !npcs.containsKey(quest.giver())) {
            errors.add(file + "giver: no NPC template templates/npcs/" + quest.giver() + ".json");
        }
        for (int i = 0; i < quest.stages().size(); i++) {
            QuestDefinition.Objective goal = quest.stages().get(i).objective();
            boolean declaredAsObjective = !quest.staged() && quest.stages().get(0).id().equals("objective");
            String at = declaredAsObjective ? "objective." : "stages[" + i + "].objective.";
            String target = goal.targetNpc();
            if (target != null && !npcs.containsKey(target)) {
                errors.add(file + at + "target_npc: no NPC template templates/npcs/" + target + ".json");
            }
            if (goal.zone() != null) {
                io.gaia.kb.state.Zone zone = world.locations.get(goal.zone());
                if (zone == null) {
                    errors.add(file + at + "zone: no zone '" + goal.zone() + "' in world.json");
                } else if (goal.area() != null && !zone.areas.containsKey(goal.area())) {
                    errors.add(file + at + "area: no area '" + goal.area() + "' in zone '" + goal.zone() + "'");
                }
            }
        }
        List<QuestDefinition.Reward> rewards = quest.onComplete().items();
        for (int i = 0; i < rewards.size(); i++) {
            QuestDefinition.Reward reward = rewards.get(i);
            if (!items.containsKey(reward.template())) {
                errors.add(file + "on_complete.items[" + i + "].template: no item template templates/items/"
                        + reward.template() + ".json");
            }
            SpotAddress to = reward.to();
            if (to != null) {
                io.gaia.kb.state.Zone zone = world.locations.get(to.zone());
                io.gaia.kb.state.Area area = zone == null ? null : zone.areas.get(to.area());
                if (area == null || !area.spots.containsKey(to.spot())) {
                    errors.add(file + "on_complete.items[" + i + "].to: '" + to + "' is not a spot of world.json");
                }
            }
        }
        quest.onComplete().npcState().keySet().stream().filter(npc -> !npcs.containsKey(npc)).forEach(npc ->
                errors.add(file + "on_complete.npc_state." + npc + ": no NPC template templates/npcs/" + npc + ".json"));
    }
}
