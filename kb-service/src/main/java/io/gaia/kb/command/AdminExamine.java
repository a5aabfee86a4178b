package io.gaia.kb.command;

import io.gaia.events.ErrorCodes;
import io.gaia.kb.state.NpcState;
import io.gaia.kb.state.WorldState;
import io.gaia.kb.world.Tx;
import io.gaia.kb.world.WorldQueries;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@code @examine <id>}: the raw state of an item wherever it is (spot, inventory, NPC), or of an NPC. Admin only. */
public final class AdminExamine implements Command {

    public static final CommandSpec SPEC = CommandSpec.admin("@examine",
            "Show the raw state of an item (wherever it is) or an NPC.",
            Param.id("id", "An item instance id or an NPC id"));

    @Override
    public CommandResult execute(CommandContext context) {
        Tx tx = context.tx();
        String id = context.params().text("id");
        WorldState world = tx.world();
        Map<String, Object> metadata = new LinkedHashMap<>();
        NpcState npc = world.npcs.get(id);
        Optional<ItemLocator.Located> located = ItemLocator.find(tx, world, id);
        if (located.isPresent()) {
            metadata.put("item", tx.itemMap(located.get().item()));
            Map<String, Object> where = located.get().where();
            if (where.containsKey("spot_id")) {
                metadata.put("location", where);
            } else {
                metadata.putAll(where);
            }
            return new CommandResult(id + " " + located.get().describe() + ".", metadata, id);
        }
        if (npc != null) {
            metadata.put("npc", tx.mapper().convertValue(npc, Map.class));
            WorldQueries.npcSpot(world, id).ifPresent(at -> metadata.put("location", at.path()));
            return CommandResult.of("NPC " + id + ".", metadata);
        }
        throw new GameError(ErrorCodes.NOT_FOUND, "Nothing called '" + id + "' exists in " + tx.experienceId() + ".");
    }
}
