package io.gaia.kb.experience;

import java.util.List;

/**
 * A command an author defined in {@code game-logic/<name>.md} with no Java (format: docs/experiences.md,
 * "Content-defined commands"). {@code rules} is null when the page has prose only: such a command needs a
 * language model to run.
 */
public record AuthoredCommand(String name, String file, String description, List<String> aliases, Rules rules,
                              String prose) {

    /** Whether the page declares its rules (else only a language model could run it). */
    public boolean structured() {
        return rules != null;
    }

    /** The structured block of a page: parameters, requirements and outcomes. */
    public record Rules(List<Parameter> params, List<Requirement> requires, List<Outcome> outcomes,
                        String otherwise) {
    }

    /** A parameter and what it refers to; its value is an id, except for {@link Kind#TEXT}. */
    public record Parameter(String name, Kind kind, boolean required, String description) {

        public enum Kind {
            /** an item the player carries */
            ITEM_HELD("item_held"),
            /** a visible item in a spot of the player's area */
            ITEM_IN_REACH("item_in_reach"),
            /** either of the two */
            ITEM("item"),
            /** an NPC standing in the player's area */
            NPC("npc"),
            /** an area of the player's zone */
            AREA("area"),
            /** free text (at most {@link #MAX_TEXT} characters) */
            TEXT("text");

            public static final int MAX_TEXT = 200;

            public final String wire;

            Kind(String wire) {
                this.wire = wire;
            }

            static Kind of(String wire) {
                for (Kind kind : values()) {
                    if (kind.wire.equals(wire)) {
                        return kind;
                    }
                }
                return null;
            }
        }
    }

    /** A condition that must hold, and what the player is told when it does not. */
    public record Requirement(Condition condition, String otherwise) {
    }

    /** One possible result: when all of {@code when} hold, the effects run and the message is the answer. */
    public record Outcome(List<Condition> when, List<Effect> effects, String message) {
    }
}
