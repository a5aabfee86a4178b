package io.gaia.chat.intent;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Lower-cased word tokens without filler words, and a small edit distance for typos. */
final class Words {

    static final Set<String> FILLER = Set.of("the", "a", "an", "of", "to", "my", "this", "that", "some", "please",
            "at", "on", "in", "into", "from", "with", "up", "over", "there", "here", "it", "me", "i", "you", "your",
            "and", "for", "now", "just", "one", "little", "tiny", "s");

    private Words() {
    }

    static List<String> of(String text) {
        List<String> words = new ArrayList<>();
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!word.isEmpty() && !FILLER.contains(word)) {
                words.add(word);
            }
        }
        return words;
    }

    /** 1 for the same word, less for a near miss (typo or plural), 0 otherwise. */
    static double similarity(String said, String known) {
        if (said.equals(known)) {
            return 1.0;
        }
        if (said.length() >= 4 && known.length() >= 4 && (said.startsWith(known) || known.startsWith(said))) {
            return 0.85;
        }
        int distance = distance(said, known);
        if (distance == 1 && Math.min(said.length(), known.length()) >= 4) {
            return 0.8;
        }
        if (distance == 2 && Math.min(said.length(), known.length()) >= 7) {
            return 0.6;
        }
        return 0;
    }

    private static int distance(String a, String b) {
        if (Math.abs(a.length() - b.length()) > 2) {
            return 3;
        }
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
