package io.gaia.kb.world;

import io.gaia.kb.state.Area;
import io.gaia.kb.state.Item;
import io.gaia.kb.state.PlayerState;
import io.gaia.kb.state.Spot;
import io.gaia.kb.state.WorldState;
import io.gaia.kb.state.Zone;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Read-only lookups over a world and a player. They scan, without copying: a generated 20,000-item
 * world has thousands of spots (docs/benchmarks.md, "World size"), so a command that acts on what the
 * player sees looks in the player's own area first ({@link #findInArea}).
 */
public final class WorldQueries {

    private WorldQueries() {
    }

    /** An item lying in a spot, with where it lies. */
    public record Placed(SpotRef at, Item item) {
    }

    /** An item lying in any spot of the world (the first in zone, area, spot order), with where it lies. */
    public static Optional<Placed> findInSpots(WorldState world, String instanceId) {
        for (Map.Entry<String, Zone> zone : world.locations.entrySet()) {
            for (Map.Entry<String, Area> area : zone.getValue().areas.entrySet()) {
                Optional<Placed> found = findIn(zone.getKey(), area.getKey(), area.getValue(), instanceId);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    /** An item lying in a spot of area {@code areaId} of zone {@code zoneId}, looking nowhere else. */
    public static Optional<Placed> findInArea(WorldState world, String zoneId, String areaId, String instanceId) {
        Zone zone = zoneId == null ? null : world.locations.get(zoneId);
        Area area = zone == null || areaId == null ? null : zone.areas.get(areaId);
        return area == null ? Optional.empty() : findIn(zoneId, areaId, area, instanceId);
    }

    private static Optional<Placed> findIn(String zoneId, String areaId, Area area, String instanceId) {
        for (Map.Entry<String, Spot> spot : area.spots.entrySet()) {
            for (Item item : spot.getValue().items) {
                if (item.instanceId.equals(instanceId)) {
                    return Optional.of(new Placed(new SpotRef(zoneId, areaId, spot.getKey(), spot.getValue()), item));
                }
            }
        }
        return Optional.empty();
    }

    public static Optional<SpotRef> npcSpot(WorldState world, String npcId) {
        return allSpots(world).stream().filter(ref -> npcId.equals(ref.spot().npc)).findFirst();
    }

    public static List<SpotRef> spotsIn(WorldState world, String zoneId, String areaId) {
        List<SpotRef> out = new ArrayList<>();
        Zone zone = world.locations.get(zoneId);
        Area area = zone == null || areaId == null ? null : zone.areas.get(areaId);
        if (area != null) {
            area.spots.forEach((spotId, spot) -> out.add(new SpotRef(zoneId, areaId, spotId, spot)));
        }
        return out;
    }

    public static List<SpotRef> allSpots(WorldState world) {
        List<SpotRef> out = new ArrayList<>();
        for (Map.Entry<String, Zone> zone : world.locations.entrySet()) {
            for (Map.Entry<String, Area> area : zone.getValue().areas.entrySet()) {
                for (Map.Entry<String, Spot> spot : area.getValue().spots.entrySet()) {
                    out.add(new SpotRef(zone.getKey(), area.getKey(), spot.getKey(), spot.getValue()));
                }
            }
        }
        return out;
    }

    public static Optional<Item> inInventory(PlayerState player, String instanceId) {
        return player.inventory.stream().filter(item -> item.instanceId.equals(instanceId)).findFirst();
    }

    /** True when the spot is in the area the player stands in. */
    public static boolean inReach(PlayerState player, SpotRef at) {
        return at.zoneId().equals(player.currentLocation) && at.areaId().equals(player.currentArea);
    }
}
