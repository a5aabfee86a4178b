package io.gaia.kb.experience;

import io.gaia.events.GaiaJson;
import io.gaia.kb.state.Area;
import io.gaia.kb.state.WorldState;
import io.gaia.kb.state.Zone;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the rules block of a content-defined command page ({@code game-logic/<name>.md}): one fenced
 * {@code ```json} block (format: docs/experiences.md). Every error names the file and the field; a page
 * with any error is refused on its own, and the rest of the experience keeps serving.
 */
public final class AuthoredCommandReader {

    static final int MAX_BLOCK_BYTES = 64 * 1024;
    static final int MAX_PARAMS = 8;
    static final int MAX_REQUIRES = 32;
    static final int MAX_OUTCOMES = 32;
    static final int MAX_CONDITIONS = 16;
    static final int MAX_EFFECTS = 32;
    static final int MAX_MESSAGE = 2_000;
    static final int MAX_STATE_BYTES = 4 * 1024;
    private static final String FENCE = "```";

    private final GaiaJson json;
    private final WorldState world;
    private final Map<String, ItemTemplate> items;
    private final Map<String, NpcTemplate> npcs;
    private final Map<String, QuestDefinition> quests;
    /** Item ids are checked against the live state later (a model's patch may name items created since load). */
    private final boolean liveItems;

    AuthoredCommandReader(GaiaJson json, WorldState world, Map<String, ItemTemplate> items,
                          Map<String, NpcTemplate> npcs, Map<String, QuestDefinition> quests) {
        this(json, world, items, npcs, quests, false);
    }

    private AuthoredCommandReader(GaiaJson json, WorldState world, Map<String, ItemTemplate> items,
                                  Map<String, NpcTemplate> npcs, Map<String, QuestDefinition> quests, boolean liveItems) {
        this.json = json;
        this.world = world;
        this.items = items;
        this.npcs = npcs;
        this.quests = quests;
        this.liveItems = liveItems;
    }

    /** Largest model answer read, and most effects in it. */
    static final int MAX_PATCH_BYTES = 64 * 1024;

    /**
     * A model's answer {@code {"success", "message", "effects"}} (the JSON may sit in a ```json fence),
     * checked like a page: effect kinds and fields, NPC, quest, template and spot ids against the content,
     * sizes. {@code errors} gets every problem, each prefixed {@code patch:}.
     */
    public static ModelPatch readPatch(GaiaJson json, ExperienceContent content, String answer, List<String> errors) {
        AuthoredCommandReader reader = new AuthoredCommandReader(json, content.worldTemplate(), content.items(),
                content.npcs(), content.quests(), true);
        return reader.patch(answer, errors);
    }

    /** The JSON object in a model's answer: the body of its one ```json fence, else from its first { to its last }. */
    public static String jsonOf(String answer) {
        String text = answer == null ? "" : answer.strip();
        List<String> fenced = jsonBlocks(text);
        if (fenced.size() == 1 && fenced.get(0) != null) {
            return fenced.get(0).strip();
        }
        int start = text.indexOf('{');
        int end = text.lastIndexOf('}');
        return start >= 0 && end > start ? text.substring(start, end + 1) : text;
    }

    private ModelPatch patch(String answer, List<String> errors) {
        String text = jsonOf(answer);
        if (text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_PATCH_BYTES) {
            errors.add("patch: larger than " + MAX_PATCH_BYTES + " bytes");
            return null;
        }
        Object value;
        try {
            value = json.mapper().readValue(text, Object.class);
        } catch (RuntimeException e) {
            errors.add("patch: not a JSON object");
            return null;
        }
        ContentNode root = ContentNode.root("patch", value, errors);
        if (!(value instanceof Map<?, ?> map)) {
            root.error("must be a JSON object");
            return null;
        }
        unknownKeys(root, map, Set.of("success", "message", "effects"));
        boolean success = root.field("success").bool(false);
        if (!root.field("success").present()) {
            root.field("success").error("is required");
        }
        String message = message(root.field("message"));
        List<Effect> effects = new ArrayList<>();
        Scope none = new Scope(Map.of());
        for (ContentNode e : bounded(root.field("effects").optList(), MAX_EFFECTS, root.field("effects"))) {
            Effect effect = effect(e, none);
            if (effect != null) {
                effects.add(effect);
            }
        }
        if (!success && !effects.isEmpty()) {
            root.field("effects").error("must be empty when success is false");
        }
        return new ModelPatch(success, message, List.copyOf(effects));
    }

    /** The json blocks of a markdown body (the text between a {@code ```json} line and the next {@code ```} line). */
    static List<String> jsonBlocks(String body) {
        List<String> blocks = new ArrayList<>();
        StringBuilder current = null;
        boolean otherFence = false;
        for (String line : body.split("\n", -1)) {
            String trimmed = line.strip();
            if (current != null) {
                if (trimmed.equals(FENCE)) {
                    blocks.add(current.toString());
                    current = null;
                } else {
                    current.append(line).append('\n');
                }
            } else if (otherFence) {
                otherFence = !trimmed.equals(FENCE);
            } else if (trimmed.equals(FENCE + "json")) {
                current = new StringBuilder();
            } else if (trimmed.startsWith(FENCE)) {
                otherFence = true;
            }
        }
        if (current != null) {
            blocks.add(null); // an unclosed block
        }
        return blocks;
    }

    /** The command a page defines; {@code errors} gets every problem of the page. */
    AuthoredCommand read(String file, String name, String description, List<String> aliases, String body,
                         List<String> errors) {
        if (!ContentIds.isValid(name)) {
            errors.add(file + ": command: '" + name + "' is not a valid command name (" + ContentIds.PATTERN + ")");
        }
        List<String> blocks = jsonBlocks(body);
        if (blocks.isEmpty()) {
            if (body.isBlank()) {
                errors.add(file + ": '" + name + "' is not a built-in command, so the page must define it: a ```json "
                        + "rules block, or prose rules for a language model");
            }
            return new AuthoredCommand(name, file, description, aliases, null, body);
        }
        if (blocks.size() > 1) {
            errors.add(file + ": has " + blocks.size() + " ```json blocks; a command page has exactly one");
            return null;
        }
        String block = blocks.get(0);
        if (block == null) {
            errors.add(file + ": the ```json block is not closed with ```");
            return null;
        }
        if (block.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_BLOCK_BYTES) {
            errors.add(file + ": the rules block is larger than " + MAX_BLOCK_BYTES + " bytes");
            return null;
        }
        Object value;
        try {
            value = json.mapper().readValue(block, Object.class);
        } catch (RuntimeException e) {
            String detail = e instanceof tools.jackson.core.JacksonException j ? j.getOriginalMessage() : e.getMessage();
            errors.add(file + ": the rules block is not valid JSON: " + firstLine(detail));
            return null;
        }
        ContentNode root = ContentNode.root(file, value, errors);
        if (!(value instanceof Map<?, ?> map)) {
            root.error("the rules block must be a JSON object");
            return null;
        }
        unknownKeys(root, map, Set.of("params", "requires", "outcomes", "otherwise"));
        Map<String, AuthoredCommand.Parameter> params = params(root.field("params"));
        Scope scope = new Scope(params);
        List<AuthoredCommand.Requirement> requires = new ArrayList<>();
        for (ContentNode r : bounded(root.field("requires").optList(), MAX_REQUIRES, root.field("requires"))) {
            java.util.Set<String> keys = new java.util.LinkedHashSet<>(r.entries().keySet());
            keys.remove("otherwise");
            ContentNode otherwise = r.field("otherwise");
            requires.add(new AuthoredCommand.Requirement(condition(r, keys, scope), message(otherwise)));
        }
        List<AuthoredCommand.Outcome> outcomes = new ArrayList<>();
        ContentNode outcomeList = root.field("outcomes");
        List<ContentNode> outcomeNodes = bounded(outcomeList.list(), MAX_OUTCOMES, outcomeList);
        if (outcomeNodes.isEmpty() && outcomeList.present()) {
            outcomeList.error("must name at least one outcome");
        }
        for (ContentNode o : outcomeNodes) {
            unknownKeys(o, o.entries(), Set.of("when", "effects", "message"));
            List<Condition> when = new ArrayList<>();
            for (ContentNode c : bounded(o.field("when").optList(), MAX_CONDITIONS, o.field("when"))) {
                when.add(condition(c, c.entries().keySet(), scope));
            }
            List<Effect> effects = new ArrayList<>();
            for (ContentNode e : bounded(o.field("effects").optList(), MAX_EFFECTS, o.field("effects"))) {
                Effect effect = effect(e, scope);
                if (effect != null) {
                    effects.add(effect);
                }
            }
            ContentNode message = o.field("message");
            String text = message.present() ? message(message) : null;
            if (text == null && effects.stream().noneMatch(Effect.NpcSay.class::isInstance)) {
                message.error("is required (or an npc_say effect, whose line becomes the message)");
            }
            outcomes.add(new AuthoredCommand.Outcome(List.copyOf(when), List.copyOf(effects), text));
        }
        ContentNode otherwise = root.field("otherwise");
        String refusal = otherwise.present() ? message(otherwise) : "Nothing happens.";
        return new AuthoredCommand(name, file, description, aliases, new AuthoredCommand.Rules(
                List.copyOf(params.values()), List.copyOf(requires), List.copyOf(outcomes), refusal), body);
    }

    // ---- params

    private Map<String, AuthoredCommand.Parameter> params(ContentNode node) {
        Map<String, AuthoredCommand.Parameter> out = new LinkedHashMap<>();
        for (ContentNode p : bounded(node.optList(), MAX_PARAMS, node)) {
            String name = p.field("name").id();
            ContentNode kindNode = p.field("kind");
            AuthoredCommand.Parameter.Kind kind = AuthoredCommand.Parameter.Kind.of(kindNode.text());
            if (kind == null && kindNode.present()) {
                kindNode.error("must be one of item_held, item_in_reach, item, npc, area, text");
            }
            if (out.containsKey(name)) {
                p.field("name").error("'" + name + "' is declared twice");
            }
            String description = p.field("description").present() ? message(p.field("description")) : name;
            out.put(name, new AuthoredCommand.Parameter(name, kind == null ? AuthoredCommand.Parameter.Kind.TEXT : kind,
                    p.field("required").bool(true), description));
        }
        return out;
    }

    /** The declared params, for checking {@code $name} references and their kinds. */
    private record Scope(Map<String, AuthoredCommand.Parameter> params) {
    }

    // ---- conditions

    private Condition condition(ContentNode node, Set<String> keys, Scope scope) {
        if (keys.size() != 1) {
            node.error("a condition has exactly one of holds, item_at, item_state, npc_state, global_state, "
                    + "player_state, quest, in_area, not (found " + keys + ")");
            return new Condition.GlobalState("_", null);
        }
        String kind = keys.iterator().next();
        ContentNode c = node.field(kind);
        return switch (kind) {
            case "holds" -> new Condition.Holds(itemRef(c, scope, true));
            case "item_at" -> new Condition.ItemAt(itemRef(c.field("item"), scope, false), spot(c.field("at")));
            case "item_state" -> new Condition.ItemState(itemRef(c.field("item"), scope, false), key(c.field("key")),
                    scalar(c.field("equals")));
            case "npc_state" -> new Condition.NpcState(npcRef(c.field("npc"), scope), key(c.field("key")),
                    scalar(c.field("equals")));
            case "global_state" -> new Condition.GlobalState(key(c.field("key")), scalar(c.field("equals")));
            case "player_state" -> new Condition.PlayerState(key(c.field("key")), scalar(c.field("equals")));
            case "quest" -> quest(c);
            case "in_area" -> inArea(c);
            case "not" -> new Condition.Not(condition(c, c.entries().keySet(), scope));
            default -> {
                node.error("unknown condition '" + kind + "'");
                yield new Condition.GlobalState("_", null);
            }
        };
    }

    private Condition quest(ContentNode c) {
        String id = c.field("id").id();
        QuestDefinition quest = quests.get(id);
        if (quest == null && !id.isEmpty()) {
            c.field("id").error("'" + id + "' is not a quest of templates/quests");
        }
        if (c.field("status").present()) {
            String status = c.field("status").text();
            if (!List.of(Condition.QuestStatus.NOT_STARTED, "active", "complete").contains(status)) {
                c.field("status").error("must be one of not_started, active, complete");
            }
            return new Condition.QuestStatus(id, status);
        }
        if (c.field("stage").present()) {
            String stage = c.field("stage").id();
            if (quest != null && quest.stages().stream().noneMatch(s -> s.id().equals(stage))) {
                c.field("stage").error("'" + stage + "' is not a stage of quest '" + id + "'");
            }
            return new Condition.QuestStage(id, stage);
        }
        List<String> counters = quest == null ? List.of() : quest.stages().stream().map(s -> s.objective().counter()).toList();
        String counter = counters.isEmpty() ? "" : counters.get(0);
        if (c.field("counter").present()) {
            counter = c.field("counter").text();
            if (quest != null && !counters.contains(counter)) {
                c.field("counter").error("must be one of the quest's counters " + counters);
            }
        }
        return new Condition.QuestCounter(id, counter, c.field("at_least").integer(0, 1_000_000));
    }

    private Condition inArea(ContentNode c) {
        String zoneId = c.field("zone").id();
        Zone zone = world.locations.get(zoneId);
        if (zone == null && !zoneId.isEmpty()) {
            c.field("zone").error("'" + zoneId + "' is not a zone of world.json");
        }
        String area = c.field("area").optId();
        if (area != null && zone != null && !zone.areas.containsKey(area)) {
            c.field("area").error("'" + area + "' is not an area of zone '" + zoneId + "'");
        }
        return new Condition.InArea(zoneId, area);
    }

    // ---- effects

    private Effect effect(ContentNode node, Scope scope) {
        Set<String> keys = node.entries().keySet();
        if (keys.size() != 1) {
            node.error("an effect has exactly one of move_item, spawn_item, remove_item, set_item_state, "
                    + "set_npc_state, set_global_state, set_player_state, start_quest, advance_quest, npc_say (found "
                    + keys + ")");
            return null;
        }
        String kind = keys.iterator().next();
        ContentNode e = node.field(kind);
        return switch (kind) {
            case "move_item" -> new Effect.MoveItem(itemRef(e.field("item"), scope, false), target(e.field("to")));
            case "spawn_item" -> spawn(e);
            case "remove_item" -> new Effect.RemoveItem(itemRef(e.field("item"), scope, false));
            case "set_item_state" -> new Effect.SetItemState(itemRef(e.field("item"), scope, false), state(e.field("state")));
            case "set_npc_state" -> new Effect.SetNpcState(npcRef(e.field("npc"), scope), state(e.field("state")));
            case "set_global_state" -> new Effect.SetGlobalState(state(e));
            case "set_player_state" -> new Effect.SetPlayerState(state(e));
            case "start_quest" -> new Effect.StartQuest(questRef(e));
            case "advance_quest" -> new Effect.AdvanceQuest(questRef(e));
            case "npc_say" -> new Effect.NpcSay(npcRef(e.field("npc"), scope), message(e.field("text")));
            default -> {
                node.error("unknown effect '" + kind + "'");
                yield null;
            }
        };
    }

    private Effect spawn(ContentNode e) {
        String template = e.field("template").id();
        if (!template.isEmpty() && !items.containsKey(template)) {
            e.field("template").error("'" + template + "' is not an item template of templates/items");
        }
        return new Effect.SpawnItem(template, e.field("id").optId(), target(e.field("to")));
    }

    private Effect.Target target(ContentNode node) {
        String text = node.text();
        if (text.equals(Effect.Target.PLAYER)) {
            return new Effect.Target(null);
        }
        return new Effect.Target(spotOrError(node, text));
    }

    private String questRef(ContentNode node) {
        String id = node.id();
        if (!id.isEmpty() && !quests.containsKey(id)) {
            node.error("'" + id + "' is not a quest of templates/quests");
        }
        return id;
    }

    // ---- references and values

    private String itemRef(ContentNode node, Scope scope, boolean templateAllowed) {
        String text = node.text();
        if (text.startsWith("$")) {
            AuthoredCommand.Parameter p = param(node, text, scope);
            if (p != null && !p.kind().name().startsWith("ITEM")) {
                node.error("'" + text + "' is a " + p.kind().wire + " parameter, not an item");
            }
            return text;
        }
        if (!text.isEmpty() && !ContentIds.isValid(text)) {
            node.error("'" + text + "' is not a valid id (" + ContentIds.PATTERN + ")");
        } else if (!liveItems && !text.isEmpty() && !items.containsKey(text) && !inWorld(text)) {
            node.error("'" + text + "' is not an item of world.json" + (templateAllowed ? " or templates/items" : "")
                    + " (write $name for a parameter)");
        }
        return text;
    }

    private String npcRef(ContentNode node, Scope scope) {
        String text = node.text();
        if (text.startsWith("$")) {
            AuthoredCommand.Parameter p = param(node, text, scope);
            if (p != null && p.kind() != AuthoredCommand.Parameter.Kind.NPC) {
                node.error("'" + text + "' is a " + p.kind().wire + " parameter, not an npc");
            }
            return text;
        }
        if (!text.isEmpty() && !npcs.containsKey(text)) {
            node.error("'" + text + "' is not an NPC of templates/npcs");
        }
        return text;
    }

    private static AuthoredCommand.Parameter param(ContentNode node, String text, Scope scope) {
        AuthoredCommand.Parameter p = scope.params().get(text.substring(1));
        if (p == null) {
            node.error("'" + text + "' names no parameter of this command " + scope.params().keySet());
        }
        return p;
    }

    private boolean inWorld(String instanceId) {
        for (Zone zone : world.locations.values()) {
            for (Area area : zone.areas.values()) {
                for (var spot : area.spots.values()) {
                    if (spot.items.stream().anyMatch(i -> instanceId.equals(i.instanceId))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private SpotAddress spot(ContentNode node) {
        return spotOrError(node, node.text());
    }

    private SpotAddress spotOrError(ContentNode node, String text) {
        SpotAddress at = SpotAddress.parse(text);
        if (at == null) {
            if (!text.isEmpty()) {
                node.error("'" + text + "' is not a spot: write zone/area/spot" + " (or 'player' for an item's destination)");
            }
            return new SpotAddress("_", "_", "_");
        }
        Zone zone = world.locations.get(at.zone());
        Area area = zone == null ? null : zone.areas.get(at.area());
        if (area == null || !area.spots.containsKey(at.spot())) {
            node.error("'" + text + "' is not a spot of world.json");
        }
        return at;
    }

    private static String key(ContentNode node) {
        String key = node.text();
        if (key.length() > ContentIds.MAX_LENGTH) {
            node.error("must be at most " + ContentIds.MAX_LENGTH + " characters");
        }
        return key;
    }

    /** A JSON scalar (string, number, true/false or null) to compare with. */
    private static Object scalar(ContentNode node) {
        Object value = node.raw();
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            node.error("must be a string, number, true, false or null");
            return null;
        }
        return value;
    }

    private Map<String, Object> state(ContentNode node) {
        Map<String, Object> state = node.object();
        if (!node.present()) {
            node.error("is required");
        } else if (state.isEmpty()) {
            node.error("must set at least one key");
        }
        for (String key : state.keySet()) {
            if (key.isEmpty() || key.length() > ContentIds.MAX_LENGTH) {
                node.error("key '" + shorten(key) + "' must be 1 to " + ContentIds.MAX_LENGTH + " characters");
            }
        }
        if (json.write(state).length > MAX_STATE_BYTES) {
            node.error("is larger than " + MAX_STATE_BYTES + " bytes");
        }
        return state;
    }

    private static String message(ContentNode node) {
        String text = node.text();
        if (text.length() > MAX_MESSAGE) {
            node.error("must be at most " + MAX_MESSAGE + " characters");
        }
        return text;
    }

    private static List<ContentNode> bounded(List<ContentNode> list, int max, ContentNode node) {
        if (list.size() > max) {
            node.error("has " + list.size() + " entries; at most " + max);
            return list.subList(0, max);
        }
        return list;
    }

    private static void unknownKeys(ContentNode node, Map<?, ?> map, Set<String> allowed) {
        Set<String> unknown = new HashSet<>();
        map.keySet().forEach(k -> {
            if (!allowed.contains(String.valueOf(k))) {
                unknown.add(String.valueOf(k));
            }
        });
        if (!unknown.isEmpty()) {
            node.error("unknown field(s) " + new java.util.TreeSet<>(unknown) + "; allowed: " + new java.util.TreeSet<>(allowed));
        }
    }

    private static String shorten(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
