package io.gaia.kb.state;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A player's own state in one experience: location (zone and area), inventory, quest progress and
 * counters. Mutated only by the experience's writer thread.
 */
public final class PlayerState {

    public String userId;
    public String experience;
    public String currentLocation;
    public String currentArea;
    public List<Item> inventory = new ArrayList<>();
    public Map<String, QuestProgress> quests = new LinkedHashMap<>();
    public Map<String, Long> stats = new LinkedHashMap<>();
    /** Free-form state of this player, set by content-defined commands. */
    public Map<String, Object> state = new LinkedHashMap<>();
    public long createdAt;
    public DocMetadata metadata = new DocMetadata();
}
