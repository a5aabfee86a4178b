package io.gaia.kb.state;

import java.util.LinkedHashMap;
import java.util.Map;

/** A room-sized part of a zone; a player is in one area at a time and reaches its spots. */
public final class Area {

    public String name;
    public String description;
    public Map<String, Spot> spots = new LinkedHashMap<>();
}
