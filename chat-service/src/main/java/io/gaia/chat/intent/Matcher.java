package io.gaia.chat.intent;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Fuzzy matching of a spoken phrase ("the golden bottle", "bottle of joy") against the things in
 * reach. The result is one clear winner, several equally good candidates (ask which), or nothing.
 * A thing is a candidate only when every word said fits it (by name or description, typos allowed).
 */
final class Matcher {

    private static final double NAME_WEIGHT = 1.0;
    private static final double HINT_WEIGHT = 0.7;
    private static final double ACCEPT = 0.5;
    private static final double TIE = 0.1;

    private Matcher() {
    }

    record Match(List<Thing> best) {
        boolean none() {
            return best.isEmpty();
        }

        boolean unique() {
            return best.size() == 1;
        }
    }

    static Match match(String phrase, List<Thing> things) {
        List<String> said = Words.of(phrase);
        if (said.isEmpty() || things.isEmpty()) {
            return new Match(List.of());
        }
        record Scored(Thing thing, double score, double coverage) {
        }
        List<Scored> scored = new ArrayList<>();
        for (Thing thing : things) {
            double total = 0;
            int namesHit = 0;
            int wordsHit = 0;
            for (String word : said) {
                double byName = best(word, thing.names()) * NAME_WEIGHT;
                double byHint = best(word, thing.hints()) * HINT_WEIGHT;
                total += Math.max(byName, byHint);
                namesHit += byName > 0 ? 1 : 0;
                wordsHit += byName > 0 || byHint > 0 ? 1 : 0;
            }
            // Every word said must fit the thing: "joy bottle" never means the mystery bottle, though both are bottles.
            if (namesHit > 0 && wordsHit == said.size()) {
                scored.add(new Scored(thing, total / said.size(), (double) namesHit / thing.names().size()));
            }
        }
        scored.sort(Comparator.comparingDouble(Scored::score).thenComparingDouble(Scored::coverage).reversed());
        if (scored.isEmpty() || scored.get(0).score() < ACCEPT) {
            return new Match(List.of());
        }
        Scored top = scored.get(0);
        List<Thing> best = new ArrayList<>();
        for (Scored s : scored) {
            boolean tied = top.score() - s.score() < TIE && Math.abs(top.coverage() - s.coverage()) < 1e-9;
            boolean sameThing = best.stream().anyMatch(b -> b.id().equals(s.thing().id()));
            if ((s == top || tied) && !sameThing) {
                best.add(s.thing());
            }
        }
        return new Match(best);
    }

    private static double best(String word, Iterable<String> known) {
        double best = 0;
        for (String k : known) {
            best = Math.max(best, Words.similarity(word, k));
        }
        return best;
    }
}
