package io.gaia.kb.experience;

import java.util.List;
import java.util.Map;

/** {@code templates/items/<id>.json}: what an item is; instances in the world are made from it. */
public record ItemTemplate(
        String id,
        String type,
        String name,
        String semanticName,
        String description,
        boolean collectible,
        boolean visible,
        List<String> aliases,
        Map<String, Object> state,
        Use use) {

    /** What {@code use_item} does; null when the item cannot be used. */
    public record Use(String message, boolean consumes, Map<String, Object> setsState,
                      Map<String, Object> setsGlobalState) {
    }
}
