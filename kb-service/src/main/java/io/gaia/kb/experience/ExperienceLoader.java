package io.gaia.kb.experience;

import io.gaia.events.GaiaJson;
import io.gaia.kb.state.Area;
import io.gaia.kb.state.Gps;
import io.gaia.kb.state.Item;
import io.gaia.kb.state.NpcState;
import io.gaia.kb.state.Spot;
import io.gaia.kb.state.WorldState;
import io.gaia.kb.state.Zone;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads and validates one experience folder (format: docs/experiences.md). Every problem is
 * collected and reported together, each naming the file and the field; a folder with any problem
 * is refused as a whole ({@link InvalidExperienceException}).
 */
public final class ExperienceLoader {

    /** Largest content file: a world template of 10,000+ items in one zone fits. */
    static final int MAX_FILE_BYTES = 8 * 1024 * 1024;

    private final GaiaJson json;
    private final Set<String> knownCommands;

    public ExperienceLoader(GaiaJson json, Set<String> knownCommands) {
        // content files may be larger than a wire message: same codec rules, sized for a content file
        this.json = json.maxBytes() >= MAX_FILE_BYTES ? json : GaiaJson.withMaxBytes(MAX_FILE_BYTES);
        this.knownCommands = Set.copyOf(knownCommands);
    }

    public ExperienceContent load(Path folder) {
        String id = folder.getFileName().toString();
        List<String> errors = new ArrayList<>();
        if (!ContentIds.isValid(id)) {
            throw new InvalidExperienceException(id, List.of(id + ": folder name is not a valid experience id ("
                    + ContentIds.PATTERN + ")"));
        }
        Map<String, ItemTemplate> items = new LinkedHashMap<>();
        templates(folder, "templates/items", errors).forEach((name, node) -> items.put(name, item(name, node)));
        Map<String, NpcTemplate> npcs = new LinkedHashMap<>();
        templates(folder, "templates/npcs", errors).forEach((name, node) -> npcs.put(name, npc(name, node)));
        Map<String, QuestDefinition> quests = new LinkedHashMap<>();
        templates(folder, "templates/quests", errors).forEach((name, node) -> quests.put(name, quest(name, node)));

        ExperienceConfig config = config(id, read(folder, "config.json", errors), items);
        WorldState world = world(read(folder, "world.json", errors), items, npcs);
        List<Waypoint> waypoints = waypoints(read(folder, "waypoints.json", errors), config.waypointRadiusM());
        List<GameLogicDoc> logic = gameLogic(folder, errors);
        if (errors.isEmpty()) {
            new ContentReferences(errors).check(config, world, npcs, quests, waypoints, items);
        }
        if (!errors.isEmpty()) {
            throw new InvalidExperienceException(id, errors);
        }
        AuthoredCommandReader reader = new AuthoredCommandReader(json, world, items, npcs, quests);
        Map<String, AuthoredCommand> authored = new LinkedHashMap<>();
        Map<String, List<String>> refused = new LinkedHashMap<>();
        for (GameLogicDoc doc : logic) {
            if (knownCommands.contains(doc.command()) || doc.command().isEmpty()) {
                continue;
            }
            List<String> pageErrors = new ArrayList<>();
            AuthoredCommand command = reader.read(doc.file(), doc.command(), doc.description(), doc.aliases(),
                    doc.body(), pageErrors);
            if (authored.containsKey(doc.command()) || refused.containsKey(doc.command())) {
                pageErrors.add(doc.file() + ": command: '" + doc.command() + "' is defined by another page too");
            }
            if (pageErrors.isEmpty() && command != null) {
                authored.put(doc.command(), command);
            } else {
                refused.put(doc.command(), List.copyOf(pageErrors));
            }
        }
        return new ExperienceContent(config, world, Map.copyOf(items), Map.copyOf(npcs),
                java.util.Collections.unmodifiableMap(new LinkedHashMap<>(quests)),
                List.copyOf(waypoints), List.copyOf(logic), java.util.Collections.unmodifiableMap(authored),
                Map.copyOf(refused));
    }

