package io.gaia.events.kb;

import java.util.List;

/** {@code GET /experiences/{id}/waypoints}: GPS positions that put a player in a zone within {@code radius_m}. */
public record Waypoints(String experience, List<Waypoint> waypoints) {

    public record Waypoint(String id, String name, String zone, double lat, double lng, double radiusM) {
    }

    public Waypoints {
        waypoints = waypoints == null ? List.of() : waypoints;
    }
}
