package io.gaia.kb.experience;

import java.util.List;
import java.util.Map;

/**
 * {@code config.json}: identity, state model and interest scope, how a new player starts, capabilities, and the radius
 * within which a GPS fix counts as being at a waypoint.
 */
public record ExperienceConfig(
        String id,
        String name,
        String version,
        String description,
        StateModel model,
        Interest interest,
        Bootstrap bootstrap,
        Map<String, Object> capabilities,
        double waypointRadiusM) {

    /** Where a new player starts and what they carry. */
    public record Bootstrap(String zone, String area, List<String> inventory) {
    }
}
