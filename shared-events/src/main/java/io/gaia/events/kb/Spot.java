package io.gaia.events.kb;

import java.util.List;

/** A spot of an area: the visible items lying there and the NPCs standing there. */
public record Spot(String name, String description, List<Item> items, List<NearbyNpc> npcs) {

    public Spot {
        items = items == null ? List.of() : items;
        npcs = npcs == null ? List.of() : npcs;
    }
}
