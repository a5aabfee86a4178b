package io.gaia.kb.api;

import io.gaia.kb.command.CommandRegistry;
import io.gaia.kb.experience.ExperienceContent;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON views of experience content for the HTTP API. */
final class ExperienceViews {

    private ExperienceViews() {
    }

    static Map<String, Object> summary(ExperienceContent content) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", content.config().name());
        out.put("description", content.config().description());
        out.put("version", content.config().version());
        out.put("state_model", content.config().model().wireName());
        return out;
    }

    static Map<String, Object> info(ExperienceContent content, CommandRegistry commands) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", content.id());
        out.putAll(summary(content));
        out.put("capabilities", content.config().capabilities());
        out.put("bootstrap", Map.of("zone", content.config().bootstrap().zone(),
                "inventory", content.config().bootstrap().inventory()));
        Map<String, Object> zones = new LinkedHashMap<>();
        content.worldTemplate().locations.forEach((id, zone) -> {
            Map<String, Object> z = new LinkedHashMap<>();
            z.put("name", zone.name);
            z.put("description", zone.description);
            if (zone.gps != null) {
                z.put("gps", Map.of("lat", zone.gps.lat(), "lng", zone.gps.lng()));
            }
            z.put("areas", zone.areas.keySet());
            zones.put(id, z);
        });
        out.put("zones", zones);
        out.put("quests", content.quests().values().stream().map(q -> {
            Map<String, Object> quest = new LinkedHashMap<>();
            quest.put("id", q.id());
            quest.put("name", q.name());
            quest.put("description", q.description());
            if (q.giver() != null) {
                quest.put("giver", q.giver());
            }
            quest.put("required", q.objective().count());
            return quest;
        }).toList());
        out.put("commands", commands.names());
        return out;
    }
}
