package io.gaia.kb.command;

import io.gaia.kb.state.PlayerState;
import io.gaia.kb.world.Tx;
import java.util.Map;
import java.util.stream.Collectors;

/** {@code inventory}: what you carry. Changes nothing. */
public final class Inventory implements Command {

    public static final CommandSpec SPEC = CommandSpec.player("inventory", "List what you carry.");

    @Override
    public CommandResult execute(CommandContext context) {
        Tx tx = context.tx();
        PlayerState player = tx.player();
        String message = player.inventory.isEmpty() ? "You carry nothing."
                : "You carry: " + player.inventory.stream().map(Lookups::name).collect(Collectors.joining(", ")) + ".";
        return CommandResult.of(message, Map.of("inventory", player.inventory.stream().map(tx::itemMap).toList()));
    }
}
