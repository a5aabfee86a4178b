package io.gaia.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ValueDeserializer;

/**
 * Reads {@code changes} in either shape: the current ordered list, or v0.3's object keyed by
 * state path ({@code {"<path>": {"operation": ..., "item": {"id": ..., ...}}}}), whose ids are recovered
 * from {@code instance_id}, {@code item.id} or {@code item.instance_id}, and the path.
 */
final class ChangesDeserializer extends ValueDeserializer<List<Change>> {

    @Override
    public List<Change> deserialize(JsonParser parser, DeserializationContext ctxt) {
        List<Change> changes = new ArrayList<>();
        if (parser.currentToken() == tools.jackson.core.JsonToken.START_ARRAY) {
            // the current shape, read as it streams (a tree first cost half of a client's CPU per action)
            while (parser.nextToken() != tools.jackson.core.JsonToken.END_ARRAY) {
                changes.add(ctxt.readValue(parser, Change.class));
            }
            return changes;
        }
        JsonNode node = ctxt.readTree(parser);
        if (node.isArray()) {
            for (JsonNode element : node) {
                changes.add(ctxt.readTreeAsValue(element, Change.class));
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                changes.add(legacyChange(entry.getKey(), entry.getValue(), ctxt));
            }
        } else {
            return ctxt.reportInputMismatch(this, "field 'changes' must be a list or an object keyed by path");
        }
        return changes;
    }

    @SuppressWarnings("unchecked")
    private Change legacyChange(String path, JsonNode body, DeserializationContext ctxt) {
        if (!body.isObject()) {
            return ctxt.reportInputMismatch(this, "v0.3 change at '" + path + "' must be an object");
        }
        Operation operation = ctxt.readTreeAsValue(body.get("operation"), Operation.class);
        Map<String, Object> item = body.hasNonNull("item") ? ctxt.readTreeAsValue(body.get("item"), Map.class) : null;
        String instanceId = body.hasNonNull("instance_id") ? body.get("instance_id").asString()
                : item != null && item.get(GaiaJson.LEGACY_ITEM_ID) instanceof String id ? id
                : item != null && item.get("instance_id") instanceof String id ? id : null;
        if (item != null && instanceId != null && instanceId.equals(item.get(GaiaJson.LEGACY_ITEM_ID))) {
            // v0.3's item.id is the instance id (the writer adds it); the item itself is what is left
            item = new java.util.LinkedHashMap<>(item);
            item.remove(GaiaJson.LEGACY_ITEM_ID);
            if (item.isEmpty()) {
                item = null;
            }
        }
        Change.Location at = StatePaths.locationOf(path);
        return new Change(operation, path, instanceId, at.zoneId(), at.areaId(), at.spotId(), item, null);
    }
}
