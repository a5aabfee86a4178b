package io.gaia.kb.command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Which candidates a phrase names. A candidate is named only when every meaningful word of the
 * phrase is one of its words (from its names): "joy bottle" names the Bottle of Joy and never the
 * Bottle of Mystery, though both are bottles. An exact name wins over a partial one; several equal
 * matches are ambiguous. Candidates sharing only some words are kept as alternatives to offer.
 */
final class PhraseMatch<T> {

    /** Words that never tell two things apart. */
    private static final Set<String> FILLER = Set.of("the", "a", "an", "of", "my", "some", "to", "this", "that",
            "these", "those", "it", "please", "up", "here", "there", "now");

    private final List<T> named;
    private final List<T> alternatives;

    private PhraseMatch(List<T> named, List<T> alternatives) {
        this.named = named;
        this.alternatives = alternatives;
    }

    /** Exactly one candidate is named. */
    boolean unique() {
        return named.size() == 1;
    }

    boolean ambiguous() {
        return named.size() > 1;
    }

    T found() {
        return named.get(0);
    }

    /** The candidates named equally well (ambiguous) or, when none is named, those sharing a word with the phrase. */
    List<T> alternatives() {
        return ambiguous() ? named : alternatives;
    }

    static <T> PhraseMatch<T> of(String phrase, List<T> candidates, Function<T, List<String>> names,
                                 Function<T, String> id) {
        String wanted = normalize(phrase);
        List<String> words = words(wanted);
        Map<String, T> exact = new LinkedHashMap<>();
        Map<String, T> covering = new LinkedHashMap<>();
        Map<String, T> sharing = new LinkedHashMap<>();
        if (words.isEmpty()) {
            return new PhraseMatch<>(List.of(), List.of());
        }
        for (T candidate : candidates) {
            Set<String> known = new LinkedHashSet<>();
            for (String name : names.apply(candidate)) {
                String normalized = normalize(name.replace('_', ' ').replace('-', ' '));
                if (normalized.equals(wanted) || words(normalized).equals(words)) {
                    exact.putIfAbsent(id.apply(candidate), candidate);
                }
                known.addAll(words(normalized));
            }
            if (known.containsAll(words)) {
                covering.putIfAbsent(id.apply(candidate), candidate);
            } else if (words.stream().anyMatch(w -> w.length() > 2 && known.contains(w))) {
                sharing.putIfAbsent(id.apply(candidate), candidate);
            }
        }
        List<T> named = new ArrayList<>(!exact.isEmpty() ? exact.values() : covering.values());
        return new PhraseMatch<>(named, new ArrayList<>(sharing.values()));
    }

    static String normalize(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_ -]", " ").replaceAll("\\s+", " ").strip();
    }

    private static List<String> words(String normalized) {
        List<String> out = new ArrayList<>();
        for (String word : normalized.split("[ _-]+")) {
            if (!word.isEmpty() && !FILLER.contains(word)) {
                out.add(word);
            }
        }
        return out;
    }
}
