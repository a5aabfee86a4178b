package io.gaia.kb.quest;

import io.gaia.events.kb.QuestUpdate;
import io.gaia.kb.experience.QuestDefinition;
import io.gaia.kb.state.Item;
import io.gaia.kb.state.PlayerState;
import io.gaia.kb.state.QuestProgress;
import io.gaia.kb.state.WorldState;
import io.gaia.kb.world.Tx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Quest rules, driven entirely by quest data: after an item is given to an NPC or collected,
 * every matching quest the player is on (or that auto-accepts) counts it; reaching the objective's
 * count completes the quest and applies its {@code on_complete} changes to the world. Every
 * progress change goes through the {@link Tx}, so it is a delta like any other.
 */
public final class QuestHooks {

    private QuestHooks() {
    }

    public static List<QuestUpdate> afterGive(Tx tx, PlayerState player, WorldState world, Item item, String npcId) {
        return advance(tx, player, world, item, QuestDefinition.GIVE_ITEMS, npcId);
    }

    public static List<QuestUpdate> afterCollect(Tx tx, PlayerState player, WorldState world, Item item) {
        return advance(tx, player, world, item, QuestDefinition.COLLECT_ITEMS, null);
    }

    /** Starts {@code quest} for {@code player}; the caller has checked it is not started yet. */
    public static QuestProgress start(Tx tx, PlayerState player, QuestDefinition quest) {
        QuestProgress progress = new QuestProgress();
        progress.status = QuestProgress.ACTIVE;
        progress.acceptedAt = tx.now();
        progress.progress.put(quest.objective().counter(), 0);
        tx.putQuest(player, quest.id(), progress, true);
        return progress;
    }

    /**
     * Counts one towards {@code quest}'s objective for {@code player} (starting the quest first): what a
     * content-defined command's {@code advance_quest} does. A complete quest is left as it is (empty).
     */
    public static java.util.Optional<QuestUpdate> advance(Tx tx, PlayerState player, WorldState world,
                                                          QuestDefinition quest) {
        QuestProgress progress = player.quests.get(quest.id());
        if (progress != null && QuestProgress.COMPLETE.equals(progress.status)) {
            return java.util.Optional.empty();
        }
        if (progress == null) {
            progress = start(tx, player, quest);
        }
        return java.util.Optional.of(count(tx, player, world, quest, progress));
    }

    private static List<QuestUpdate> advance(Tx tx, PlayerState player, WorldState world, Item item, String type,
                                             String npcId) {
        List<QuestUpdate> updates = new ArrayList<>();
        for (QuestDefinition quest : tx.content().quests().values()) {
            QuestDefinition.Objective goal = quest.objective();
            boolean rightTarget = npcId == null || npcId.equals(goal.targetNpc());
            if (!goal.type().equals(type) || !rightTarget || !goal.matches(item.templateId, item.type)) {
                continue;
            }
            QuestProgress progress = player.quests.get(quest.id());
            if (progress == null && !quest.autoAccept()) {
                continue;
            }
            if (progress != null && QuestProgress.COMPLETE.equals(progress.status)) {
                continue;
            }
            if (progress == null) {
                progress = start(tx, player, quest);
            }
            updates.add(count(tx, player, world, quest, progress));
        }
        return updates;
    }

    private static QuestUpdate count(Tx tx, PlayerState player, WorldState world, QuestDefinition quest,
                                     QuestProgress progress) {
        String counter = quest.objective().counter();
        int required = quest.objective().count();
        int count = progress.progress.getOrDefault(counter, 0) + 1;
        progress.progress.put(counter, count);
        boolean complete = count >= required;
        String message;
        if (complete) {
            progress.status = QuestProgress.COMPLETE;
            progress.completedAt = tx.now();
            message = fill(quest.messages().complete(), count, required);
            applyOnComplete(tx, world, quest.onComplete());
        } else {
            message = fill(quest.messages().progress(), count, required);
        }
        tx.putQuest(player, quest.id(), progress, false);
        return QuestUpdate.of(quest.id(), quest.name(), counter, count, required, complete, message);
    }

    private static void applyOnComplete(Tx tx, WorldState world, QuestDefinition.OnComplete effects) {
        if (!effects.globalState().isEmpty()) {
            tx.updateGlobalState(world, effects.globalState());
        }
        for (Map.Entry<String, Map<String, Object>> npc : effects.npcState().entrySet()) {
            tx.updateNpcState(world, npc.getKey(), npc.getValue());
        }
    }

    public static String fill(String template, int count, int required) {
        return template.replace("{count}", Integer.toString(count)).replace("{required}", Integer.toString(required));
    }
}
