package io.gaia.kb.command;

import io.gaia.kb.experience.NpcTemplate;
import io.gaia.kb.experience.QuestDefinition;
import io.gaia.kb.state.PlayerState;
import io.gaia.kb.state.QuestProgress;
import io.gaia.events.kb.NearbyNpc;
import io.gaia.kb.world.AreaOfInterest;
import io.gaia.kb.world.Tx;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code talk {npc_id}}: a line from the NPC's content dialogue, chosen by how the player stands
 * with the NPC's quests. Free conversation belongs to chat-service, which reads the persona.
 */
public final class Talk implements Command {

    public static final CommandSpec SPEC = CommandSpec.player("talk",
            "Speak with a character in your area; they answer with a line of their own.",
            Param.id("npc_id", "Who to talk to, e.g. woander"));

    @Override
    public CommandResult execute(CommandContext context) {
        Tx tx = context.tx();
        PlayerState player = tx.player();
        NpcTemplate npc = Lookups.npcInReach(tx, player, tx.world(), context.params().text("npc_id"));
        String situation = "greeting";
        String offer = null;
        for (QuestDefinition quest : tx.content().quests().values()) {
            if (!npc.id().equals(quest.giver())) {
                continue;
            }
            QuestProgress progress = player.quests.get(quest.id());
            if (progress == null) {
                offer = quest.id();
            } else {
                situation = QuestProgress.COMPLETE.equals(progress.status) ? "quest_complete" : "quest_active";
            }
        }
        String statName = "talks_" + npc.id();
        long times = player.stats.getOrDefault(statName, 0L);
        tx.incrementStat(player, statName);
        String line = line(npc, situation, times);
        List<io.gaia.events.kb.QuestUpdate> quests = io.gaia.kb.quest.QuestHooks.afterTalk(tx, player, tx.world(), npc.id());
        NearbyNpc nearby = AreaOfInterest.npc(tx.content(), npc.id());
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("npc_id", nearby.npcId());
        if (nearby.name() != null) {
            metadata.put("name", nearby.name());
            metadata.put("description", nearby.description());
        }
        metadata.put("situation", situation);
        if (offer != null) {
            metadata.put("quest_offer", offer);
        }
        QuestReport.add(metadata, quests);
        return CommandResult.of(QuestReport.messages(npc.name() + ": \"" + line + "\"", quests), metadata);
    }

    private static String line(NpcTemplate npc, String situation, long times) {
        List<String> lines = npc.dialogue().getOrDefault(situation, npc.dialogue().getOrDefault("greeting", List.of()));
        if (lines.isEmpty()) {
            return "...";
        }
        return lines.get((int) (times % lines.size()));
    }
}
