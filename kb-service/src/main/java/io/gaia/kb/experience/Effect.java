package io.gaia.kb.experience;

import java.util.Map;

/**
 * A change an authored command makes. The engine checks every effect of an outcome before it applies
 * the first one, and applies them through the same transaction as the built-in commands (one delta per
 * change). A value written {@code $name} is the command's parameter {@code name}.
 */
public sealed interface Effect {

    /** Moves an item lying in a spot or carried by the player to {@code to}. */
    record MoveItem(String item, Target to) implements Effect {
    }

    /** A new item from {@code template} at {@code to}; {@code id} when given must never have existed. */
    record SpawnItem(String template, String id, Target to) implements Effect {
    }

    /** Removes an item lying in a spot or carried by the player (it is used up). */
    record RemoveItem(String item) implements Effect {
    }

    record SetItemState(String item, Map<String, Object> state) implements Effect {
    }

    record SetNpcState(String npc, Map<String, Object> state) implements Effect {
    }

    record SetGlobalState(Map<String, Object> state) implements Effect {
    }

    /** The acting player's own state ({@code player.state}), private to them. */
    record SetPlayerState(Map<String, Object> state) implements Effect {
    }

    /** Starts the quest for the player unless it is started already. */
    record StartQuest(String quest) implements Effect {
    }

    /** Counts one towards the quest's objective (starting it first); a complete quest is left as it is. */
    record AdvanceQuest(String quest) implements Effect {
    }

    /** An NPC speaks a line (in the answer's {@code metadata.npc_speech}). */
    record NpcSay(String npc, String text) implements Effect {
    }

    /** Where an item goes: a spot, or the acting player's inventory. */
    record Target(SpotAddress spot) {
        public static final String PLAYER = "player";

        public boolean player() {
            return spot == null;
        }
    }
}
