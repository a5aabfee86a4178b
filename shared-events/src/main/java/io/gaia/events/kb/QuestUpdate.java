package io.gaia.events.kb;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How one quest moved because of an action:
 * {@code {quest_id, name, <counter>: n, required, quest_complete, status, message}}, where the
 * counter is named by the quest's content, e.g. {@code bottles_collected} for Louisa's quest, as the
 * earlier client expects. The counter (and any field a newer kb-service adds) is kept in {@code counters}.
 */
public record QuestUpdate(String questId, String name, Integer required, boolean questComplete, String status,
                         String message, @JsonAnySetter Map<String, Object> counters) {

    public static final String ACTIVE = "active";
    public static final String COMPLETE = "complete";

    public QuestUpdate {
        counters = counters == null ? new LinkedHashMap<>() : counters;
    }

    public static QuestUpdate of(String questId, String name, String counter, int count, int required,
                                 boolean complete, String message) {
        Map<String, Object> counters = new LinkedHashMap<>();
        counters.put(counter, count);
        return new QuestUpdate(questId, name, required, complete, complete ? COMPLETE : ACTIVE, message, counters);
    }

    @JsonAnyGetter
    @Override
    public Map<String, Object> counters() {
        return counters;
    }

    /** The quest's count so far: its first integer counter, else 0. */
    @JsonIgnore
    public int count() {
        return counters.values().stream().filter(Number.class::isInstance).map(n -> ((Number) n).intValue())
                .findFirst().orElse(0);
    }
}
