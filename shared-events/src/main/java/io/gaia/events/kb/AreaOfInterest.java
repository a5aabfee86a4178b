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
 *
 * <p>{@code chain}: set only where the experience scopes interest by area, the version chain
 * {@code versions.world} belongs to ({@link io.gaia.events.ZoneChain}: {@code <zone>/<area>}). Then the
 * snapshot shows the spots of the player's area only (the zone's other areas are listed, with no
 * spots), because only that area's deltas reach the player. A snapshot without one is of the zone's
 * chain (see {@link #versionChain}), and is written exactly as before areas had chains.
 */
public record AreaOfInterest(String experience, Long snapshotVersion, Versions versions, String epoch,
                             @JsonInclude(JsonInclude.Include.ALWAYS) Zone zone, Map<String, Area> areas,
                             PlayerView player, String chain) {

    public AreaOfInterest {
        versions = versions == null ? Versions.UNKNOWN : versions;
        areas = areas == null ? Map.of() : areas;
    }

    /** A snapshot of the zone's chain. */
    public AreaOfInterest(String experience, Long snapshotVersion, Versions versions, String epoch, Zone zone,
                          Map<String, Area> areas, PlayerView player) {
        this(experience, snapshotVersion, versions, epoch, zone, areas, player, null);
    }

    /** The chain {@code versions.world} belongs to: {@code chain} when set, else the zone's id (null in no zone). */
    public String versionChain() {
        return chain != null ? chain : zone == null ? null : zone.id();
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
