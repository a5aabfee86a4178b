package io.gaia.kb.command;

import io.gaia.events.ErrorCodes;
import io.gaia.kb.state.WorldState;
import io.gaia.kb.world.SpotRef;
import io.gaia.kb.world.WorldQueries;

/** Spots of the live world named {@code zone/area/spot} by admin commands. */
final class WorldSpots {

    private WorldSpots() {
    }

    /** The spot, else {@code not_found} naming it. */
    static SpotRef named(WorldState world, String address) {
        String[] parts = address.split("/", -1);
        if (parts.length == 3) {
            for (SpotRef spot : WorldQueries.spotsIn(world, parts[0], parts[1])) {
                if (spot.spotId().equals(parts[2])) {
                    return spot;
                }
            }
        }
        throw new GameError(ErrorCodes.NOT_FOUND, "There is no spot '" + address + "' (write zone/area/spot).");
    }

    static String address(SpotRef spot) {
        return spot.zoneId() + "/" + spot.areaId() + "/" + spot.spotId();
    }
}
