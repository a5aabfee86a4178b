package io.gaia.kb.experience;

import java.util.List;
import java.util.Map;

/**
 * {@code templates/quests/<id>.json}: a quest as data. It has one {@code objective}, or ordered
 * {@code stages}, each with its own objective: give matching items to an NPC ({@code give_items}),
 * collect them ({@code collect_items}), use them ({@code use_item}), talk to an NPC ({@code talk}) or
 * visit a zone or area ({@code visit}). Each objective counts under its name {@code counter}; at its
 * {@code count} the stage is done, and after the last stage the quest completes and {@code on_complete}
 * changes the world and rewards the player.
 */
public record QuestDefinition(
        String id,
        String name,
        String description,
        String giver,
        boolean autoAccept,
        List<Stage> stages,
        Messages messages,
        OnComplete onComplete) {

    public static final String GIVE_ITEMS = "give_items";
    public static final String COLLECT_ITEMS = "collect_items";
    public static final String USE_ITEM = "use_item";
    public static final String TALK = "talk";
    public static final String VISIT = "visit";
    public static final List<String> TYPES = List.of(GIVE_ITEMS, COLLECT_ITEMS, USE_ITEM, TALK, VISIT);

    /** The first stage's objective: the whole objective of a one-stage quest. */
    public Objective objective() {
        return stages.get(0).objective();
    }

    /** Whether the quest has several stages (its progress then says which one the player is on). */
    public boolean staged() {
        return stages.size() > 1;
    }

    /** A step of a quest: its objective and the message when it is done (null: the progress message). */
    public record Stage(String id, Objective objective, String message) {
    }

    /**
     * What counts: items by {@code itemTypes}/{@code templateIds} (give, collect, use), the NPC
     * {@code targetNpc} (give, talk), the {@code zone} and optional {@code area} (visit).
     */
    public record Objective(String type, String targetNpc, List<String> itemTypes, List<String> templateIds,
                            String zone, String area, int count, String counter) {

        public boolean matches(String templateId, String itemType) {
            return templateIds.contains(templateId) || (itemType != null && itemTypes.contains(itemType));
        }
    }

    /** Texts with {@code {count}} and {@code {required}} placeholders. */
    public record Messages(String accepted, String progress, String complete) {
    }

    /**
     * What completing the quest does: world and NPC state, the player's own state, and items given as a
     * reward (spawned from a template into the player's inventory or at a spot).
     */
    public record OnComplete(Map<String, Object> globalState, Map<String, Map<String, Object>> npcState,
                             Map<String, Object> playerState, List<Reward> items) {
    }

    /** A reward item: a new item from {@code template} at {@code to} ({@code zone/area/spot} or the player). */
    public record Reward(String template, SpotAddress to) {
        public boolean toPlayer() {
            return to == null;
        }
    }
}
