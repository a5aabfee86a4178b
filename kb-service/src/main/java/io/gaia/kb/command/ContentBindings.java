package io.gaia.kb.command;

import io.gaia.events.ErrorCodes;
import io.gaia.kb.experience.AuthoredCommand;
import io.gaia.kb.state.Area;
import io.gaia.kb.state.Item;
import io.gaia.kb.state.PlayerState;
import io.gaia.kb.state.WorldState;
import io.gaia.kb.state.Zone;
import io.gaia.kb.world.Tx;
import io.gaia.kb.world.WorldQueries;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A content-defined command's parameters, checked against what they refer to (an item the player carries
 * or can reach, an NPC in their area, an area of their zone), so that {@code $name} in its rules means a
 * thing that is really here. Fails with the same codes as the built-in commands.
 */
record ContentBindings(Map<String, Bound> values) {

    /** A parameter's id (or text) and the name the player knows it by. */
    record Bound(String value, String displayName) {
    }

    static ContentBindings bind(Tx tx, AuthoredCommand.Rules rules, Params params) {
        PlayerState player = tx.player();
        WorldState world = tx.world();
        Map<String, Bound> values = new LinkedHashMap<>();
        for (AuthoredCommand.Parameter p : rules.params()) {
            if (!params.has(p.name())) {
                continue;
            }
            String value = params.text(p.name());
            values.put(p.name(), switch (p.kind()) {
                case ITEM_HELD -> item(Lookups.inInventory(player, value));
                case ITEM_IN_REACH -> item(Lookups.itemInReach(tx, player, world, value).item());
                case ITEM -> item(WorldQueries.inInventory(player, value)
                        .orElseGet(() -> Lookups.itemInReach(tx, player, world, value).item()));
                case NPC -> new Bound(value, Lookups.npcInReach(tx, player, world, value).name());
                case AREA -> area(world, player, value);
                case TEXT -> new Bound(value, value);
            });
        }
        return new ContentBindings(values);
    }

    /** A reference as written in the rules: {@code $name} is the parameter's value, anything else itself. */
    String resolve(String reference) {
        if (reference == null || !reference.startsWith("$")) {
            return reference;
        }
        Bound bound = values.get(reference.substring(1));
        return bound == null ? null : bound.value();
    }

    /** {@code text} with each {@code {name}} replaced by the parameter's display name. */
    String fill(String text) {
        String out = text;
        for (Map.Entry<String, Bound> e : values.entrySet()) {
            out = out.replace("{" + e.getKey() + "}", e.getValue().displayName());
        }
        return out;
    }

    private static Bound item(Item item) {
        return new Bound(item.instanceId, Lookups.name(item));
    }

    private static Bound area(WorldState world, PlayerState player, String areaId) {
        Zone zone = world.locations.get(player.currentLocation);
        Area area = zone == null ? null : zone.areas.get(areaId);
        if (area == null) {
            throw new GameError(ErrorCodes.NOT_FOUND, "There is no area '" + areaId + "' here.");
        }
        return new Bound(areaId, area.name != null ? area.name : areaId);
    }
}
