package io.gaia.session.kb;

import io.gaia.events.GaiaJson;
import io.gaia.events.kb.AreaOfInterest;
import io.gaia.events.socket.SocketTypes;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** kb-service's {@link AreaOfInterest} as an {@code area_of_interest} frame. */
public final class AreaOfInterestFrame {

    private AreaOfInterestFrame() {
    }

    /** The frame: {@code type} first, the area of interest's fields as kb-service wrote them, then {@code timestamp} and, for a resync, {@code resync: true}. */
    public static ObjectNode of(GaiaJson json, AreaOfInterest areaOfInterest, boolean resync) {
        ObjectNode frame = json.mapper().createObjectNode();
        frame.put("type", SocketTypes.AREA_OF_INTEREST);
        JsonNode fields = json.mapper().valueToTree(areaOfInterest);
        fields.properties().forEach(field -> {
            if (!"type".equals(field.getKey())) {
                frame.set(field.getKey(), field.getValue());
            }
        });
        frame.put("timestamp", System.currentTimeMillis());
        if (resync) {
            frame.put("resync", true);
        }
        return frame;
    }
}
