package io.gaia.kb.quest;

import io.gaia.events.kb.QuestUpdate;
import io.gaia.kb.experience.ItemTemplate;
import io.gaia.kb.experience.QuestDefinition;
import io.gaia.kb.experience.WorldTemplates;
import io.gaia.kb.state.Item;
import io.gaia.kb.state.PlayerState;
import io.gaia.kb.state.QuestProgress;
import io.gaia.kb.state.WorldState;
import io.gaia.kb.world.SpotRef;
import io.gaia.kb.world.Tx;
import io.gaia.kb.world.WorldQueries;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Quest rules, driven entirely by quest data. After an action (an item given, collected or used, an NPC
 * talked to, an area reached), every quest whose current stage's objective matches counts it, for the
 * player who is on it (or whose quest auto-accepts). Reaching a stage's count moves the player to the
 * next stage; after the last one the quest completes and applies its {@code on_complete}: world and NPC
 * state, the player's own state, and reward items. Every change goes through the {@link Tx}, so it is a
 * delta like any other.
 */
public final class QuestHooks {

    private QuestHooks() {
    }

    /** Something a player did that an objective may count. */
    private record Event(String type, Item item, String npcId, String zone, String area) {

        boolean counts(QuestDefinition.Objective goal) {
            if (!goal.type().equals(type)) {
                return false;
            }
            return switch (type) {
                case QuestDefinition.GIVE_ITEMS -> goal.targetNpc().equals(npcId)
                        && goal.matches(item.templateId, item.type);
                case QuestDefinition.COLLECT_ITEMS, QuestDefinition.USE_ITEM -> (goal.targetNpc() == null
                        || goal.targetNpc().equals(npcId)) && goal.matches(item.templateId, item.type);
                case QuestDefinition.TALK -> goal.targetNpc().equals(npcId);
                case QuestDefinition.VISIT -> goal.zone().equals(zone) && (goal.area() == null || goal.area().equals(area));
                default -> false;
            };
        }
    }

    public static List<QuestUpdate> afterGive(Tx tx, PlayerState player, WorldState world, Item item, String npcId) {
        return advance(tx, player, world, new Event(QuestDefinition.GIVE_ITEMS, item, npcId, null, null));
    }

    public static List<QuestUpdate> afterCollect(Tx tx, PlayerState player, WorldState world, Item item) {
        return advance(tx, player, world, new Event(QuestDefinition.COLLECT_ITEMS, item, null, null, null));
    }

    public static List<QuestUpdate> afterUse(Tx tx, PlayerState player, WorldState world, Item item) {
        return advance(tx, player, world, new Event(QuestDefinition.USE_ITEM, item, null, null, null));
    }

    public static List<QuestUpdate> afterTalk(Tx tx, PlayerState player, WorldState world, String npcId) {
        return advance(tx, player, world, new Event(QuestDefinition.TALK, null, npcId, null, null));
    }

    /** After the player arrived in a zone and area (by {@code go} or by their GPS position). */
    public static List<QuestUpdate> afterVisit(Tx tx, PlayerState player, WorldState world) {
        return advance(tx, player, world, new Event(QuestDefinition.VISIT, null, null, player.currentLocation,
                player.currentArea));
    }

    /** Starts {@code quest} for {@code player} at its first stage; the caller has checked it is not started yet. */
    public static QuestProgress start(Tx tx, PlayerState player, QuestDefinition quest) {
        QuestProgress progress = new QuestProgress();
        progress.status = QuestProgress.ACTIVE;
        progress.acceptedAt = tx.now();
        QuestDefinition.Stage first = quest.stages().get(0);
        progress.stage = quest.staged() ? first.id() : null;
        progress.progress.put(first.objective().counter(), 0);
        tx.putQuest(player, quest.id(), progress, true);
        return progress;
    }

    /**
     * Counts one towards {@code quest}'s current stage for {@code player} (starting the quest first): what a
     * content-defined command's {@code advance_quest} does. A complete quest is left as it is (empty).
     */
    public static Optional<QuestUpdate> advance(Tx tx, PlayerState player, WorldState world, QuestDefinition quest) {
        QuestProgress progress = player.quests.get(quest.id());
        if (progress != null && QuestProgress.COMPLETE.equals(progress.status)) {
            return Optional.empty();
        }
        if (progress == null) {
            progress = start(tx, player, quest);
        }
        return Optional.of(count(tx, player, world, quest, progress));
    }

