package io.gaia.events.kb;

import java.util.List;

/**
 * {@code metadata.hook_result} of an action that advanced quests: {@code quest_updates} is the first
 * update (the shape the earlier client reads), {@code all_quest_updates} every one, in order.
 */
public record HookResult(QuestUpdate questUpdates, List<QuestUpdate> allQuestUpdates) {

    public static HookResult of(List<QuestUpdate> updates) {
        return new HookResult(updates.get(0), List.copyOf(updates));
    }

    /** Every update: {@code all_quest_updates}, else the single {@code quest_updates}. */
    public List<QuestUpdate> all() {
        if (allQuestUpdates != null && !allQuestUpdates.isEmpty()) {
            return allQuestUpdates;
        }
        return questUpdates == null ? List.of() : List.of(questUpdates);
    }
}
