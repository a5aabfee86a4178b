package io.gaia.kb.experience;

/**
 * A precondition over state, as authored in a command page. A value written {@code $name} is the
 * command's parameter {@code name}; every other value is literal. Evaluated by the engine only.
 */
public sealed interface Condition {

    /** The player carries an item with this instance id or template id. */
    record Holds(String item) implements Condition {
    }

    /** The item (instance id) lies at the spot {@code zone/area/spot}. */
    record ItemAt(String item, SpotAddress at) implements Condition {
    }

    /** The item (in a spot, the player's inventory or an NPC's keeping) has {@code state[key] == equals}. */
    record ItemState(String item, String key, Object equals) implements Condition {
    }

    record NpcState(String npc, String key, Object equals) implements Condition {
    }

    record GlobalState(String key, Object equals) implements Condition {
    }

    /** The acting player's own state ({@code player.state}). */
    record PlayerState(String key, Object equals) implements Condition {
    }

    /** The player's quest is in {@code status}: {@code not_started}, {@code active} or {@code complete}. */
    record QuestStatus(String quest, String status) implements Condition {
        public static final String NOT_STARTED = "not_started";
    }

    /** The player is on stage {@code stage} of a quest with stages. */
    record QuestStage(String quest, String stage) implements Condition {
    }

    /** The player's quest counter has reached {@code atLeast}. */
    record QuestCounter(String quest, String counter, int atLeast) implements Condition {
    }

    /** The player stands in {@code zone}, and in {@code area} when one is given. */
    record InArea(String zone, String area) implements Condition {
    }

    record Not(Condition condition) implements Condition {
    }
}
