package io.gaia.events.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.GaiaJson;
import io.gaia.events.WorldUpdateEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The chat stream's events, defined once: each one written by chat-service reads back as itself. */
class ChatStreamEventTest {

    static final GaiaJson json = GaiaJson.create();

    static WorldUpdateEvent delta() {
        return json.read("{\"type\":\"world_update\",\"version\":\"0.4\",\"experience\":\"wylding-woods\",\"user_id\":\"alice\","
                + "\"base_version\":1,\"snapshot_version\":2,\"scope\":\"player\",\"changes\":[{\"operation\":\"remove\","
                + "\"path\":\"player.inventory\",\"instance_id\":\"bottle_joy\"}],\"timestamp\":5,"
                + "\"metadata\":{\"source\":\"kb-service\"}}", WorldUpdateEvent.class);
    }

    @Test
    void everyEventRoundTripsThroughTheCodec() {
        Map<String, Object> timings = new LinkedHashMap<>();
        timings.put("provider", "offline");
        timings.put("time_to_world_update_ms", null);
        timings.put("total_ms", 12.5);
        List<ChatStreamEvent> events = List.of(
                ChatStreamEvent.Metadata.of(Map.of("conversation_id", "c-1", "provider", "offline")),
                ChatStreamEvent.Metadata.of(timings),
                new ChatStreamEvent.WorldUpdate(delta()),
                ChatStreamEvent.Content.of("You reach out "),
                ChatStreamEvent.Error.of("timeout", "the narrator did not answer in time"),
                ChatStreamEvent.Done.of());
        for (ChatStreamEvent event : events) {
            String data = json.writeString(event);
            assertThat(json.readTree(data).path("type").asString()).isEqualTo(event.type());
            assertThat(ChatStreamEvent.read(json, data)).as(data).isEqualTo(event);
        }
    }

    @Test
    void aWorldUpdateIsWrittenExactlyAsOnNats() {
        assertThat(json.readTree(json.writeString(new ChatStreamEvent.WorldUpdate(delta()))))
                .isEqualTo(json.readTree(json.writeString(delta())));
    }

    @Test
    void timingsThatDidNotHappenAreNullNotAbsent() {
        Map<String, Object> timings = new LinkedHashMap<>();
        timings.put("time_to_world_update_ms", null);
        String data = json.writeString(ChatStreamEvent.Metadata.of(timings));
        assertThat(json.readTree(data).has("time_to_world_update_ms")).as(data).isTrue();
    }

    @Test
    void theFirstMetadataNamesTheConversation() {
        ChatStreamEvent read = ChatStreamEvent.read(json, "{\"type\":\"metadata\",\"conversation_id\":\"c-9\",\"model\":\"m\"}");
        assertThat(((ChatStreamEvent.Metadata) read).conversationId()).isEqualTo("c-9");
        assertThat(((ChatStreamEvent.Metadata) read).fields()).containsEntry("model", "m").doesNotContainKey("type");
    }

    @Test
    void aTypeThisVersionDoesNotKnowIsSkipped() {
        assertThat(ChatStreamEvent.read(json, "{\"type\":\"sparkle\"}")).isNull();
    }
}
