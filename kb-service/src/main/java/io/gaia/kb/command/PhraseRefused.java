package io.gaia.kb.command;

import java.util.List;
import java.util.Map;

/**
 * A phrase that does not name one thing the player can act on: several fit ({@code ambiguous}) or
 * none is here ({@code not_found} / {@code not_in_inventory}). Nothing runs; the answer lists the
 * alternatives ({@code metadata.alternatives}: {@code [{id, name}]}) so the player can say which.
 */
final class PhraseRefused extends GameError {

    private final List<Map<String, String>> alternatives;

    PhraseRefused(String code, String message, List<Map<String, String>> alternatives) {
        super(code, message);
        this.alternatives = List.copyOf(alternatives);
    }

    List<Map<String, String>> alternatives() {
        return alternatives;
    }
}
