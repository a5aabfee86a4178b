package io.gaia.events.kb;

import java.util.List;
import java.util.Map;

/** The player in an area of interest: where they are, what they carry, and their quests by id. */
public record PlayerView(String userId, String currentLocation, String currentArea, List<Item> inventory,
                         Map<String, QuestProgress> quests) {

    public PlayerView {
        inventory = inventory == null ? List.of() : inventory;
        quests = quests == null ? Map.of() : quests;
    }
}
