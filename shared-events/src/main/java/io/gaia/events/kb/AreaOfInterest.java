package io.gaia.events.kb;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.gaia.events.socket.Versions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The snapshot a client renders from ({@code GET /experiences/{id}/area-of-interest}, the answer to
 * a location fix, and {@code metadata.area_of_interest} of {@code update_location}): the player's
 * zone with every area and spot, the visible items and NPCs there, the player, and the versions the
 * snapshot is at ({@code snapshot_version} = the world version, as v0.3 clients read it) with the
 * {@code epoch} they belong to. {@code zone} is {@code null} (written as such) when the player is
 * in no zone of the world.
 */
public record AreaOfInterest(String experience, Long snapshotVersion, Versions versions, String epoch,
                             @JsonInclude(JsonInclude.Include.ALWAYS) Zone zone, Map<String, Area> areas,
                             PlayerView player) {

    public AreaOfInterest {
        versions = versions == null ? Versions.UNKNOWN : versions;
        areas = areas == null ? Map.of() : areas;
    }

    /** Every visible item lying in the zone, with the id of the area it is in. */
    public List<Placed<Item>> items() {
        List<Placed<Item>> out = new ArrayList<>();
        areas.forEach((areaId, area) -> area.spots().forEach((spotId, spot) ->
                spot.items().forEach(item -> out.add(new Placed<>(areaId, spotId, item)))));
        return out;
    }

    /** Every NPC standing in the zone, with the id of the area it is in. */
    public List<Placed<NearbyNpc>> npcs() {
        List<Placed<NearbyNpc>> out = new ArrayList<>();
        areas.forEach((areaId, area) -> area.spots().forEach((spotId, spot) ->
                spot.npcs().forEach(npc -> out.add(new Placed<>(areaId, spotId, npc)))));
        return out;
    }

    /** Something in a spot of an area. */
    public record Placed<T>(String areaId, String spotId, T thing) {
    }
}
