package io.gaia.kb.world;

import java.util.LinkedHashMap;
import java.util.Map;

/** A player's two version counters after an action: their world (shared or private) and their own state. */
public record Versions(long world, long player) {

    public Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("world", world);
        out.put("player", player);
        return out;
    }
}
