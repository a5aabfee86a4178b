package io.gaia.kb.command;

import io.gaia.events.ErrorCodes;
import io.gaia.kb.experience.ItemTemplate;
import io.gaia.kb.state.Item;
import io.gaia.kb.state.PlayerState;
import io.gaia.kb.state.WorldState;
import io.gaia.kb.world.Tx;
import io.gaia.events.kb.QuestUpdate;
import io.gaia.kb.quest.QuestHooks;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code use_item {instance_id}}: use an item you carry. Its template's {@code use} says what
 * happens: a message, item state changes, world state changes, and whether it is consumed.
 */
public final class UseItem implements Command {

    public static final CommandSpec SPEC = CommandSpec.player("use_item",
            "Use an item you carry; what happens depends on the item.",
            Param.id("instance_id", "The item to use"));

    @Override
    public CommandResult execute(CommandContext context) {
        Tx tx = context.tx();
        PlayerState player = tx.player();
        WorldState world = tx.world();
        Item item = Lookups.inInventory(player, context.params().text("instance_id"));
        ItemTemplate.Use use = tx.content().item(item.templateId).map(ItemTemplate::use).orElseThrow(() ->
                new GameError(ErrorCodes.NOT_USABLE, "Nothing happens when you use the " + Lookups.name(item) + "."));
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (!use.setsState().isEmpty()) {
            item.state.putAll(use.setsState());
            tx.updateInventoryItem(player, item, Map.of("state", new LinkedHashMap<>(item.state)));
        }
        if (!use.setsGlobalState().isEmpty()) {
            tx.updateGlobalState(world, use.setsGlobalState());
        }
        if (use.consumes()) {
            tx.removeFromInventory(player, item);
        }
        List<QuestUpdate> quests = QuestHooks.afterUse(tx, player, world, item);
        metadata.put("item", tx.itemMap(item));
        metadata.put("consumed", use.consumes());
        QuestReport.add(metadata, quests);
        return new CommandResult(QuestReport.messages(use.message(), quests), metadata, item.instanceId);
    }
}
