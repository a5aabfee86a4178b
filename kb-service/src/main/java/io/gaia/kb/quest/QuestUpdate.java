package io.gaia.kb.quest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How one quest moved because of an action. As metadata it reads
 * {@code {quest_id, name, <counter>: n, required, quest_complete, status, message}}, e.g.
 * {@code bottles_collected} for Louisa's quest, as the earlier client expects.
 */
public record QuestUpdate(String questId, String name, String counter, int count, int required, boolean complete,
                          String message) {

    public Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("quest_id", questId);
        out.put("name", name);
        out.put(counter, count);
        out.put("required", required);
        out.put("quest_complete", complete);
        out.put("status", complete ? "complete" : "active");
        out.put("message", message);
        return out;
    }
}
