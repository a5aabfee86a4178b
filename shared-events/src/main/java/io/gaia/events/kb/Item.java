package io.gaia.events.kb;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An item as clients see it, in a spot or an inventory: {@code instance_id, template_id, type, name,
 * semantic_name, description, collectible, visible, state{}}. {@code state} is the item's free-form
 * state; fields this record does not name are kept in {@code extra} and written back as they came,
 * so nothing a newer kb-service adds is lost on the way through.
 */
public record Item(String instanceId, String templateId, String type, String name, String semanticName,
                   String description, Boolean collectible, Boolean visible, Map<String, Object> state,
                   @JsonAnySetter Map<String, Object> extra) {

    public Item {
        extra = extra == null ? new LinkedHashMap<>() : extra;
    }

    public Item(String instanceId, String templateId, String type, String name, String semanticName,
                String description, Boolean collectible, Boolean visible, Map<String, Object> state) {
        this(instanceId, templateId, type, name, semanticName, description, collectible, visible, state, null);
    }

    @JsonAnyGetter
    @Override
    public Map<String, Object> extra() {
        return extra;
    }
}
