package io.gaia.reliability.client;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * What a client believes the world looks like, built only from what the server sent: an
 * {@code area_of_interest} replaces it, each applied {@code world_update} edits it. At the end of a
 * run it must equal kb-service's state exactly; any difference is a delta lost without notice.
 */
public final class ClientView {

    /** instance id -> "zone/area/spot" for items lying in the world. */
    private final Map<String, String> placed = new HashMap<>();
    private final Set<String> inventory = new HashSet<>();

    void reset(JsonNode area) {
        placed.clear();
        inventory.clear();
        String zone = area.path("zone").path("id").asString("");
        for (var a : area.path("areas").properties()) {
            for (var spot : a.getValue().path("spots").properties()) {
                for (JsonNode item : spot.getValue().path("items")) {
                    placed.put(item.path("instance_id").asString(), zone + "/" + a.getKey() + "/" + spot.getKey());
                }
            }
        }
        for (JsonNode item : area.path("player").path("inventory")) {
            inventory.add(item.path("instance_id").asString());
        }
    }

    void apply(JsonNode update) {
        for (JsonNode change : update.path("changes")) {
            String path = change.path("path").asString("");
            String op = change.path("operation").asString("");
            String id = change.path("instance_id").asString(null);
            if (id == null) {
                continue;
            }
            if (path.startsWith("world.locations.") && path.endsWith(".items")) {
                String where = change.path("zone_id").asString("") + "/" + change.path("area_id").asString("") + "/"
                        + change.path("spot_id").asString("");
                if ("add".equals(op)) {
                    placed.put(id, where);
                } else if ("remove".equals(op)) {
                    placed.remove(id, where);
                }
            } else if ("player.inventory".equals(path)) {
                if ("add".equals(op)) {
                    inventory.add(id);
                } else if ("remove".equals(op)) {
                    inventory.remove(id);
                }
            }
        }
    }

    public Map<String, String> placed() {
        return Map.copyOf(placed);
    }

    public Set<String> inventory() {
        return Set.copyOf(inventory);
    }
}
