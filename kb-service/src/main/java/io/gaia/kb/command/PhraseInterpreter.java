package io.gaia.kb.command;

import io.gaia.events.ErrorCodes;
import io.gaia.kb.experience.AuthoredCommand;
import io.gaia.kb.experience.GameLogicDoc;
import io.gaia.kb.experience.ItemTemplate;
import io.gaia.kb.experience.NpcTemplate;
import io.gaia.kb.experience.QuestDefinition;
import io.gaia.kb.state.Area;
import io.gaia.kb.state.Item;
import io.gaia.kb.state.PlayerState;
import io.gaia.kb.state.Zone;
import io.gaia.kb.world.SpotRef;
import io.gaia.kb.world.Tx;
import io.gaia.kb.world.WorldQueries;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Maps simple phrases ("take the bottle of joy", "give the joy bottle to Louisa", "go to the main
 * room") onto commands, for the {@code POST /experience/interact} endpoint. Verbs come from the
 * experience's game-logic front matter ({@code aliases}) plus a few built-in ones; objects are
 * matched against what the player can see and carry (names, semantic names, aliases, ids) by
 * {@link PhraseMatch}. An action the player did not ask for never runs: a phrase that names no
 * single thing is refused ({@link PhraseRefused}) with the alternatives.
 */
public final class PhraseInterpreter {

    private static final Map<String, List<String>> BUILT_IN = Map.ofEntries(
            Map.entry("collect_item", List.of("take", "pick up", "grab", "collect", "get")),
            Map.entry("drop_item", List.of("drop", "put down", "leave")),
            Map.entry("give_item", List.of("give", "hand", "offer")),
            Map.entry("go", List.of("go to", "walk to", "move to", "enter", "go")),
            Map.entry("examine", List.of("examine", "look at", "inspect")),
            Map.entry("inventory", List.of("inventory", "what do i have", "what am i carrying")),
            Map.entry("use_item", List.of("use", "drink", "open")),
            Map.entry("talk", List.of("talk to", "talk with", "speak to", "speak with", "greet")),
            Map.entry("accept_quest", List.of("accept quest", "accept", "start quest")));
    private static final List<String> POLITE = List.of("please ", "i want to ", "i would like to ", "let me ", "can i ");
    private static final List<String> ARTICLES = List.of("the ", "a ", "an ", "my ", "some ");
    private static final int MAX_ALTERNATIVES = 8;

    private PhraseInterpreter() {
    }

    /** A phrase read as a command with params ({@code byModel}: read by the language model). */
    public record Reading(String command, Map<String, Object> params, boolean byModel) {

        public Reading(String command, Map<String, Object> params) {
            this(command, params, false);
        }
    }

    public static Optional<Reading> read(Tx tx, String message) {
        String text = normalize(message);
        for (String polite : POLITE) {
            if (text.startsWith(polite)) {
                text = text.substring(polite.length());
            }
        }
        Verb verb = verb(tx, text).orElse(null);
        if (verb == null) {
            return Optional.empty();
        }
        String rest = stripArticle(text.substring(verb.alias().length()).strip());
        Map<String, Object> params = new LinkedHashMap<>();
        Optional<AuthoredCommand> authored = tx.content().command(verb.command());
        if (authored.isPresent()) {
            authoredParams(tx, authored.get(), rest).ifPresent(p -> params.put(p.getKey(), p.getValue()));
            return Optional.of(new Reading(verb.command(), params));
        }
        switch (verb.command()) {
            case "inventory" -> { }
            case "go" -> params.put("destination", area(tx, rest));
            case "talk" -> params.put("npc_id", npc(tx, rest));
            case "accept_quest" -> params.put("quest_id", quest(tx, rest));
            case "give_item" -> {
                int to = rest.lastIndexOf(" to ");
                String itemPhrase = to < 0 ? rest : rest.substring(0, to);
                params.put("instance_id", item(tx, stripArticle(itemPhrase), true, false));
                params.put("target_npc_id", to < 0 ? "" : npc(tx, stripArticle(rest.substring(to + 4))));
            }
            case "collect_item" -> params.put("instance_id", item(tx, rest, false, true));
            case "examine" -> params.put("instance_id", item(tx, rest, true, true));
            default -> params.put("instance_id", item(tx, rest, true, false));
        }
        return Optional.of(new Reading(verb.command(), params));
    }

    private record Verb(String command, String alias) {
    }

    /**
     * A content-defined command reads the rest of the phrase as its first parameter, by that parameter's
     * kind (an item it carries or can reach, an NPC, an area, or the text itself); a command without
     * parameters ignores the rest ("knock on the fairy door").
     */
    private static Optional<Map.Entry<String, Object>> authoredParams(Tx tx, AuthoredCommand command, String rest) {
        if (!command.structured() || command.rules().params().isEmpty() || rest.isEmpty()) {
            return Optional.empty();
        }
        AuthoredCommand.Parameter first = command.rules().params().get(0);
        Object value = switch (first.kind()) {
            case ITEM_HELD -> item(tx, rest, true, false);
            case ITEM_IN_REACH -> item(tx, rest, false, true);
            case ITEM -> item(tx, rest, true, true);
            case NPC -> npc(tx, rest);
            case AREA -> area(tx, rest);
            case TEXT -> rest.length() > AuthoredCommand.Parameter.Kind.MAX_TEXT
                    ? rest.substring(0, AuthoredCommand.Parameter.Kind.MAX_TEXT) : rest;
        };
        return Optional.of(Map.entry(first.name(), value));
    }

    private static Optional<Verb> verb(Tx tx, String text) {
        List<Verb> verbs = new ArrayList<>();
        BUILT_IN.forEach((command, aliases) -> aliases.forEach(a -> verbs.add(new Verb(command, a))));
        for (GameLogicDoc doc : tx.content().gameLogic()) {
            doc.aliases().forEach(a -> verbs.add(new Verb(doc.command(), normalize(a))));
            verbs.add(new Verb(doc.command(), doc.command().replace('_', ' ')));
        }
        return verbs.stream()
                .filter(v -> !v.alias().isEmpty() && (text.equals(v.alias()) || text.startsWith(v.alias() + " ")))
                .max(Comparator.comparingInt(v -> v.alias().length()));
    }

    /**
     * The item the phrase names among those the player carries ({@code inventory}) or can reach
     * ({@code reach}). Never a guess: an ambiguous phrase, or one naming nothing here, is refused
     * with the alternatives, unless it names an item of the experience that is elsewhere; then the
     * command runs on that item and says why it cannot be done (e.g. {@code already_taken}).
     */
    private static String item(Tx tx, String phrase, boolean inventory, boolean reach) {
        PlayerState player = tx.player();
        List<Item> candidates = new ArrayList<>();
        if (inventory) {
            candidates.addAll(player.inventory);
        }
        if (reach) {
            for (SpotRef spot : WorldQueries.spotsIn(tx.world(), player.currentLocation, player.currentArea)) {
                spot.spot().items.stream().filter(i -> i.visible).forEach(candidates::add);
            }
        }
        PhraseMatch<Item> match = PhraseMatch.of(phrase, candidates, item -> itemNames(tx, item), item -> item.instanceId);
        if (match.unique()) {
            return match.found().instanceId;
        }
        if (match.ambiguous()) {
            throw refused(ErrorCodes.AMBIGUOUS, "Which one do you mean: " + listing(match.alternatives()) + "?",
                    match.alternatives());
        }
        Optional<String> elsewhere = elsewhere(tx, phrase);
        if (elsewhere.isPresent()) {
            return elsewhere.get();
        }
        List<Item> offered = match.alternatives().isEmpty() ? candidates : match.alternatives();
        String said = PhraseMatch.normalize(phrase);
        String offer = offered.isEmpty() ? "" : " " + (reach ? "Here you can see: " : "You carry: ") + listing(offered) + ".";
        throw refused(reach ? ErrorCodes.NOT_FOUND : ErrorCodes.NOT_IN_INVENTORY,
                (reach ? "There is no '" + said + "' here." : "You are not carrying '" + said + "'.") + offer, offered);
    }

    /** An item of the experience (template id = instance id) the phrase names, though it is not at hand. */
    private static Optional<String> elsewhere(Tx tx, String phrase) {
        List<ItemTemplate> templates = new ArrayList<>(tx.content().items().values());
        PhraseMatch<ItemTemplate> match = PhraseMatch.of(phrase, templates, t -> {
            List<String> names = new ArrayList<>(List.of(t.id()));
            addIfPresent(names, t.name());
            addIfPresent(names, t.semanticName());
            if (t.aliases() != null) {
                names.addAll(t.aliases());
            }
            return names;
        }, ItemTemplate::id);
        return match.unique() && tx.isKnownItem(match.found().id()) ? Optional.of(match.found().id()) : Optional.empty();
    }

    private static List<String> itemNames(Tx tx, Item item) {
        List<String> names = new ArrayList<>(List.of(item.instanceId, item.templateId));
        addIfPresent(names, item.name);
        addIfPresent(names, item.semanticName);
        tx.content().item(item.templateId).map(ItemTemplate::aliases).ifPresent(names::addAll);
        return names;
    }

    private static PhraseRefused refused(String code, String message, List<Item> items) {
        List<Map<String, String>> alternatives = items.stream().limit(MAX_ALTERNATIVES)
                .map(i -> Map.of("id", i.instanceId, "name", i.name != null ? i.name : i.instanceId)).toList();
        return new PhraseRefused(code, message, alternatives);
    }

    private static String listing(List<Item> items) {
        List<String> names = items.stream().limit(MAX_ALTERNATIVES)
                .map(i -> i.name != null ? i.name : i.instanceId).toList();
        String more = items.size() > MAX_ALTERNATIVES ? " (and " + (items.size() - MAX_ALTERNATIVES) + " more)" : "";
        return String.join(", ", names) + more;
    }

    private static String npc(Tx tx, String phrase) {
        return best(phrase, new ArrayList<>(tx.content().npcs().values()), n -> List.of(n.id(), n.name()),
                NpcTemplate::id).orElse(slug(phrase));
    }

    private static String area(Tx tx, String phrase) {
        Zone zone = tx.world().locations.get(tx.player().currentLocation);
        List<Map.Entry<String, Area>> areas = zone == null ? List.of() : new ArrayList<>(zone.areas.entrySet());
        return best(phrase, areas, a -> List.of(a.getKey(), a.getValue().name == null ? a.getKey() : a.getValue().name),
                Map.Entry::getKey).orElse(slug(phrase));
    }

    private static String quest(Tx tx, String phrase) {
        return best(phrase, new ArrayList<>(tx.content().quests().values()), q -> List.of(q.id(), q.name()),
                QuestDefinition::id).orElse(slug(phrase));
    }

    /**
     * The one candidate (NPC, area, quest) the phrase names; several is {@code ambiguous}; none
     * leaves the phrase as an id for the command to refuse ({@code not_found}).
     */
    private static <T> Optional<String> best(String phrase, List<T> candidates,
                                             java.util.function.Function<T, List<String>> names,
                                             java.util.function.Function<T, String> id) {
        PhraseMatch<T> match = PhraseMatch.of(phrase, candidates, names, id);
        if (match.ambiguous()) {
            List<Map<String, String>> alternatives = match.alternatives().stream().limit(MAX_ALTERNATIVES)
                    .map(c -> Map.of("id", id.apply(c), "name", names.apply(c).get(names.apply(c).size() - 1))).toList();
            throw new PhraseRefused(ErrorCodes.AMBIGUOUS, "Which one do you mean: " + String.join(", ",
                    alternatives.stream().map(a -> a.get("name")).toList()) + "?", alternatives);
        }
        return match.unique() ? Optional.of(id.apply(match.found())) : Optional.empty();
    }

    private static void addIfPresent(List<String> names, String name) {
        if (name != null) {
            names.add(name);
        }
    }

    private static String stripArticle(String text) {
        for (String article : ARTICLES) {
            if (text.startsWith(article)) {
                return text.substring(article.length());
            }
        }
        return text;
    }

    private static String normalize(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_ -]", " ").replaceAll("\\s+", " ").strip();
    }

    private static String slug(String phrase) {
        String slug = normalize(phrase).replace(' ', '_');
        return slug.isEmpty() ? "nothing" : slug.length() > 64 ? slug.substring(0, 64) : slug;
    }
}
