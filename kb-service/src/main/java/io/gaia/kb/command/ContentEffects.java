package io.gaia.kb.command;

import io.gaia.events.ErrorCodes;
import io.gaia.events.kb.QuestUpdate;
import io.gaia.kb.experience.Effect;
import io.gaia.kb.experience.ItemTemplate;
import io.gaia.kb.experience.NpcTemplate;
import io.gaia.kb.experience.QuestDefinition;
import io.gaia.kb.experience.SpotAddress;
import io.gaia.kb.experience.WorldTemplates;
import io.gaia.kb.quest.QuestHooks;
import io.gaia.kb.state.Item;
import io.gaia.kb.state.PlayerState;
import io.gaia.kb.state.WorldState;
import io.gaia.kb.world.SpotRef;
import io.gaia.kb.world.Tx;
import io.gaia.kb.world.WorldQueries;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the effects of a content-defined command's outcome in two steps. {@link #plan} checks every effect
 * against the state as the earlier effects will have left it (an item must be where it is moved or removed
 * from, a spawned item must be new, a target spot must exist) and throws before anything changed; then
 * {@link Plan#apply} makes the changes through the {@link Tx}, one delta per change, as the built-in
 * commands do. So an outcome runs whole or not at all, and every item stays in exactly one place.
 */
final class ContentEffects {

    private ContentEffects() {
    }

    /** Where an item is, as the plan goes: lying at a spot, carried by the actor, or gone. */
    private record Place(SpotRef spot, boolean held) {
        static final Place GONE = new Place(null, false);
        static final Place HELD = new Place(null, true);

        boolean present() {
            return spot != null || held;
        }
    }

    /** One checked effect, with what the check resolved (ids, spots). */
    private record Step(Effect effect, String itemId, SpotRef target) {
    }

    /** The result of the effects: NPC lines and quest updates, for the answer. */
    record Applied(List<Map<String, Object>> speech, List<QuestUpdate> quests, List<String> items) {
    }

    static Plan plan(Tx tx, List<Effect> effects, ContentBindings bindings) {
        PlayerState player = tx.player();
        WorldState world = tx.world();
        Map<String, Place> planned = new HashMap<>();
        List<Step> steps = new ArrayList<>();
        for (Effect effect : effects) {
            if (effect instanceof Effect.MoveItem move) {
                String id = bindings.resolve(move.item());
                requirePresent(tx, world, player, planned, id);
                SpotRef target = target(world, move.to());
                planned.put(id, target == null ? Place.HELD : new Place(target, false));
                steps.add(new Step(effect, id, target));
            } else if (effect instanceof Effect.SpawnItem spawn) {
                String id = spawn.id() != null ? spawn.id() : tx.freshItemId(spawn.template(), planned::containsKey);
                if (tx.isKnownItem(id) || planned.containsKey(id)) {
                    throw new GameError(ErrorCodes.CONFLICT, "Nothing happens: '" + id
                            + "' already exists, and an item exists only once.");
                }
                SpotRef target = target(world, spawn.to());
                planned.put(id, target == null ? Place.HELD : new Place(target, false));
                steps.add(new Step(effect, id, target));
            } else if (effect instanceof Effect.RemoveItem remove) {
                String id = bindings.resolve(remove.item());
                requirePresent(tx, world, player, planned, id);
                planned.put(id, Place.GONE);
                steps.add(new Step(effect, id, null));
            } else if (effect instanceof Effect.SetItemState set) {
                String id = bindings.resolve(set.item());
                requirePresent(tx, world, player, planned, id);
                steps.add(new Step(effect, id, null));
            } else {
                steps.add(new Step(effect, null, null));
            }
        }
        return new Plan(tx, steps, bindings);
    }

    /** Checked effects, ready to apply. */
    static final class Plan {
        private final Tx tx;
        private final List<Step> steps;
        private final ContentBindings bindings;

        private Plan(Tx tx, List<Step> steps, ContentBindings bindings) {
            this.tx = tx;
            this.steps = steps;
            this.bindings = bindings;
        }

        Applied apply() {
            PlayerState player = tx.player();
            WorldState world = tx.world();
            List<Map<String, Object>> speech = new ArrayList<>();
            List<QuestUpdate> quests = new ArrayList<>();
            List<String> items = new ArrayList<>();
            for (Step step : steps) {
                Effect effect = step.effect();
                if (effect instanceof Effect.MoveItem) {
                    Item item = take(tx, world, player, step.itemId());
                    put(tx, world, player, item, step.target());
                    items.add(item.instanceId);
                } else if (effect instanceof Effect.SpawnItem spawn) {
                    ItemTemplate template = tx.content().item(spawn.template()).orElseThrow();
                    put(tx, world, player, WorldTemplates.instantiate(template, step.itemId()), step.target());
                    items.add(step.itemId());
                } else if (effect instanceof Effect.RemoveItem) {
                    take(tx, world, player, step.itemId());
                    items.add(step.itemId());
                } else if (effect instanceof Effect.SetItemState set) {
                    setItemState(tx, world, player, step.itemId(), copy(tx, set.state()));
                    items.add(step.itemId());
                } else if (effect instanceof Effect.SetNpcState set) {
                    tx.updateNpcState(world, bindings.resolve(set.npc()), copy(tx, set.state()));
                } else if (effect instanceof Effect.SetGlobalState set) {
                    tx.updateGlobalState(world, copy(tx, set.state()));
                } else if (effect instanceof Effect.SetPlayerState set) {
                    tx.updatePlayerState(player, copy(tx, set.state()));
                } else if (effect instanceof Effect.StartQuest start) {
                    QuestDefinition quest = tx.content().quests().get(start.quest());
                    if (!player.quests.containsKey(quest.id())) {
                        QuestHooks.start(tx, player, quest);
                    }
                } else if (effect instanceof Effect.AdvanceQuest advance) {
                    QuestHooks.advance(tx, player, world, tx.content().quests().get(advance.quest()))
                            .ifPresent(quests::add);
                } else if (effect instanceof Effect.NpcSay say) {
                    String npcId = bindings.resolve(say.npc());
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("npc_id", npcId);
                    line.put("name", tx.content().npc(npcId).map(NpcTemplate::name).orElse(npcId));
                    line.put("text", bindings.fill(say.text()));
                    speech.add(line);
                }
            }
            return new Applied(speech, quests, items);
        }
    }

    // ---- planning

    private static void requirePresent(Tx tx, WorldState world, PlayerState player, Map<String, Place> planned,
                                       String id) {
        Place place = planned.containsKey(id) ? planned.get(id) : placeOf(world, player, id);
        if (!place.present()) {
            throw new GameError(tx.isKnownItem(id) ? ErrorCodes.ALREADY_TAKEN : ErrorCodes.NOT_FOUND,
                    "Nothing happens: '" + id + "' is not here any more.");
        }
    }

    private static Place placeOf(WorldState world, PlayerState player, String id) {
        if (id == null) {
            return Place.GONE;
        }
        Optional<WorldQueries.Placed> placed = WorldQueries.findInSpots(world, id);
        if (placed.isPresent()) {
            return new Place(placed.get().at(), false);
        }
        return WorldQueries.inInventory(player, id).isPresent() ? Place.HELD : Place.GONE;
    }

    /** The live spot of a target (null: the player's inventory); a spot the world no longer has is refused. */
    private static SpotRef target(WorldState world, Effect.Target to) {
        if (to.player()) {
            return null;
        }
        SpotAddress at = to.spot();
        return WorldQueries.spotsIn(world, at.zone(), at.area()).stream()
                .filter(s -> s.spotId().equals(at.spot())).findFirst()
                .orElseThrow(() -> new GameError(ErrorCodes.CONFLICT, "Nothing happens: the spot " + at
                        + " is not in this world any more."));
    }

    // ---- applying (checked by the plan: the item is where the plan found it)

    private static Item take(Tx tx, WorldState world, PlayerState player, String id) {
        Optional<WorldQueries.Placed> placed = WorldQueries.findInSpots(world, id);
        if (placed.isPresent()) {
            tx.removeFromSpot(world, placed.get().at(), placed.get().item());
            return placed.get().item();
        }
        Item item = WorldQueries.inInventory(player, id).orElseThrow();
        tx.removeFromInventory(player, item);
        return item;
    }

    private static void put(Tx tx, WorldState world, PlayerState player, Item item, SpotRef target) {
        if (target == null) {
            tx.addToInventory(player, item);
        } else {
            tx.addToSpot(world, target, item);
        }
    }

    private static void setItemState(Tx tx, WorldState world, PlayerState player, String id, Map<String, Object> state) {
        Optional<WorldQueries.Placed> placed = WorldQueries.findInSpots(world, id);
        if (placed.isPresent()) {
            Item item = placed.get().item();
            item.state = item.state == null ? new LinkedHashMap<>() : item.state;
            item.state.putAll(state);
            tx.updateSpotItem(world, placed.get().at(), item, Map.of("state", new LinkedHashMap<>(item.state)));
            return;
        }
        Item item = WorldQueries.inInventory(player, id).orElseThrow();
        item.state = item.state == null ? new LinkedHashMap<>() : item.state;
        item.state.putAll(state);
        tx.updateInventoryItem(player, item, Map.of("state", new LinkedHashMap<>(item.state)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> copy(Tx tx, Map<String, Object> state) {
        return tx.mapper().convertValue(state, LinkedHashMap.class);
    }
}
