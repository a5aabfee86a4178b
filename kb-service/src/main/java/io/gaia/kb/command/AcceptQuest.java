package io.gaia.kb.command;

import io.gaia.events.ErrorCodes;
import io.gaia.kb.experience.QuestDefinition;
import io.gaia.kb.quest.QuestHooks;
import io.gaia.kb.state.PlayerState;
import io.gaia.kb.state.QuestProgress;
import io.gaia.kb.world.Tx;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code accept_quest {quest_id}}: start a quest of this experience. */
public final class AcceptQuest implements Command {

    public static final CommandSpec SPEC = CommandSpec.player("accept_quest",
            "Start a quest of this experience.",
            Param.id("quest_id", "The quest to start, e.g. dream_bottles"));

    @Override
    public CommandResult execute(CommandContext context) {
        Tx tx = context.tx();
        PlayerState player = tx.player();
        String questId = context.params().text("quest_id");
        QuestDefinition quest = tx.content().quests().get(questId);
        if (quest == null) {
            throw new GameError(ErrorCodes.NOT_FOUND, "There is no quest '" + questId + "'.");
        }
        QuestProgress existing = player.quests.get(questId);
        if (existing != null) {
            throw new GameError(ErrorCodes.CONFLICT, QuestProgress.COMPLETE.equals(existing.status)
                    ? "You have already completed " + quest.name() + "." : "You are already on " + quest.name() + ".");
        }
        QuestProgress progress = QuestHooks.start(tx, player, quest);
        Map<String, Object> update = new LinkedHashMap<>();
        update.put("quest_id", quest.id());
        update.put("name", quest.name());
        update.put(quest.objective().counter(), 0);
        update.put("required", quest.objective().count());
        update.put("quest_complete", false);
        update.put("status", progress.status);
        return CommandResult.of(quest.messages().accepted(), Map.of("quest_update", update));
    }
}
