package io.gaia.kb.command;

import io.gaia.events.ErrorCodes;
import io.gaia.events.GaiaJson;
import io.gaia.kb.state.Item;
import io.gaia.kb.state.PlayerState;
import io.gaia.kb.state.WorldState;
import io.gaia.kb.world.Tx;
import io.gaia.kb.world.WorldQueries;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.exc.StreamConstraintsException;

/**
 * {@code @edit <instance_id> <field> <value>}: change one field of an item lying in the world or
 * carried by a player: {@code name}, {@code description}, {@code semantic_name}, {@code visible},
 * {@code collectible}, or {@code state.<key>} (value read as JSON when it parses, else as text).
 * The change is a delta like any other. Admin only.
 *
 * <p>Nothing accepted here may be unreadable later: a JSON value nested deeper than
 * {@link GaiaJson#MAX_VALUE_DEPTH} (the rest of {@link GaiaJson#MAX_NESTING_DEPTH}, the limit every
 * reader applies, is needed by the documents and messages that carry the item), or an item larger
 * than {@link #MAX_ITEM_BYTES} once edited, is refused with {@code invalid_field} naming the limit.
 */
public final class AdminEdit implements Command {

    public static final String STATE_PREFIX = "state.";
    /** Largest item (as JSON) an edit may produce: a zone of 10,000 such items stays readable. */
    public static final int MAX_ITEM_BYTES = 16 * 1024;

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
        Object value = field.startsWith(STATE_PREFIX) ? json(tx, raw) : null;
        if (placed.isPresent()) {
            checkSize(tx, placed.get().item(), field, raw, value);
            Map<String, Object> fields = apply(tx, placed.get().item(), field, raw, value);
            tx.updateSpotItem(world, placed.get().at(), placed.get().item(), fields);
            return edited(tx, placed.get().item(), field);
        }
        for (String userId : tx.playerIds()) {
            PlayerState player = tx.existingPlayer(userId).orElse(null);
            Optional<Item> item = player == null ? Optional.empty() : WorldQueries.inInventory(player, id);
            if (item.isPresent()) {
                checkSize(tx, item.get(), field, raw, value);
                tx.updateInventoryItem(player, item.get(), apply(tx, item.get(), field, raw, value));
                return edited(tx, item.get(), field);
            }
        }
        throw new GameError(ErrorCodes.NOT_FOUND, "No item '" + id + "' lies in the world or is carried by a player.");
    }

    private static Map<String, Object> apply(Tx tx, Item item, String field, String raw, Object value) {
        Map<String, Object> fields = new LinkedHashMap<>();
        switch (field) {
            case "name" -> item.name = raw;
            case "description" -> item.description = raw;
            case "semantic_name" -> item.semanticName = raw;
            case "visible" -> item.visible = bool(raw);
            case "collectible" -> item.collectible = bool(raw);
            default -> {
                item.state.put(field.substring(STATE_PREFIX.length()), value);
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

    /** The value as JSON when it parses (else as text), refused when nested deeper than readers allow. */
    private static Object json(Tx tx, String raw) {
        Object value;
        try {
            value = tx.mapper().readValue(raw, Object.class);
        } catch (StreamConstraintsException tooDeep) {
            throw tooDeep();
        } catch (RuntimeException notJson) {
            return raw;
        }
        if (GaiaJson.depth(value) > GaiaJson.MAX_VALUE_DEPTH) {
            throw tooDeep();
        }
        return value == null ? raw : value;
    }

    private static GameError tooDeep() {
        return new GameError(ErrorCodes.INVALID_FIELD, "field 'value' is nested deeper than "
                + GaiaJson.MAX_VALUE_DEPTH + " levels, the limit for a value stored in the world");
    }

    /** Refuses an edit that would make the item larger than {@link #MAX_ITEM_BYTES}, before anything changes. */
    private static void checkSize(Tx tx, Item item, String field, String raw, Object value) {
        Map<String, Object> edited = new LinkedHashMap<>(tx.itemMap(item));
        if (field.startsWith(STATE_PREFIX)) {
            Map<String, Object> state = new LinkedHashMap<>(item.state);
            state.put(field.substring(STATE_PREFIX.length()), value);
            edited.put("state", state);
        } else {
            edited.put(field, raw);
        }
        int bytes = tx.mapper().writeValueAsBytes(edited).length;
        if (bytes > MAX_ITEM_BYTES) {
            throw new GameError(ErrorCodes.INVALID_FIELD, "the edited item would be " + bytes
                    + " bytes of JSON, over the limit of " + MAX_ITEM_BYTES + " bytes per item");
        }
    }

    private static CommandResult edited(Tx tx, Item item, String field) {
        return new CommandResult("Changed " + field + " of " + item.instanceId + ".",
                Map.of("item", tx.itemMap(item)), item.instanceId);
    }
}
