package io.gaia.kb.command;

import io.gaia.events.ErrorCodes;
import io.gaia.kb.experience.Effect;
import io.gaia.kb.experience.ModelPatch;
import io.gaia.kb.state.Item;
import io.gaia.kb.state.NpcState;
import io.gaia.kb.world.Tx;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A language model's answer for a prose-only command, run on the writer like every command. The engine
 * checks the whole patch against the live state first: every item it moves, removes or changes exists
 * where the patch says (so every item still exists exactly once), a value it sets has the type the key
 * already has, and only the acting player and the shared world change (the effect vocabulary names no
 * other player). A patch that breaks any rule is refused whole with {@code patch_refused}; nothing changes.
 */
final class InterpretedCommand implements Command {

    private final String name;
    private final ModelPatch patch;

    InterpretedCommand(String name, ModelPatch patch) {
        this.name = name;
        this.patch = patch;
    }

    @Override
    public CommandResult execute(CommandContext context) {
        Tx tx = context.tx();
        if (!patch.success()) {
            throw new GameError(ErrorCodes.PRECONDITION_FAILED, patch.message());
        }
        ContentBindings none = new ContentBindings(Map.of());
        ContentEffects.Plan plan;
        try {
            patch.effects().forEach(effect -> checkTypes(tx, effect));
            plan = ContentEffects.plan(tx, patch.effects(), none);
        } catch (GameError refused) {
            throw new GameError(ErrorCodes.PATCH_REFUSED, "The language model's answer to '" + name
                    + "' was refused whole, nothing changed: " + refused.getMessage());
        }
        ContentEffects.Applied applied = plan.apply();
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("interpreted_by", "language_model");
        if (!applied.speech().isEmpty()) {
            metadata.put("npc_speech", applied.speech());
        }
        if (!applied.items().isEmpty()) {
            metadata.put("items", applied.items().stream().distinct().toList());
        }
        QuestReport.add(metadata, applied.quests());
        String itemId = applied.items().isEmpty() ? null : applied.items().get(0);
        StringBuilder message = new StringBuilder(patch.message());
        applied.speech().forEach(line -> message.append(' ').append(line.get("name")).append(": \"")
                .append(line.get("text")).append('"'));
        return new CommandResult(QuestReport.messages(message.toString(), applied.quests()), metadata, itemId);
    }

    /** A key that already has a value keeps its JSON type (a boolean stays a boolean). */
    private static void checkTypes(Tx tx, Effect effect) {
        if (effect instanceof Effect.SetGlobalState set) {
            sameTypes("global_state", tx.world().globalState, set.state());
        } else if (effect instanceof Effect.SetPlayerState set) {
            sameTypes("player.state", tx.player().state == null ? Map.of() : tx.player().state, set.state());
        } else if (effect instanceof Effect.SetNpcState set) {
            Map<String, Object> current = new LinkedHashMap<>(tx.content().npc(set.npc())
                    .map(io.gaia.kb.experience.NpcTemplate::state).orElse(Map.of()));
            NpcState live = tx.world().npcs.get(set.npc());
            if (live != null) {
                current.putAll(live.state);
            }
            sameTypes("npcs." + set.npc() + ".state", current, set.state());
        } else if (effect instanceof Effect.SetItemState set) {
            Optional<Item> item = ContentConditions.find(tx.world(), tx.player(), set.item());
            if (item.isPresent() && item.get().state != null) {
                sameTypes(set.item() + ".state", item.get().state, set.state());
            }
        }
    }

    private static void sameTypes(String where, Map<String, Object> current, Map<String, Object> changes) {
        changes.forEach((key, value) -> {
            Object old = current.get(key);
            if (old != null && value != null && !kind(old).equals(kind(value))) {
                throw new GameError(ErrorCodes.PATCH_REFUSED, where + "." + key + " is a " + kind(old)
                        + ", the patch sets a " + kind(value));
            }
        });
    }

    private static String kind(Object value) {
        return value instanceof Boolean ? "boolean" : value instanceof Number ? "number" : value instanceof String ? "string"
                : value instanceof List<?> ? "list" : value instanceof Map<?, ?> ? "object" : "value";
    }
}
