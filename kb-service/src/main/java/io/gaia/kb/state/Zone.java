package io.gaia.kb.state;

import java.util.LinkedHashMap;
import java.util.Map;

/** A real-world place (a shop, a clearing) with a GPS position and its areas. */
public final class Zone {

    public String name;
    public String description;
    public Gps gps;
    /** The area a player stands in on entering the zone; null means "at the zone's threshold". */
    public String entryArea;
    public Map<String, Area> areas = new LinkedHashMap<>();
}
