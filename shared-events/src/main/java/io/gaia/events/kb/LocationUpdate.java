package io.gaia.events.kb;

/** A GPS fix in degrees: the body of {@link KbOperation#LOCATION} (and of {@code POST /experiences/{id}/location}). */
public record LocationUpdate(Double lat, Double lng) {
}
