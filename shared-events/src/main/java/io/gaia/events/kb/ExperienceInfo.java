package io.gaia.events.kb;

import java.util.List;
import java.util.Map;

/** {@code GET /experiences/{id}}: what an experience is, where a player starts, its zones, quests and commands. */
public record ExperienceInfo(String id, String name, String description, String version, String stateModel,
                             Map<String, Object> capabilities, Bootstrap bootstrap, Map<String, ZoneSummary> zones,
                             List<QuestSummary> quests, List<String> commands) {

    /** Where a new player starts and what they carry. */
    public record Bootstrap(String zone, List<String> inventory) {
    }

    /** A zone of the world template: its areas by id. */
    public record ZoneSummary(String name, String description, Gps gps, List<String> areas) {
    }

    /** A quest: who gives it and how many objectives complete it. */
    public record QuestSummary(String id, String name, String description, String giver, int required) {
    }
}
