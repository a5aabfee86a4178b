package io.gaia.kb.command;

import io.gaia.kb.state.Item;
import io.gaia.kb.state.PlayerState;
import io.gaia.kb.state.WorldState;
import io.gaia.kb.world.Tx;
import io.gaia.kb.world.WorldQueries;
import java.util.Map;

/** {@code examine {instance_id}}: look closely at an item you carry or one within reach. Changes nothing. */
public final class Examine implements Command {

    public static final CommandSpec SPEC = CommandSpec.player("examine",
            "Look closely at an item you carry or one within reach.",
            Param.id("instance_id", "The item to examine"));

    @Override
    public CommandResult execute(CommandContext context) {
        Tx tx = context.tx();
        PlayerState player = tx.player();
        WorldState world = tx.world();
        String id = context.params().text("instance_id");
        Item item = WorldQueries.inInventory(player, id)
                .orElseGet(() -> Lookups.itemInReach(tx, player, world, id).item());
        return new CommandResult(item.description, Map.of("item", tx.itemMap(item)), item.instanceId);
    }
}
