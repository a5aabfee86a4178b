package io.gaia.chat.intent;

import io.gaia.events.kb.Npc;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The offline resolver from words to kb commands: a verb (with its synonyms) picks the command,
 * and the rest of the sentence is fuzzy-matched against what the player can name right now. When
 * two things fit equally well, or nothing does, the answer is a question, never a guess that
 * changes state. Pure logic: no I/O, callable from unit tests.
 */
@Component
public class IntentResolver {

    private static final Pattern LEAD_IN = Pattern.compile(
            "^(?:(?:please|ok|okay|now|then|so|well|hmm|alright),?\\s+|(?:i(?: would| will|'ll|'d)? (?:like|want|wanna|try|need)(?: to)?|i'll|i|let me|can i|could i|may i|try to)\\s+)+");
    private static final Pattern ADDRESS = Pattern.compile("^(?:(?:hey|hi|hello|oh|dear)\\s+)?([\\p{L} ]{2,40}?)\\s*[,:]\\s*(.+)$");
    private static final Pattern ASK = Pattern.compile("^(?:ask|tell)\\s+([\\p{L}]+)\\s+(.+)$");
    private static final Pattern TALK = Pattern.compile("^(?:talk|speak|chat)\\s+(?:to|with)\\s+([\\p{L} ]+?)(?:\\s+about\\s+(.+))?$");
    private static final Pattern GREET = Pattern.compile("^(?:hello|hi|hey|greet|greetings)\\s+([\\p{L} ]+)$");
    private static final Pattern GIVE_TO = Pattern.compile("^(?:give|hand|offer|bring|return|deliver)\\s+(.+?)\\s+(?:to|for)\\s+(.+)$");
    private static final Pattern GIVE_NPC_FIRST = Pattern.compile("^(?:give|hand|offer|bring)\\s+(\\p{L}+)\\s+(.+)$");
    private static final Pattern COLLECT = Pattern.compile("^(?:take|grab|get|collect|pocket|snatch|pick up|pick)\\s+(.+?)(?:\\s+up)?$");
    private static final Pattern DROP = Pattern.compile("^(?:drop|discard|put down|set down|leave|place)\\s+(.+?)(?:\\s+down)?$");
    private static final Pattern GO = Pattern.compile(
            "^(?:go|walk|head|move|run|travel|return|enter|visit|approach|step|wander)(?:\\s+(?:over|back))?(?:\\s+(?:to|into|towards|toward|inside))?\\s+(.+)$");
    private static final Pattern EXAMINE = Pattern.compile("^(?:look at|look closely at|examine|inspect|check out|check|study|observe|read)\\s+(.+)$");
    private static final Pattern USE = Pattern.compile("^(?:use|drink|open|activate|uncork|shake)\\s+(.+)$");
    private static final Pattern INVENTORY = Pattern.compile(
            "^(?:inventory|inv|what do i have|what am i carrying|what(?:'s| is) in my (?:bag|pockets?|inventory)|check my (?:bag|inventory)|my (?:inventory|items|bag))$");
    private static final Pattern ACCEPT_QUEST = Pattern.compile("^(?:accept|start|take on)\\s+(?:the\\s+)?quest\\s*(.*)$");

    public Intent resolve(String message, WorldView world) {
        return resolve(message, world, List.of());
    }

    /**
     * As above; a message that is (or starts with) a phrase of one of the experience's content-defined
     * {@code verbs} runs that command first, the longest phrase winning: the content's own words for its
     * own mechanics are more specific than the generic verbs below ("read the journal").
     */
    public Intent resolve(String message, WorldView world, List<Verb> verbs) {
        String original = message.strip();
        String text = normalise(original);
        Optional<Intent> authored = authored(text, verbs);
        if (authored.isPresent()) {
            return authored.get();
        }
        Optional<Intent> talk = talk(original, text, world);
        if (talk.isPresent()) {
            return talk.get();
        }
        if (INVENTORY.matcher(text).matches()) {
            return new Intent.Command("inventory", Map.of(), null);
        }
        var m = ACCEPT_QUEST.matcher(text);
        if (m.matches() && !m.group(1).isBlank()) {
            return new Intent.Command("accept_quest", Map.of("quest_id", m.group(1).strip().replace(' ', '_')), null);
        }
        if ((m = GIVE_TO.matcher(text)).matches()) {
            return give(m.group(1), m.group(2), world);
        }
        if ((m = GIVE_NPC_FIRST.matcher(text)).matches()) {
            Matcher.Match npc = Matcher.match(m.group(1), world.npcs());
            if (npc.unique()) {
                return give(m.group(2), m.group(1), world);
            }
        }
        if ((m = COLLECT.matcher(text)).matches()) {
            return onItem("collect_item", m.group(1), world.itemsInReach(), "take", world);
        }
        if ((m = DROP.matcher(text)).matches()) {
            return onItem("drop_item", m.group(1), world.inventory(), "drop", world);
        }
        if ((m = EXAMINE.matcher(text)).matches()) {
            return onItem("examine", m.group(1), world.everything(), "look at", world);
        }
        if ((m = USE.matcher(text)).matches()) {
            return onItem("use_item", m.group(1), world.everything(), "use", world);
        }
        if ((m = GO.matcher(text)).matches()) {
            return go(m.group(1), world);
        }
        return new Intent.Chat(original);
    }

