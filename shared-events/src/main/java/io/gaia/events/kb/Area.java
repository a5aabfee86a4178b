package io.gaia.events.kb;

import java.util.Map;

/** An area of a zone, with its spots by id (in content order). */
public record Area(String id, String name, String description, Map<String, Spot> spots) {

    public Area {
        spots = spots == null ? Map.of() : spots;
    }
}
