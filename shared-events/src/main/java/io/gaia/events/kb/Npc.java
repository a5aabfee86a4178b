package io.gaia.events.kb;

/**
 * An NPC of an experience ({@code GET /experiences/{id}/npcs}): who it is, the {@code persona} to
 * answer in, and where the world template places it (absent when it is placed nowhere).
 */
public record Npc(String id, String name, String description, String persona, Location location) {

    /** Where an NPC stands: zone, area and spot ids. */
    public record Location(String zoneId, String areaId, String spotId) {
    }

    public String displayName() {
        return name == null || name.isBlank() ? id : name;
    }
}
