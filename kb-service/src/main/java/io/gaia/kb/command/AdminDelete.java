package io.gaia.kb.command;

import io.gaia.events.ErrorCodes;
import io.gaia.kb.state.Item;
import io.gaia.kb.state.WorldState;
import io.gaia.kb.world.Tx;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code @delete <item> [CONFIRM]}: removes an item from the experience, wherever it is. Destructive, so
 * without {@code CONFIRM} nothing changes: the answer is {@code confirmation_required} with the item and
 * where it is. With it, a {@code remove} delta where it was. Admin only.
 */
public final class AdminDelete implements Command {

    public static final CommandSpec SPEC = CommandSpec.admin("@delete",
            "Delete an item wherever it is. Without CONFIRM: what would be deleted.",
            Param.id("instance_id", "The item to delete"),
            Param.oneOf("confirm", false, "CONFIRM to really delete; absent for a preview", AdminReset.CONFIRM));

    @Override
    public CommandResult execute(CommandContext context) {
        Tx tx = context.tx();
        WorldState world = tx.world();
        String id = context.params().text("instance_id");
        ItemLocator.Located located = ItemLocator.find(tx, world, id).orElseThrow(() ->
                new GameError(ErrorCodes.NOT_FOUND, "Nothing called '" + id + "' exists in " + tx.experienceId() + "."));
        Map<String, Object> preview = new LinkedHashMap<>();
        preview.put("item", tx.itemMap(located.item()));
        preview.put("location", located.where());
        if (!context.params().has("confirm")) {
            String line = "@delete " + id + " " + AdminReset.CONFIRM;
            throw Confirmation.required("This would delete " + id + ", which " + located.describe() + ". Send '"
                    + line + "' to do it.", line, preview);
        }
        take(tx, world, located);
        return new CommandResult("@delete: " + id + " is gone.", preview, id);
    }

    /** Takes a located item out of where it is, with the delta there. */
    static Item take(Tx tx, WorldState world, ItemLocator.Located located) {
        Item item = located.item();
        if (located.spot() != null) {
            tx.removeFromSpot(world, located.spot(), item);
        } else if (located.npcId() != null) {
            tx.removeFromNpc(world, located.npcId(), item);
        } else {
            tx.removeFromInventory(located.player(), item);
        }
        return item;
    }
}
