package io.gaia.kb.command;

import io.gaia.events.ErrorCodes;
import io.gaia.kb.experience.NpcTemplate;
import io.gaia.kb.quest.QuestHooks;
import io.gaia.events.kb.QuestUpdate;
import io.gaia.kb.state.Item;
import io.gaia.kb.state.PlayerState;
import io.gaia.kb.state.WorldState;
import io.gaia.kb.world.Tx;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code give_item {instance_id, target_npc_id}}: hand an item to an NPC in your area who accepts
 * it. Quests that count such gifts advance ({@code metadata.hook_result.quest_updates}).
 */
public final class GiveItem implements Command {

    public static final CommandSpec SPEC = CommandSpec.player("give_item",
            "Give an item from your inventory to a character in your area.",
            Param.id("instance_id", "The item to give"),
            Param.id("target_npc_id", "Who receives it, e.g. louisa"));

    @Override
    public CommandResult execute(CommandContext context) {
        Tx tx = context.tx();
        PlayerState player = tx.player();
        WorldState world = tx.world();
        Item item = Lookups.inInventory(player, context.params().text("instance_id"));
        NpcTemplate npc = Lookups.npcInReach(tx, player, world, context.params().text("target_npc_id"));
        if (!npc.accepts(item.templateId, item.type)) {
            throw new GameError(ErrorCodes.NOT_ACCEPTED, npc.name() + " does not want the " + Lookups.name(item) + ".");
        }
        tx.removeFromInventory(player, item);
        tx.giveToNpc(world, npc.id(), item);
        tx.incrementStat(player, "items_given");
        List<QuestUpdate> quests = QuestHooks.afterGive(tx, player, world, item, npc.id());
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("item", tx.itemMap(item));
        metadata.put("npc_id", npc.id());
        QuestReport.add(metadata, quests);
        String message = QuestReport.messages(npc.name() + " takes the " + Lookups.name(item) + ".", quests);
        return new CommandResult(message, metadata, item.instanceId);
    }
}
