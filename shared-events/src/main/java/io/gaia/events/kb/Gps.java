package io.gaia.events.kb;

/** A WGS84 position in degrees, as {@code {"lat", "lng"}}. */
public record Gps(double lat, double lng) {
}
