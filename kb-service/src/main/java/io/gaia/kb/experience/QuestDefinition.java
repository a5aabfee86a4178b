package io.gaia.kb.experience;

import java.util.List;
import java.util.Map;

/**
 * {@code templates/quests/<id>.json}: a quest as data. The objective counts matching items given to
 * an NPC ({@code give_items}) or collected ({@code collect_items}) under the name {@code counter};
 * at {@code count} the quest completes and {@code on_complete} changes the world.
 */
public record QuestDefinition(
        String id,
        String name,
        String description,
        String giver,
        boolean autoAccept,
        Objective objective,
        Messages messages,
        OnComplete onComplete) {

    public static final String GIVE_ITEMS = "give_items";
    public static final String COLLECT_ITEMS = "collect_items";

    public record Objective(String type, String targetNpc, List<String> itemTypes, List<String> templateIds,
                            int count, String counter) {

        public boolean matches(String templateId, String itemType) {
            return templateIds.contains(templateId) || (itemType != null && itemTypes.contains(itemType));
        }
    }

    /** Texts with {@code {count}} and {@code {required}} placeholders. */
    public record Messages(String accepted, String progress, String complete) {
    }

    public record OnComplete(Map<String, Object> globalState, Map<String, Map<String, Object>> npcState) {
    }
}
