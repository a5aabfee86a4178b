package io.gaia.kb.world;

import io.gaia.kb.experience.ExperienceContent;
import io.gaia.kb.experience.NpcTemplate;
import io.gaia.kb.state.Area;
import io.gaia.kb.state.Item;
import io.gaia.kb.state.PlayerState;
import io.gaia.kb.state.Spot;
import io.gaia.kb.state.WorldState;
import io.gaia.kb.state.Zone;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The snapshot a client renders from: the player's zone with every area and spot, the visible
 * items and NPCs there, the player, and the versions the snapshot is at
 * ({@code snapshot_version} = the world version, as v0.3 clients read it).
 */
public final class AreaOfInterest {

    private AreaOfInterest() {
    }

    public static Map<String, Object> build(Tx tx) {
        PlayerState player = tx.player();
        WorldState world = tx.world();
        Versions versions = tx.versionsAfterCommit();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("experience", tx.experienceId());
        out.put("snapshot_version", versions.world());
        out.put("versions", versions.toMap());
        out.put("epoch", versions.epoch());
        Zone zone = world.locations.get(player.currentLocation);
        out.put("zone", zone == null ? null : zone(player.currentLocation, zone));
        out.put("areas", zone == null ? Map.of() : areas(tx, zone));
        out.put("player", player(tx, player));
        return out;
    }

    private static Map<String, Object> zone(String id, Zone zone) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("name", zone.name);
        out.put("description", zone.description);
        if (zone.gps != null) {
            out.put("gps", Map.of("lat", zone.gps.lat(), "lng", zone.gps.lng()));
        }
        return out;
    }

    private static Map<String, Object> areas(Tx tx, Zone zone) {
        Map<String, Object> areas = new LinkedHashMap<>();
        for (Map.Entry<String, Area> area : zone.areas.entrySet()) {
            Map<String, Object> spots = new LinkedHashMap<>();
            area.getValue().spots.forEach((spotId, spot) -> spots.put(spotId, spot(tx, spot)));
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("id", area.getKey());
            a.put("name", area.getValue().name);
            a.put("description", area.getValue().description);
            a.put("spots", spots);
            areas.put(area.getKey(), a);
        }
        return areas;
    }

    private static Map<String, Object> spot(Tx tx, Spot spot) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (spot.name != null) {
            out.put("name", spot.name);
        }
        out.put("description", spot.description);
        List<Map<String, Object>> items = new ArrayList<>();
        for (Item item : spot.items) {
            if (item.visible) {
                items.add(tx.itemMap(item));
            }
        }
        out.put("items", items);
        List<Map<String, Object>> npcs = new ArrayList<>();
        if (spot.npc != null) {
            npcs.add(npc(tx.content(), spot.npc));
        }
        out.put("npcs", npcs);
        return out;
    }

    public static Map<String, Object> npc(ExperienceContent content, String npcId) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("npc_id", npcId);
        NpcTemplate template = content.npcs().get(npcId);
        if (template != null) {
            out.put("name", template.name());
            out.put("description", template.description());
        }
        return out;
    }

    private static Map<String, Object> player(Tx tx, PlayerState player) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("user_id", player.userId);
        out.put("current_location", player.currentLocation);
        out.put("current_area", player.currentArea);
        out.put("inventory", player.inventory.stream().map(tx::itemMap).toList());
        Map<String, Object> quests = new LinkedHashMap<>();
        player.quests.forEach((id, q) -> quests.put(id, tx.mapper().convertValue(q, Map.class)));
        out.put("quests", quests);
        return out;
    }
}
