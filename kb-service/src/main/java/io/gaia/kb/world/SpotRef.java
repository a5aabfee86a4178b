package io.gaia.kb.world;

import io.gaia.events.Change;
import io.gaia.events.StatePaths;
import io.gaia.kb.state.Spot;

/** A spot with its zone, area and spot ids, as deltas and reach checks need them. */
public record SpotRef(String zoneId, String areaId, String spotId, Spot spot) {

    public String path() {
        return StatePaths.spotItems(zoneId, areaId, spotId);
    }

    public Change.Location location() {
        return new Change.Location(zoneId, areaId, spotId);
    }
}
