package io.gaia.kb.command;

import io.gaia.kb.experience.Condition;
import io.gaia.kb.experience.NpcTemplate;
import io.gaia.kb.state.Item;
import io.gaia.kb.state.NpcState;
import io.gaia.kb.state.PlayerState;
import io.gaia.kb.state.QuestProgress;
import io.gaia.kb.state.WorldState;
import io.gaia.kb.world.Tx;
import io.gaia.kb.world.WorldQueries;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Evaluates the conditions of content-defined commands against the state a job sees; never changes it. */
final class ContentConditions {

    private ContentConditions() {
    }

    static boolean holds(Tx tx, Condition condition, ContentBindings bindings) {
        PlayerState player = tx.player();
        WorldState world = tx.world();
        if (condition instanceof Condition.Holds h) {
            String id = bindings.resolve(h.item());
            return player.inventory.stream().anyMatch(i -> i.instanceId.equals(id) || Objects.equals(i.templateId, id));
        }
        if (condition instanceof Condition.ItemAt at) {
            return WorldQueries.findInSpots(world, bindings.resolve(at.item()))
                    .map(p -> p.at().zoneId().equals(at.at().zone()) && p.at().areaId().equals(at.at().area())
                            && p.at().spotId().equals(at.at().spot()))
                    .orElse(false);
        }
        if (condition instanceof Condition.ItemState s) {
            return find(world, player, bindings.resolve(s.item()))
                    .map(i -> same(i.state == null ? null : i.state.get(s.key()), s.equals())).orElse(false);
        }
        if (condition instanceof Condition.NpcState s) {
            return same(npcState(tx, world, bindings.resolve(s.npc())).get(s.key()), s.equals());
        }
        if (condition instanceof Condition.GlobalState s) {
            return same(world.globalState.get(s.key()), s.equals());
        }
        if (condition instanceof Condition.PlayerState s) {
            return same(player.state == null ? null : player.state.get(s.key()), s.equals());
        }
        if (condition instanceof Condition.QuestStatus q) {
            QuestProgress progress = player.quests.get(q.quest());
            return progress == null ? Condition.QuestStatus.NOT_STARTED.equals(q.status())
                    : q.status().equals(progress.status);
        }
        if (condition instanceof Condition.QuestStage q) {
            QuestProgress progress = player.quests.get(q.quest());
            return progress != null && QuestProgress.ACTIVE.equals(progress.status) && q.stage().equals(progress.stage);
        }
        if (condition instanceof Condition.QuestCounter q) {
            QuestProgress progress = player.quests.get(q.quest());
            return progress != null && progress.progress.getOrDefault(q.counter(), 0) >= q.atLeast();
        }
        if (condition instanceof Condition.InArea a) {
            return a.zone().equals(player.currentLocation) && (a.area() == null || a.area().equals(player.currentArea));
        }
        if (condition instanceof Condition.Not n) {
            return !holds(tx, n.condition(), bindings);
        }
        throw new IllegalStateException("unhandled condition " + condition.getClass().getSimpleName());
    }

    /** An item lying in a spot, carried by the player or kept by an NPC. */
    static Optional<Item> find(WorldState world, PlayerState player, String instanceId) {
        if (instanceId == null) {
            return Optional.empty();
        }
        Optional<Item> found = WorldQueries.findInSpots(world, instanceId).map(WorldQueries.Placed::item)
                .or(() -> WorldQueries.inInventory(player, instanceId));
        if (found.isPresent()) {
            return found;
        }
        for (NpcState npc : world.npcs.values()) {
            for (Item item : npc.inventory) {
                if (instanceId.equals(item.instanceId)) {
                    return Optional.of(item);
                }
            }
        }
        return Optional.empty();
    }

    /** An NPC's state in this world: as its template starts it, with what the world changed on top. */
    private static Map<String, Object> npcState(Tx tx, WorldState world, String npcId) {
        Map<String, Object> state = new java.util.HashMap<>(tx.content().npc(npcId).map(NpcTemplate::state)
                .orElse(Map.of()));
        NpcState live = world.npcs.get(npcId);
        if (live != null) {
            state.putAll(live.state);
        }
        return state;
    }

    /** JSON equality: numbers by value (1 equals 1.0), everything else by equals. */
    static boolean same(Object actual, Object expected) {
        if (actual instanceof Number a && expected instanceof Number b) {
            return Double.compare(a.doubleValue(), b.doubleValue()) == 0;
        }
        return Objects.equals(actual, expected);
    }
}
