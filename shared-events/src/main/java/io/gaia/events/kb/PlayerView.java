package io.gaia.events.kb;

import java.util.List;
import java.util.Map;

/**
 * The player in an area of interest: where they are, what they carry, their quests by id, and their own
 * state set by content-defined commands ({@code state}; absent while empty).
 */
public record PlayerView(String userId, String currentLocation, String currentArea, List<Item> inventory,
                         Map<String, QuestProgress> quests, Map<String, Object> state) {

    public PlayerView(String userId, String currentLocation, String currentArea, List<Item> inventory,
                      Map<String, QuestProgress> quests) {
        this(userId, currentLocation, currentArea, inventory, quests, null);
    }

    public PlayerView {
        inventory = inventory == null ? List.of() : inventory;
        quests = quests == null ? Map.of() : quests;
    }
}
