package io.gaia.kb.experience;

import io.gaia.kb.state.Gps;

/** {@code waypoints.json}: a GPS position that puts a player in a zone when they are within {@code radius_m}. */
public record Waypoint(String id, String name, String zone, Gps gps, double radiusM) {
}