    private ContentNode read(Path folder, String relative, List<String> errors) {
        Path file = folder.resolve(relative);
        if (!Files.isRegularFile(file)) {
            errors.add(relative + ": file is missing");
            return ContentNode.root(relative, null, new ArrayList<>());
        }
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                errors.add(relative + ": file is larger than " + MAX_FILE_BYTES + " bytes");
                return ContentNode.root(relative, null, new ArrayList<>());
            }
            Object value = json.mapper().readValue(Files.readAllBytes(file), Object.class);
            if (!(value instanceof Map<?, ?>)) {
                errors.add(relative + ": must contain a JSON object");
            }
            return ContentNode.root(relative, value, errors);
        } catch (IOException e) {
            errors.add(relative + ": cannot read: " + e.getMessage());
        } catch (RuntimeException e) {
            String detail = e instanceof tools.jackson.core.JacksonException j ? j.getOriginalMessage() : e.getMessage();
            errors.add(relative + ": invalid JSON: " + firstLine(detail));
        }
        return ContentNode.root(relative, null, new ArrayList<>());
    }

    /** Every {@code <dir>/<id>.json}, keyed by id (the file name). */
    private Map<String, ContentNode> templates(Path folder, String dir, List<String> errors) {
        Map<String, ContentNode> out = new LinkedHashMap<>();
        Path path = folder.resolve(dir);
        if (!Files.isDirectory(path)) {
            return out;
        }
        try (Stream<Path> files = Files.list(path)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                String name = file.getFileName().toString().replaceFirst("\\.json$", "");
                String relative = dir + "/" + file.getFileName();
                if (!ContentIds.isValid(name)) {
                    errors.add(relative + ": file name is not a valid id (" + ContentIds.PATTERN + ")");
                    continue;
                }
                ContentNode node = read(folder, relative, errors);
                ContentNode declared = node.field("id");
                if (declared.present() && !name.equals(declared.optText(name))) {
                    declared.error("must equal the file name '" + name + "'");
                }
                out.put(name, node);
            }
        } catch (IOException e) {
            errors.add(dir + ": cannot list: " + e.getMessage());
        }
        return out;
    }

    private ExperienceConfig config(String folderId, ContentNode node, Map<String, ItemTemplate> items) {
        ContentNode idNode = node.field("id");
        String id = idNode.id();
        if (!id.isEmpty() && !id.equals(folderId)) {
            idNode.error("must equal the folder name '" + folderId + "'");
        }
        StateModel model = oneOf(node.field("state").field("model"), StateModel.class, StateModel.SHARED);
        ContentNode interestNode = node.field("state").field("interest");
        Interest interest = oneOf(interestNode, Interest.class, Interest.ZONE);
        if (interest == Interest.AREA && model != StateModel.SHARED) {
            interestNode.error("'area' needs the shared model (a private world has one chain)");
        }
        ContentNode bootstrap = node.field("bootstrap");
        List<String> inventory = bootstrap.field("inventory").ids();
        ExperienceConfig.Bootstrap start = new ExperienceConfig.Bootstrap(bootstrap.field("zone").id(),
                bootstrap.field("area").optId(), inventory);
        return new ExperienceConfig(folderId, node.field("name").text(), node.field("version").optText("1"),
                node.field("description").optText(""), model, interest, start, node.field("capabilities").object(),
                node.field("location").field("radius_m").optNumber(100, 1, 50_000));
    }

    /** A setting named by one of {@code type}'s constants in lower case ({@code fallback} when absent); else an error naming them all. */
    private static <E extends Enum<E>> E oneOf(ContentNode node, Class<E> type, E fallback) {
        String text = node.optText(fallback.name().toLowerCase());
        for (E value : type.getEnumConstants()) {
            if (value.name().toLowerCase().equals(text)) {
                return value;
            }
        }
        node.error("must be " + String.join(" or ", Stream.of(type.getEnumConstants())
                .map(value -> "'" + value.name().toLowerCase() + "'").toList()));
        return fallback;
    }

    private static ItemTemplate item(String id, ContentNode node) {
        ContentNode use = node.field("use");
        ItemTemplate.Use effect = use.present()
                ? new ItemTemplate.Use(use.field("message").text(), use.field("consumes").bool(false),
                use.field("sets_state").object(), use.field("sets_global_state").object())
                : null;
        String name = node.field("name").text();
        return new ItemTemplate(id, node.field("type").id(), name, node.field("semantic_name").optText(name.toLowerCase()),
                node.field("description").text(), node.field("collectible").bool(true), node.field("visible").bool(true),
                node.field("aliases").texts(), node.field("state").object(), effect);
    }

    private static NpcTemplate npc(String id, ContentNode node) {
        Map<String, List<String>> dialogue = new LinkedHashMap<>();
        node.field("dialogue").optEntries().forEach((situation, lines) -> dialogue.put(situation, lines.texts()));
        ContentNode accepts = node.field("accepts");
        return new NpcTemplate(id, node.field("name").text(), node.field("description").text(),
                node.field("persona").text(), dialogue, accepts.field("item_types").ids(),
                accepts.field("template_ids").ids(), node.field("state").object());
    }

    private static QuestDefinition quest(String id, ContentNode node) {
        List<QuestDefinition.Stage> stages = new ArrayList<>();
        ContentNode staged = node.field("stages");
        if (staged.present() == node.field("objective").present()) {
            node.error("needs exactly one of 'objective' and 'stages'");
        } else if (staged.present()) {
            List<ContentNode> list = staged.list();
            if (list.isEmpty() || list.size() > 32) {
                staged.error("must have 1 to 32 stages");
            }
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < list.size() && i < 32; i++) {
                ContentNode stage = list.get(i);
                String stageId = stage.field("id").optText("stage_" + (i + 1));
                if (!ContentIds.isValid(stageId) || !ids.add(stageId)) {
                    stage.field("id").error("must be a unique id (" + ContentIds.PATTERN + ")");
                }
                ContentNode message = stage.field("message");
                stages.add(new QuestDefinition.Stage(stageId, objective(stage.field("objective"), stageId),
                        message.present() ? message.text() : null));
            }
        } else {
            stages.add(new QuestDefinition.Stage("objective", objective(node.field("objective"), "count"), null));
        }
        Set<String> counters = new HashSet<>();
        for (QuestDefinition.Stage stage : stages) {
            if (!counters.add(stage.objective().counter())) {
                node.error("stage '" + stage.id() + "': counter '" + stage.objective().counter()
                        + "' is used by another stage");
            }
        }
        ContentNode messages = node.field("messages");
        ContentNode done = node.field("on_complete");
        Map<String, Map<String, Object>> npcState = new LinkedHashMap<>();
        done.field("npc_state").optEntries().forEach((npc, state) -> npcState.put(npc, state.object()));
        List<QuestDefinition.Reward> rewards = new ArrayList<>();
        for (ContentNode reward : done.field("items").optList()) {
            String to = reward.field("to").optText("player");
            SpotAddress spot = to.equals("player") ? null : SpotAddress.parse(to);
            if (!to.equals("player") && spot == null) {
                reward.field("to").error("'" + to + "' is not a spot: write zone/area/spot, or 'player'");
            }
            rewards.add(new QuestDefinition.Reward(reward.field("template").id(), spot));
        }
        return new QuestDefinition(id, node.field("name").text(), node.field("description").text(),
                node.field("giver").optId(), node.field("auto_accept").bool(false), List.copyOf(stages),
                new QuestDefinition.Messages(messages.field("accepted").text(), messages.field("progress").text(),
                        messages.field("complete").text()),
                new QuestDefinition.OnComplete(done.field("global_state").object(), npcState,
                        done.field("player_state").object(), List.copyOf(rewards)));
    }

    private static QuestDefinition.Objective objective(ContentNode objective, String defaultCounter) {
        ContentNode typeNode = objective.field("type");
        String type = typeNode.text();
        if (!type.isEmpty() && !QuestDefinition.TYPES.contains(type)) {
            typeNode.error("must be one of " + QuestDefinition.TYPES);
        }
        ContentNode target = objective.field("target_npc");
        boolean needsNpc = QuestDefinition.GIVE_ITEMS.equals(type) || QuestDefinition.TALK.equals(type);
        String targetNpc = needsNpc ? target.id() : target.optId();
        boolean visit = QuestDefinition.VISIT.equals(type);
        String zone = visit ? objective.field("zone").id() : objective.field("zone").optId();
        boolean items = !visit && !QuestDefinition.TALK.equals(type);
        ContentNode countNode = objective.field("count");
        int count = countNode.present() ? countNode.integer(1, 1000) : 1;
        QuestDefinition.Objective goal = new QuestDefinition.Objective(type, targetNpc,
                objective.field("item_types").ids(), objective.field("template_ids").ids(), zone,
                objective.field("area").optId(), count, objective.field("counter").optText(defaultCounter));
        if (items && goal.itemTypes().isEmpty() && goal.templateIds().isEmpty()) {
            objective.error("needs item_types or template_ids");
        }
        return goal;
    }

    private static WorldState world(ContentNode node, Map<String, ItemTemplate> items, Map<String, NpcTemplate> npcs) {
        WorldState world = new WorldState();
        Set<String> instanceIds = new HashSet<>();
        node.field("locations").entries().forEach((zoneId, zoneNode) -> {
            checkId(zoneId, zoneNode);
            Zone zone = new Zone();
            zone.name = zoneNode.field("name").text();
            zone.description = zoneNode.field("description").optText("");
            ContentNode gps = zoneNode.field("gps");
            zone.gps = gps.present() ? gps(gps) : null;
            zone.entryArea = zoneNode.field("entry_area").optId();
            zoneNode.field("areas").entries().forEach((areaId, areaNode) -> {
                checkId(areaId, areaNode);
                Area area = new Area();
                area.name = areaNode.field("name").text();
                area.description = areaNode.field("description").optText("");
                areaNode.field("spots").entries().forEach((spotId, spotNode) -> {
                    checkId(spotId, spotNode);
                    area.spots.put(spotId, spot(spotNode, items, npcs, instanceIds));
                });
                zone.areas.put(areaId, area);
            });
            if (zone.entryArea != null && !zone.areas.containsKey(zone.entryArea)) {
                zoneNode.field("entry_area").error("names no area of this zone");
            }
            world.locations.put(zoneId, zone);
        });
        node.field("global_state").object().forEach(world.globalState::put);
        Map<String, ContentNode> npcStates = node.field("npcs").optEntries();
        for (String npcId : npcs.keySet()) {
            NpcState state = new NpcState();
            state.state.putAll(npcs.get(npcId).state());
            ContentNode override = npcStates.get(npcId);
            if (override != null) {
                state.state.putAll(override.field("state").object());
            }
            world.npcs.put(npcId, state);
        }
        npcStates.forEach((npcId, n) -> {
            if (!npcs.containsKey(npcId)) {
                n.error("no NPC template templates/npcs/" + npcId + ".json");
            }
        });
        return world;
    }

    private static Spot spot(ContentNode node, Map<String, ItemTemplate> items, Map<String, NpcTemplate> npcs,
                             Set<String> instanceIds) {
        Spot spot = new Spot();
        spot.name = node.field("name").optText(null);
        spot.description = node.field("description").optText("");
        ContentNode npc = node.field("npc");
        spot.npc = npc.optId();
        if (spot.npc != null && !npcs.containsKey(spot.npc)) {
            npc.error("no NPC template templates/npcs/" + spot.npc + ".json");
        }
        for (ContentNode itemNode : node.field("items").optList()) {
            ContentNode templateNode = itemNode.field("template_id");
            String templateId = templateNode.id();
            ItemTemplate template = items.get(templateId);
            if (template == null) {
                if (!templateId.isEmpty()) {
                    templateNode.error("no item template templates/items/" + templateId + ".json");
                }
                continue;
            }
            ContentNode instanceNode = itemNode.field("instance_id");
            String instanceId = instanceNode.present() ? instanceNode.id() : templateId;
            if (!instanceIds.add(instanceId)) {
                (instanceNode.present() ? instanceNode : templateNode).error("instance id '" + instanceId
                        + "' is used twice in the world");
            }
            Item item = WorldTemplates.instantiate(template, instanceId);
            item.state.putAll(itemNode.field("state").object());
            item.visible = itemNode.field("visible").bool(item.visible);
            spot.items.add(item);
        }
        return spot;
    }

    private List<Waypoint> waypoints(ContentNode node, double defaultRadius) {
        List<Waypoint> out = new ArrayList<>();
        for (ContentNode w : node.field("waypoints").list()) {
            out.add(new Waypoint(w.field("id").id(), w.field("name").optText(""), w.field("zone").id(), gps(w),
                    w.field("radius_m").optNumber(defaultRadius, 1, 50_000)));
        }
        return out;
    }

    private List<GameLogicDoc> gameLogic(Path folder, List<String> errors) {
        List<GameLogicDoc> out = new ArrayList<>();
        Path dir = folder.resolve("game-logic");
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".md")).sorted().toList()) {
                String relative = "game-logic/" + file.getFileName();
                if (Files.size(file) > MAX_FILE_BYTES) {
                    errors.add(relative + ": file is larger than " + MAX_FILE_BYTES + " bytes");
                    continue;
                }
                FrontMatter.Parsed parsed = FrontMatter.parse(Files.readString(file, StandardCharsets.UTF_8), errors, relative);
                ContentNode front = ContentNode.root(relative, parsed.values(), errors);
                ContentNode commandNode = front.field("command");
                String command = commandNode.text();
                if (knownCommands.contains(command) && !AuthoredCommandReader.jsonBlocks(parsed.body()).isEmpty()) {
                    commandNode.error("'" + command + "' is a built-in command: its page documents it and takes no "
                            + "```json rules block (name a new command to define one)");
                }
                out.add(new GameLogicDoc(relative, command, front.field("aliases").texts(),
                        front.field("description").text(), parsed.body()));
            }
        } catch (IOException e) {
            errors.add("game-logic: cannot read: " + e.getMessage());
        }
        return out;
    }

    private static Gps gps(ContentNode node) {
        return new Gps(node.field("lat").number(-90, 90), node.field("lng").number(-180, 180));
    }

    private static void checkId(String id, ContentNode node) {
        if (!ContentIds.isValid(id)) {
            node.error("'" + id + "' is not a valid id (" + ContentIds.PATTERN + ")");
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
