package io.gaia.events.kb;

/** The zone a player is in: id, name, description and, when the content has one, its GPS position. */
public record Zone(String id, String name, String description, Gps gps) {
}
