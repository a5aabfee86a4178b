package io.gaia.kb.command;

import io.gaia.events.kb.ActionMetadata;
import io.gaia.events.kb.HookResult;
import io.gaia.events.kb.QuestUpdate;
import java.util.List;
import java.util.Map;

/**
 * Puts quest progress into an action's metadata: {@code hook_result.quest_updates} (the first
 * update, the shape the earlier client reads), {@code quest_update} for every progress and
 * {@code quest_complete} when a quest completed.
 */
final class QuestReport {

    private QuestReport() {
    }

    static void add(Map<String, Object> metadata, List<QuestUpdate> updates) {
        if (updates.isEmpty()) {
            return;
        }
        HookResult hook = HookResult.of(updates);
        metadata.put(ActionMetadata.HOOK_RESULT, hook);
        metadata.put(ActionMetadata.QUEST_UPDATE, hook.questUpdates());
        updates.stream().filter(QuestUpdate::questComplete).findFirst()
                .ifPresent(done -> metadata.put(ActionMetadata.QUEST_COMPLETE, done));
    }

    static String messages(String base, List<QuestUpdate> updates) {
        StringBuilder out = new StringBuilder(base);
        updates.forEach(update -> out.append(' ').append(update.message()));
        return out.toString();
    }
}