    private static Optional<Intent> authored(String text, List<Verb> verbs) {
        String best = null;
        String command = null;
        for (Verb verb : verbs) {
            for (String phrase : verb.phrases()) {
                if ((text.equals(phrase) || text.startsWith(phrase + " ")) && (best == null || phrase.length() > best.length())) {
                    best = phrase;
                    command = verb.command();
                }
            }
        }
        return command == null ? Optional.empty() : Optional.of(new Intent.Command(command, Map.of(), null, null));
    }

    private Optional<Intent> talk(String original, String text, WorldView world) {
        var address = ADDRESS.matcher(original.toLowerCase(Locale.ROOT));
        if (address.matches()) {
            Optional<Npc> npc = exactNpc(address.group(1), world);
            if (npc.isPresent()) {
                return Optional.of(new Intent.Talk(npc.get(), original.substring(original.length() - address.group(2).length())));
            }
        }
        for (Pattern p : List.of(ASK, TALK, GREET)) {
            var m = p.matcher(text);
            if (m.matches()) {
                Optional<Npc> npc = exactNpc(m.group(1), world);
                if (npc.isPresent()) {
                    String said = m.groupCount() > 1 && m.group(2) != null ? m.group(2) : "";
                    return Optional.of(new Intent.Talk(npc.get(), said));
                }
            }
        }
        return Optional.empty();
    }

    /** Addressing someone needs their name, not a near miss: "Louisa, ..." yes; "Well, ..." no. */
    private static Optional<Npc> exactNpc(String phrase, WorldView world) {
        List<String> said = Words.of(phrase);
        if (said.isEmpty()) {
            return Optional.empty();
        }
        for (Thing npc : world.npcs()) {
            if (npc.names().containsAll(said)) {
                Npc persona = world.personas().get(npc.id());
                return Optional.of(persona != null ? persona : new Npc(npc.id(), npc.label(), npc.description(), "", null));
            }
        }
        return Optional.empty();
    }

    private Intent give(String itemPhrase, String npcPhrase, WorldView world) {
        Matcher.Match npc = Matcher.match(npcPhrase, world.npcs());
        if (!npc.unique()) {
            return npc.none()
                    ? new Intent.Clarify("Who should receive it? " + listing("You could give it to", world.npcs()), world.npcs())
                    : new Intent.Clarify("Whom do you mean: " + choices(npc.best()) + "?", npc.best());
        }
        if (world.inventory().isEmpty()) {
            return new Intent.Clarify("You aren't carrying anything to give.", List.of());
        }
        Intent item = onItem("give_item", itemPhrase, world.inventory(), "give", world);
        if (item instanceof Intent.Command command) {
            return new Intent.Command("give_item",
                    Map.of("instance_id", command.target().id(), "target_npc_id", npc.best().get(0).id()), command.target(), null);
        }
        return item;
    }

    private Intent onItem(String action, String phrase, List<Thing> pool, String verb, WorldView world) {
        Matcher.Match match = Matcher.match(phrase, pool);
        if (match.unique()) {
            Thing target = match.best().get(0);
            // Taking a bottle seen across the shop means walking over first: kb only reaches the current area.
            String goFirst = target.area() != null && world.currentArea() != null && !target.area().equals(world.currentArea())
                    ? target.area() : null;
            return new Intent.Command(action, Map.of("instance_id", target.id()), target, goFirst);
        }
        if (!match.none()) {
            return new Intent.Clarify("Which one do you want to " + verb + ": " + choices(match.best()) + "?", match.best());
        }
        String where = pool == world.inventory() ? "You aren't carrying " : "There is no ";
        String hint = pool.isEmpty() ? "" : " " + listing(pool == world.inventory() ? "You carry" : "Nearby you see", pool);
        return new Intent.Clarify(where + "\"" + phrase.strip() + "\" here." + hint, pool);
    }

    private Intent go(String phrase, WorldView world) {
        Matcher.Match place = Matcher.match(phrase, world.places());
        if (place.unique()) {
            Thing target = place.best().get(0);
            return new Intent.Command("go", Map.of("destination", target.id()), target);
        }
        if (!place.none()) {
            return new Intent.Clarify("Where exactly: " + choices(place.best()) + "?", place.best());
        }
        return new Intent.Clarify("I don't know a way to \"" + phrase.strip() + "\". "
                + listing("From here you can go to", world.places()), world.places());
    }

    private static String normalise(String message) {
        String text = message.toLowerCase(Locale.ROOT)
                .replaceAll("[\"“”‘’]", "")
                .replaceAll("[.!?]+$", "")
                .replaceAll("\\s+", " ")
                .strip();
        return LEAD_IN.matcher(text).replaceFirst("").strip();
    }

    private static String choices(List<Thing> things) {
        List<String> names = things.stream().map(t -> "the " + t.spoken()).toList();
        if (names.size() == 1) {
            return names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }

    private static String listing(String lead, List<Thing> things) {
        if (things.isEmpty()) {
            return "";
        }
        return lead + ": " + things.stream().map(Thing::spoken).distinct().limit(8).collect(Collectors.joining(", ")) + ".";
    }
}
