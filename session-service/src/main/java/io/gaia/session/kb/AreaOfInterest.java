package io.gaia.session.kb;

import io.gaia.events.socket.SocketTypes;
import io.gaia.events.socket.Versions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** kb-service's area of interest as an {@code area_of_interest} frame, and the versions it is a snapshot of. */
public final class AreaOfInterest {

    private AreaOfInterest() {
    }

    public static Versions versions(JsonNode areaOfInterest) {
        JsonNode versions = areaOfInterest.path("versions");
        return new Versions(number(versions.get("world")), number(versions.get("player")));
    }

    /** The epoch the snapshot's versions belong to (null from a kb-service that predates epochs). */
    public static String epoch(JsonNode areaOfInterest) {
        JsonNode epoch = areaOfInterest.get("epoch");
        return epoch != null && epoch.isString() ? epoch.asString() : null;
    }

    /** The frame: {@code type} first, kb-service's fields as they are, then {@code timestamp} and, for a resync, {@code resync: true}. */
    public static ObjectNode frame(ObjectNode empty, JsonNode areaOfInterest, boolean resync) {
        empty.put("type", SocketTypes.AREA_OF_INTEREST);
        areaOfInterest.properties().forEach(field -> {
            if (!"type".equals(field.getKey())) {
                empty.set(field.getKey(), field.getValue());
            }
        });
        empty.put("timestamp", System.currentTimeMillis());
        if (resync) {
            empty.put("resync", true);
        }
        return empty;
    }

    private static Long number(JsonNode node) {
        return node != null && node.isIntegralNumber() ? node.asLong() : null;
    }
}
