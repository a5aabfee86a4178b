package io.gaia.kb.command;

import io.gaia.kb.experience.AuthoredCommand;
import io.gaia.kb.experience.ItemTemplate;
import io.gaia.kb.experience.NpcTemplate;
import io.gaia.kb.state.Item;
import io.gaia.kb.state.PlayerState;
import io.gaia.kb.state.WorldState;
import io.gaia.kb.state.Zone;
import io.gaia.kb.world.SpotRef;
import io.gaia.kb.world.Tx;
import io.gaia.kb.world.WorldQueries;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Suggestions of what the player can do here, computed by the engine offline from the state and the
 * content, never guessed: commands that would succeed now ({@code metadata.available_actions} of a
 * phrase's answer). Content-defined commands without parameters are offered when their requirements hold,
 * an outcome applies and its effects would pass their checks (a dry run: nothing changes).
 */
final class AvailableActions {

    static final int MAX = 20;

    private AvailableActions() {
    }

    static List<Map<String, Object>> of(Tx tx) {
        PlayerState player = tx.player();
        WorldState world = tx.world();
        List<Map<String, Object>> out = new ArrayList<>();
        // the experience's own commands first: the most specific suggestions, and never crowded out
        for (AuthoredCommand command : tx.content().commands().values()) {
            if (command.structured() && command.rules().params().isEmpty() && wouldSucceed(tx, command)) {
                add(out, command.name(), Map.of(), command.aliases().isEmpty() ? command.name().replace('_', ' ')
                        : command.aliases().get(0));
            }
        }
        List<SpotRef> here = WorldQueries.spotsIn(world, player.currentLocation, player.currentArea);
        List<NpcTemplate> npcs = here.stream().filter(s -> s.spot().npc != null)
                .map(s -> tx.content().npc(s.spot().npc).orElse(null)).filter(java.util.Objects::nonNull).toList();
        for (Item item : player.inventory) {
            if (tx.content().item(item.templateId).map(ItemTemplate::use).isPresent()) {
                add(out, "use_item", Map.of("instance_id", item.instanceId), "use the " + Lookups.name(item));
            }
            for (NpcTemplate npc : npcs) {
                if (npc.accepts(item.templateId, item.type)) {
                    add(out, "give_item", Map.of("instance_id", item.instanceId, "target_npc_id", npc.id()),
                            "give the " + Lookups.name(item) + " to " + npc.name());
                }
            }
        }
        npcs.forEach(npc -> add(out, "talk", Map.of("npc_id", npc.id()), "talk to " + npc.name()));
        Zone zone = world.locations.get(player.currentLocation);
        if (zone != null) {
            zone.areas.forEach((areaId, area) -> {
                if (!areaId.equals(player.currentArea)) {
                    add(out, "go", Map.of("destination", areaId), "go to " + (area.name != null ? area.name : areaId));
                }
            });
        }
        // then what lies in reach (last: a big zone's items must not crowd out the rest)
        for (SpotRef spot : here) {
            for (Item item : spot.spot().items) {
                if (item.visible && item.collectible) {
                    add(out, "collect_item", Map.of("instance_id", item.instanceId), "take the " + Lookups.name(item));
                }
            }
        }
        return out.size() > MAX ? List.copyOf(out.subList(0, MAX)) : out;
    }

    private static boolean wouldSucceed(Tx tx, AuthoredCommand command) {
        ContentBindings none = new ContentBindings(Map.of());
        AuthoredCommand.Rules rules = command.rules();
        if (!rules.requires().stream().allMatch(r -> ContentConditions.holds(tx, r.condition(), none))) {
            return false;
        }
        return rules.outcomes().stream()
                .filter(o -> o.when().stream().allMatch(c -> ContentConditions.holds(tx, c, none)))
                .findFirst()
                .map(o -> {
                    try {
                        ContentEffects.plan(tx, o.effects(), none); // checks only
                        return true;
                    } catch (GameError no) {
                        return false;
                    }
                })
                .orElse(false);
    }

    private static void add(List<Map<String, Object>> out, String action, Map<String, Object> params, String label) {
        if (out.size() >= MAX) {
            return; // a zone of thousands of items costs a pass, not thousands of suggestions
        }
        Map<String, Object> suggestion = new LinkedHashMap<>();
        suggestion.put("action", action);
        suggestion.put("params", params);
        suggestion.put("label", label);
        out.add(suggestion);
    }
}
