package io.gaia.kb.command;

import io.gaia.kb.quest.QuestUpdate;
import java.util.LinkedHashMap;
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
        QuestUpdate first = updates.get(0);
        Map<String, Object> hook = new LinkedHashMap<>();
        hook.put("quest_updates", first.toMap());
        hook.put("all_quest_updates", updates.stream().map(QuestUpdate::toMap).toList());
        metadata.put("hook_result", hook);
        metadata.put("quest_update", first.toMap());
        updates.stream().filter(QuestUpdate::complete).findFirst()
                .ifPresent(done -> metadata.put("quest_complete", done.toMap()));
    }

    static String messages(String base, List<QuestUpdate> updates) {
        StringBuilder out = new StringBuilder(base);
        updates.forEach(update -> out.append(' ').append(update.message()));
        return out.toString();
    }
}
