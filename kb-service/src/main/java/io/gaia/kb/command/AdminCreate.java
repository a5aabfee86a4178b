package io.gaia.kb.command;

import io.gaia.events.ErrorCodes;
import io.gaia.kb.experience.ItemTemplate;
import io.gaia.kb.experience.WorldTemplates;
import io.gaia.kb.state.Item;
import io.gaia.kb.world.SpotRef;
import io.gaia.kb.world.Tx;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code @create item <template> at <zone/area/spot>}: a new item from a template, lying at a spot, with
 * an id no item of the experience ever had ({@code <template>}, else {@code <template>-2}...). Everyone
 * sees it appear (an {@code add} delta). Admin only.
 */
public final class AdminCreate implements Command {

    public static final CommandSpec SPEC = CommandSpec.admin("@create",
            "Create an item from a template at a spot: @create item <template> at <zone/area/spot>.",
            Param.oneOf("kind", true, "What to create (items only)", "item"),
            Param.id("template", "The item template, e.g. bottle_joy"),
            Param.oneOf("at", false, "The word 'at' (line form)", "at"),
            Param.spot("spot", true, "Where it lies, e.g. woander_store/main_room/counter"));

    @Override
    public CommandResult execute(CommandContext context) {
        Tx tx = context.tx();
        SpotRef at = WorldSpots.named(tx.world(), context.params().text("spot"));
        return create(tx, context.params().text("template"), at, "@create");
    }

    /** Creates an item of {@code templateId} at {@code at}; shared with {@code @spawn}. */
    static CommandResult create(Tx tx, String templateId, SpotRef at, String command) {
        ItemTemplate template = tx.content().item(templateId).orElseThrow(() -> new GameError(ErrorCodes.NOT_FOUND,
                "There is no item template '" + templateId + "' in " + tx.experienceId() + "."));
        Item item = WorldTemplates.instantiate(template, tx.freshItemId(templateId));
        tx.addToSpot(tx.world(), at, item);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("item", tx.itemMap(item));
        metadata.put("location", Map.of("zone_id", at.zoneId(), "area_id", at.areaId(), "spot_id", at.spotId()));
        return new CommandResult(command + ": " + item.instanceId + " now lies in " + WorldSpots.address(at) + ".",
                metadata, item.instanceId);
    }
}
