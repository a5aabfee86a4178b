package io.gaia.kb.world;

import io.gaia.events.kb.Area;
import io.gaia.events.kb.Gps;
import io.gaia.events.kb.NearbyNpc;
import io.gaia.events.kb.PlayerView;
import io.gaia.events.kb.QuestProgress;
import io.gaia.events.kb.Spot;
import io.gaia.events.kb.Zone;
import io.gaia.kb.experience.ExperienceContent;
import io.gaia.kb.experience.NpcTemplate;
import io.gaia.kb.state.Item;
import io.gaia.kb.state.PlayerState;
import io.gaia.kb.state.WorldState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@link io.gaia.events.kb.AreaOfInterest} a client renders from: the player's zone with
 * every area and spot (only their own area's spots where interest is scoped by area), the visible items and NPCs there, the player, and the versions the snapshot
 * is at. Everything is copied out of the live state, so the record can be written after the job ends.
 */
public final class AreaOfInterest {

    private AreaOfInterest() {
    }

    public static io.gaia.events.kb.AreaOfInterest build(Tx tx) {
        PlayerState player = tx.player();
        WorldState world = tx.world();
        Versions versions = tx.versionsAfterCommit();
        io.gaia.kb.state.Zone zone = world.locations.get(player.currentLocation);
        // Where interest is scoped by area, only the player's area's deltas reach them: the snapshot
        // shows that area's spots, and names the zone's other areas without theirs.
        String shownArea = io.gaia.events.ZoneChain.byArea(versions.zone()) ? player.currentArea : null;
        return new io.gaia.events.kb.AreaOfInterest(tx.experienceId(), versions.world(), versions.wire(),
                versions.epoch(), zone == null ? null : zone(player.currentLocation, zone),
                zone == null ? Map.of() : areas(tx, zone, shownArea), player(tx, player), shownArea == null ? null : versions.zone());
    }

    private static Zone zone(String id, io.gaia.kb.state.Zone zone) {
        return new Zone(id, zone.name, zone.description, gps(zone.gps));
    }

    static Gps gps(io.gaia.kb.state.Gps gps) {
        return gps == null ? null : new Gps(gps.lat(), gps.lng());
    }

    /** The zone's areas with their spots: every area's, or only {@code shownArea}'s when it is not null. */
    private static Map<String, Area> areas(Tx tx, io.gaia.kb.state.Zone zone, String shownArea) {
        Map<String, Area> areas = new LinkedHashMap<>();
        zone.areas.forEach((areaId, area) -> {
            Map<String, Spot> spots = new LinkedHashMap<>();
            if (shownArea == null || shownArea.equals(areaId)) {
                area.spots.forEach((spotId, spot) -> spots.put(spotId, spot(tx, spot)));
            }
            areas.put(areaId, new Area(areaId, area.name, area.description, spots));
        });
        return areas;
    }

    private static Spot spot(Tx tx, io.gaia.kb.state.Spot spot) {
        List<io.gaia.events.kb.Item> items = new ArrayList<>();
        for (Item item : spot.items) {
            if (item.visible) {
                items.add(tx.itemView(item));
            }
        }
        List<NearbyNpc> npcs = spot.npc == null ? List.of() : List.of(npc(tx.content(), spot.npc));
        return new Spot(spot.name, spot.description, items, npcs);
    }

    /** An NPC as a spot shows it: its id, and its name and description when the content has it. */
    public static NearbyNpc npc(ExperienceContent content, String npcId) {
        NpcTemplate template = content.npcs().get(npcId);
        return template == null ? new NearbyNpc(npcId, null, null)
                : new NearbyNpc(npcId, template.name(), template.description());
    }

    private static PlayerView player(Tx tx, PlayerState player) {
        Map<String, QuestProgress> quests = new LinkedHashMap<>();
        player.quests.forEach((id, q) -> quests.put(id, new QuestProgress(q.status, new LinkedHashMap<>(q.progress),
                q.acceptedAt, q.completedAt, q.stage)));
        Map<String, Object> state = player.state == null || player.state.isEmpty() ? null
                : tx.mapper().convertValue(player.state, Map.class);
        return new PlayerView(player.userId, player.currentLocation, player.currentArea,
                player.inventory.stream().map(tx::itemView).toList(), quests, state);
    }
}