    private static List<QuestUpdate> advance(Tx tx, PlayerState player, WorldState world, Event event) {
        List<QuestUpdate> updates = new ArrayList<>();
        for (QuestDefinition quest : tx.content().quests().values()) {
            QuestProgress progress = player.quests.get(quest.id());
            if (progress != null && QuestProgress.COMPLETE.equals(progress.status)) {
                continue;
            }
            QuestDefinition.Stage stage = progress == null ? quest.stages().get(0) : current(quest, progress);
            if (stage == null || !event.counts(stage.objective())) {
                continue;
            }
            if (progress == null && !quest.autoAccept()) {
                continue;
            }
            if (progress == null) {
                progress = start(tx, player, quest);
            }
            updates.add(count(tx, player, world, quest, progress));
        }
        return updates;
    }

    /** The stage the player is on (the only one of a one-stage quest); null if the content lost it. */
    private static QuestDefinition.Stage current(QuestDefinition quest, QuestProgress progress) {
        if (!quest.staged()) {
            return quest.stages().get(0);
        }
        return quest.stages().stream().filter(s -> s.id().equals(progress.stage)).findFirst().orElse(null);
    }

    private static QuestUpdate count(Tx tx, PlayerState player, WorldState world, QuestDefinition quest,
                                     QuestProgress progress) {
        QuestDefinition.Stage stage = current(quest, progress);
        if (stage == null) { // an edit removed the player's stage: they resume at the first one
            stage = quest.stages().get(0);
            progress.stage = stage.id();
        }
        String counter = stage.objective().counter();
        int required = stage.objective().count();
        int count = progress.progress.getOrDefault(counter, 0) + 1;
        progress.progress.put(counter, count);
        int index = quest.stages().indexOf(stage);
        boolean stageDone = count >= required;
        boolean complete = stageDone && index == quest.stages().size() - 1;
        String message;
        if (complete) {
            progress.status = QuestProgress.COMPLETE;
            progress.completedAt = tx.now();
            message = fill(quest.messages().complete(), count, required);
            applyOnComplete(tx, player, world, quest.onComplete());
        } else if (stageDone) {
            QuestDefinition.Stage next = quest.stages().get(index + 1);
            progress.stage = next.id();
            progress.progress.put(next.objective().counter(), 0);
            message = fill(stage.message() != null ? stage.message() : quest.messages().progress(), count, required);
        } else {
            message = fill(quest.messages().progress(), count, required);
        }
        tx.putQuest(player, quest.id(), progress, false);
        QuestUpdate update = QuestUpdate.of(quest.id(), quest.name(), counter, count, required, complete, message);
        if (quest.staged()) {
            update.counters().put("stage", progress.stage);
        }
        return update;
    }

    private static void applyOnComplete(Tx tx, PlayerState player, WorldState world, QuestDefinition.OnComplete effects) {
        if (!effects.globalState().isEmpty()) {
            tx.updateGlobalState(world, effects.globalState());
        }
        for (Map.Entry<String, Map<String, Object>> npc : effects.npcState().entrySet()) {
            tx.updateNpcState(world, npc.getKey(), npc.getValue());
        }
        if (!effects.playerState().isEmpty()) {
            tx.updatePlayerState(player, effects.playerState());
        }
        for (QuestDefinition.Reward reward : effects.items()) {
            Optional<ItemTemplate> template = tx.content().item(reward.template());
            if (template.isEmpty()) {
                continue; // checked on load; an edit between load and now removed it
            }
            Item item = WorldTemplates.instantiate(template.get(), tx.freshItemId(reward.template()));
            if (reward.toPlayer()) {
                tx.addToInventory(player, item);
                continue;
            }
            Optional<SpotRef> at = WorldQueries.spotsIn(world, reward.to().zone(), reward.to().area()).stream()
                    .filter(s -> s.spotId().equals(reward.to().spot())).findFirst();
            if (at.isPresent()) {
                tx.addToSpot(world, at.get(), item);
            } else {
                tx.addToInventory(player, item); // the spot left the live world: the reward is not lost
            }
        }
    }

    public static String fill(String template, int count, int required) {
        return template.replace("{count}", Integer.toString(count)).replace("{required}", Integer.toString(required));
    }
}
