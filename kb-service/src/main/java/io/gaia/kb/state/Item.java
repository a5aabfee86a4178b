package io.gaia.kb.state;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An item instance in a spot, an inventory or an NPC's keeping. The layout is the one clients
 * know: {@code instance_id, template_id, type, semantic_name, description, collectible, visible, state{}}.
 * Mutated only by its experience's writer thread.
 */
public final class Item {

    public String instanceId;
    public String templateId;
    public String type;
    public String name;
    public String semanticName;
    public String description;
    public boolean collectible = true;
    public boolean visible = true;
    public Map<String, Object> state = new LinkedHashMap<>();

    public Item copy() {
        Item copy = new Item();
        copy.instanceId = instanceId;
        copy.templateId = templateId;
        copy.type = type;
        copy.name = name;
        copy.semanticName = semanticName;
        copy.description = description;
        copy.collectible = collectible;
        copy.visible = visible;
        copy.state = new LinkedHashMap<>(state == null ? Map.of() : state);
        return copy;
    }
}
