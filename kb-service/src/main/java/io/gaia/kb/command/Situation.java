package io.gaia.kb.command;

import io.gaia.kb.experience.NpcTemplate;
import io.gaia.kb.state.Area;
import io.gaia.kb.state.Item;
import io.gaia.kb.state.PlayerState;
import io.gaia.kb.state.Spot;
import io.gaia.kb.state.WorldState;
import io.gaia.kb.state.Zone;
import io.gaia.kb.world.Tx;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a language model is shown of the game when it interprets a command for a player: the player
 * (where, what they carry, their quests and own state), the area they stand in (spots, visible items,
 * NPCs with their state), the other areas of the zone by name, and the world's global state. Never
 * another player. Bounded: at most {@link #MAX_ITEMS} items are listed.
 */
public final class Situation {

    static final int MAX_ITEMS = 100;

    private Situation() {
    }

    public static Map<String, Object> of(Tx tx) {
        PlayerState player = tx.player();
        WorldState world = tx.world();
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> me = new LinkedHashMap<>();
        me.put("zone", player.currentLocation);
        me.put("area", player.currentArea);
        me.put("inventory", player.inventory.stream().limit(MAX_ITEMS).map(Situation::item).toList());
        me.put("quests", tx.mapper().convertValue(player.quests, Map.class));
        me.put("state", player.state == null ? Map.of() : player.state);
        out.put("player", me);
        Zone zone = world.locations.get(player.currentLocation);
        Area area = zone == null ? null : zone.areas.get(player.currentArea);
        if (area != null) {
            Map<String, Object> here = new LinkedHashMap<>();
            int[] listed = {0};
            area.spots.forEach((spotId, spot) -> here.put(player.currentLocation + "/" + player.currentArea + "/" + spotId,
                    spot(tx, world, spot, listed)));
            out.put("spots_here", here);
            List<String> elsewhere = new ArrayList<>(zone.areas.keySet());
            elsewhere.remove(player.currentArea);
            out.put("other_areas_of_this_zone", elsewhere);
        }
        out.put("global_state", world.globalState);
        return out;
    }

    private static Map<String, Object> spot(Tx tx, WorldState world, Spot spot, int[] listed) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", spot.name);
        List<Map<String, Object>> items = new ArrayList<>();
        for (Item item : spot.items) {
            if (item.visible && listed[0]++ < MAX_ITEMS) {
                items.add(item(item));
            }
        }
        out.put("items", items);
        if (spot.npc != null) {
            Map<String, Object> npc = new LinkedHashMap<>();
            npc.put("id", spot.npc);
            npc.put("name", tx.content().npc(spot.npc).map(NpcTemplate::name).orElse(spot.npc));
            Map<String, Object> state = new LinkedHashMap<>(tx.content().npc(spot.npc).map(NpcTemplate::state).orElse(Map.of()));
            if (world.npcs.containsKey(spot.npc)) {
                state.putAll(world.npcs.get(spot.npc).state);
            }
            npc.put("state", state);
            out.put("npc", npc);
        }
        return out;
    }

    private static Map<String, Object> item(Item item) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("instance_id", item.instanceId);
        out.put("template_id", item.templateId);
        out.put("name", item.name);
        out.put("state", item.state == null ? Map.of() : item.state);
        return out;
    }
}
