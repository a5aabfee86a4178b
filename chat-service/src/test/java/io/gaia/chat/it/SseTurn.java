package io.gaia.chat.it;

import io.gaia.events.GaiaJson;
import java.util.List;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/** The events of one chat turn as a real SSE client received them, each with its arrival time. */
public record SseTurn(List<Received> events) {

    public record Received(String type, JsonNode data, long atNanos) {
    }

    private static final GaiaJson JSON = GaiaJson.create();

    static Received parse(String data, long atNanos) {
        JsonNode node = JSON.readTree(data);
        return new Received(node.path("type").asString(), node, atNanos);
    }

    public List<String> types() {
        return events.stream().map(Received::type).toList();
    }

    public int firstIndexOf(String type) {
        return types().indexOf(type);
    }

    public List<JsonNode> all(String type) {
        return events.stream().filter(e -> e.type().equals(type)).map(Received::data).toList();
    }

    public JsonNode first(String type) {
        return all(type).isEmpty() ? null : all(type).get(0);
    }

    public JsonNode last(String type) {
        List<JsonNode> all = all(type);
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    public String narrative() {
        return all("content").stream().map(n -> n.path("content").asString()).collect(Collectors.joining());
    }

    public String conversationId() {
        return first("metadata").path("conversation_id").asString();
    }
}
