package io.gaia.chat.narrative;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The offline narrator's way of answering in an NPC's voice: the persona is written as
 * instructions ("You are Louisa... Four of your dream bottles spilled from your loom..."), so the
 * sentences that share the most words with the question are turned into the first person
 * ("Four of my dream bottles spilled from my loom..."). Sentences about how to play the role
 * ("you never break character") are never spoken.
 */
final class PersonaVoice {

    private static final Pattern SENTENCE = Pattern.compile("(?<=[.!?])\\s+");
    /** Words that mark a sentence about how to play the role rather than about the world. */
    private static final Set<String> STAGE_DIRECTIONS = Set.of("character", "never", "do not know", "speak", "answer");
    private static final Set<String> SMALL = Set.of("the", "a", "an", "of", "to", "and", "what", "are", "is", "for", "you",
            "your", "do", "does", "how", "why", "who", "where", "can", "i", "me", "my", "it", "in", "on", "about", "tell", "this");

    private PersonaVoice() {
    }

    /** One or two first-person sentences of the persona that answer {@code question} best; empty when none relates. */
    static String answer(String persona, String question) {
        return spoken(persona, question, false);
    }

    /** The persona's first speakable sentence, in the first person ("I am Louisa, ..."). */
    static String introduction(String persona) {
        return spoken(persona, "", true);
    }

    private static String spoken(String persona, String question, boolean introduce) {
        List<String> sentences = new ArrayList<>();
        for (String sentence : SENTENCE.split(persona.strip())) {
            String lower = sentence.toLowerCase(Locale.ROOT);
            if (!sentence.isBlank() && STAGE_DIRECTIONS.stream().noneMatch(lower::contains)) {
                sentences.add(sentence.strip());
            }
        }
        if (sentences.isEmpty()) {
            return "";
        }
        Set<String> asked = words(question);
        List<String> best = sentences.stream()
                .filter(s -> overlap(words(s), asked) > 0)
                .sorted(Comparator.comparingInt((String s) -> overlap(words(s), asked)).reversed())
                .limit(2)
                .toList();
        if (best.isEmpty()) {
            return introduce ? firstPerson(sentences.get(0)) : "";
        }
        return firstPerson(String.join(" ", best));
    }

    static String firstPerson(String text) {
        return text.replaceAll("\\bYou are\\b", "I am")
                .replaceAll("\\byou are\\b", "I am")
                .replaceAll("\\bYourself\\b", "Myself")
                .replaceAll("\\byourself\\b", "myself")
                .replaceAll("\\bYour\\b", "My")
                .replaceAll("\\byour\\b", "my")
                .replaceAll("\\bYou\\b", "I")
                .replaceAll("\\byou\\b", "I");
    }

    private static Set<String> words(String text) {
        Set<String> out = new java.util.HashSet<>();
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (word.length() > 2 && !SMALL.contains(word)) {
                out.add(word.endsWith("s") && word.length() > 3 ? word.substring(0, word.length() - 1) : word);
            }
        }
        return out;
    }

    private static int overlap(Set<String> a, Set<String> b) {
        int n = 0;
        for (String word : a) {
            n += b.contains(word) ? 1 : 0;
        }
        return n;
    }
}
