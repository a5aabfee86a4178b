package io.gaia.chat.intent;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Something a player can name: an item, an NPC, a place. {@code names} are the words it answers to
 * (its id split on underscores, its name); {@code hints} are descriptive words ("golden", "moon")
 * that count a little less than a name. {@code area} is where an item lies (null when carried).
 */
public record Thing(String id, String label, String description, Set<String> names, Set<String> hints, String area) {

    public static Thing of(String id, String name, String description) {
        String label = name != null && !name.isBlank() ? name : id.replace('_', ' ');
        Set<String> names = new LinkedHashSet<>(Words.of(id.replace('_', ' ')));
        names.addAll(Words.of(label));
        Set<String> hints = new LinkedHashSet<>(Words.of(description == null ? "" : description));
        hints.removeAll(names);
        return new Thing(id, label, description == null ? "" : description, Set.copyOf(names), Set.copyOf(hints), null);
    }

    /** The same thing, lying in {@code areaId} (the area a player must be in to reach it). */
    public Thing in(String areaId) {
        return new Thing(id, label, description, names, hints, areaId);
    }

    /** The same thing, also answering to the words of {@code alias} (e.g. a semantic name). */
    public Thing alsoCalled(String alias) {
        if (alias == null || alias.isBlank()) {
            return this;
        }
        Set<String> more = new LinkedHashSet<>(names);
        more.addAll(Words.of(alias.replace('_', ' ')));
        Set<String> fewerHints = new LinkedHashSet<>(hints);
        fewerHints.removeAll(more);
        return new Thing(id, label, description, Set.copyOf(more), Set.copyOf(fewerHints), area);
    }

    /** "the bottle of joy" rather than "bottle_joy" when speaking to a player. */
    public String spoken() {
        List<String> words = new ArrayList<>(List.of(label.toLowerCase(Locale.ROOT).split("\\s+")));
        if (!label.equals(id.replace('_', ' ')) || words.size() != 2 || !words.get(0).equals("bottle")) {
            return label;
        }
        return "bottle of " + words.get(1);
    }
}
