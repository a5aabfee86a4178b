package io.gaia.kb.command;

import io.gaia.events.ErrorCodes;
import io.gaia.kb.state.Item;
import io.gaia.kb.state.PlayerState;
import io.gaia.kb.state.WorldState;
import io.gaia.kb.world.Tx;
import io.gaia.kb.world.WorldQueries;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code @edit <instance_id> <field> <value>}: change one field of an item lying in the world or
 * carried by a player: {@code name}, {@code description}, {@code semantic_name}, {@code visible},
 * {@code collectible}, or {@code state.<key>} (value read as JSON when it parses, else as text).
 * The change is a delta like any other. Admin only.
 */
public final class AdminEdit implements Command {

    public static final String STATE_PREFIX = "state.";

    public static final CommandSpec SPEC = CommandSpec.admin("@edit",
            "Change one field of an item: name, description, semantic_name, visible, collectible or state.<key>.",
            Param.id("instance_id", "The item to change"),
            new Param("field", Param.Type.STRING, true, "The field to change", 80,
                    "^(name|description|semantic_name|visible|collectible|state\\.[a-z0-9_]{1,64})$", null, null, null),
            Param.text("value", true, "The new value"));

    @Override
    public CommandResult execute(CommandContext context) {
        Tx tx = context.tx();
        String id = context.params().text("instance_id");
        String field = context.params().text("field");
        String raw = context.params().text("value");
        WorldState world = tx.world();
        Optional<WorldQueries.Placed> placed = WorldQueries.findInSpots(world, id);
        if (placed.isPresent()) {
            Map<String, Object> fields = apply(tx, placed.get().item(), field, raw);
            tx.updateSpotItem(world, placed.get().at(), placed.get().item(), fields);
            return edited(tx, placed.get().item(), field);
        }
        for (String userId : tx.playerIds()) {
            PlayerState player = tx.existingPlayer(userId).orElse(null);
            Optional<Item> item = player == null ? Optional.empty() : WorldQueries.inInventory(player, id);
            if (item.isPresent()) {
                tx.updateInventoryItem(player, item.get(), apply(tx, item.get(), field, raw));
                return edited(tx, item.get(), field);
            }
        }
        throw new GameError(ErrorCodes.NOT_FOUND, "No item '" + id + "' lies in the world or is carried by a player.");
    }

    private static Map<String, Object> apply(Tx tx, Item item, String field, String raw) {
        Map<String, Object> fields = new LinkedHashMap<>();
        switch (field) {
            case "name" -> item.name = raw;
            case "description" -> item.description = raw;
            case "semantic_name" -> item.semanticName = raw;
            case "visible" -> item.visible = bool(raw);
            case "collectible" -> item.collectible = bool(raw);
            default -> {
                item.state.put(field.substring(STATE_PREFIX.length()), json(tx, raw));
                fields.put("state", new LinkedHashMap<>(item.state));
                return fields;
            }
        }
        fields.put(field, tx.itemMap(item).get(field));
        return fields;
    }

    private static boolean bool(String raw) {
        if (!raw.equals("true") && !raw.equals("false")) {
            throw new GameError(ErrorCodes.INVALID_FIELD, "field 'value' must be true or false for this field");
        }
        return Boolean.parseBoolean(raw);
    }

    private static Object json(Tx tx, String raw) {
        try {
            Object value = tx.mapper().readValue(raw, Object.class);
            return value == null ? raw : value;
        } catch (RuntimeException notJson) {
            return raw;
        }
    }

    private static CommandResult edited(Tx tx, Item item, String field) {
        return new CommandResult("Changed " + field + " of " + item.instanceId + ".",
                Map.of("item", tx.itemMap(item)), item.instanceId);
    }
}
