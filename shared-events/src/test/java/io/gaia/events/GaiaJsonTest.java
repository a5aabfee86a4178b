package io.gaia.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class GaiaJsonTest {

    private final GaiaJson json = GaiaJson.create();

    private static WorldUpdateEvent collectJoy() {
        Change.Location spot = new Change.Location("woander_store", "main_room", "spot_3");
        return WorldUpdateEvent.of("wylding-woods", "jason", VersionScope.WORLD, 41, 42,
                List.of(Change.remove(StatePaths.spotItems("woander_store", "main_room", "spot_3"), "bottle_joy", spot)),
                1_700_000_000_000L, new EventMetadata("kb-service", "shared", "req-1"));
    }

    @Test
    void writesSnakeCaseWireNamesAndOmitsAbsentFields() {
        String wire = json.writeString(collectJoy());
        assertThat(wire).contains("\"type\":\"world_update\"", "\"version\":\"0.4\"", "\"user_id\":\"jason\"",
                "\"base_version\":41", "\"snapshot_version\":42", "\"scope\":\"world\"", "\"operation\":\"remove\"",
                "\"instance_id\":\"bottle_joy\"", "\"zone_id\":\"woander_store\"", "\"spot_id\":\"spot_3\"",
                "\"state_model\":\"shared\"", "\"request_id\":\"req-1\"");
        assertThat(wire).doesNotContain("\"item\"", "\"fields\"", "null");
    }

    @Test
    void readsBackWhatItWrites() {
        WorldUpdateEvent event = collectJoy();
        assertThat(json.read(json.write(event), WorldUpdateEvent.class)).isEqualTo(event);
    }

    @Test
    void toleratesUnknownFields() {
        String wire = json.writeString(collectJoy()).replaceFirst("\\{", "{\"shiny_new_field\":[1,2,3],");
        assertThat(json.read(wire, WorldUpdateEvent.class)).isEqualTo(collectJoy());
    }

    @Test
    void aMissingRequiredFieldIsRejectedByName() {
        String wire = "{\"type\":\"world_update\",\"version\":\"0.4\",\"changes\":[],\"timestamp\":1}";
        assertThatThrownBy(() -> json.read(wire, WorldUpdateEvent.class))
                .isInstanceOfSatisfying(CodecException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCodes.MISSING_FIELD);
                    assertThat(e.field()).isEqualTo("experience");
                    assertThat(e.getMessage()).contains("experience");
                });
    }

    @Test
    void aWrongTypeIsRejectedByName() {
        String wire = "{\"version\":\"0.4\",\"experience\":\"x\",\"changes\":[],\"timestamp\":\"yesterday\"}";
        assertThatThrownBy(() -> json.read(wire, WorldUpdateEvent.class))
                .isInstanceOfSatisfying(CodecException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_FIELD);
                    assertThat(e.field()).isEqualTo("timestamp");
                });
    }

    @Test
    void aBadOperationInsideTheChangeListNamesItsPath() {
        String wire = "{\"version\":\"0.4\",\"experience\":\"x\",\"timestamp\":1,"
                + "\"changes\":[{\"operation\":\"explode\",\"path\":\"player.inventory\"}]}";
        assertThatThrownBy(() -> json.read(wire, WorldUpdateEvent.class))
                .isInstanceOfSatisfying(CodecException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_FIELD);
                    assertThat(e.getMessage()).contains("operation");
                });
    }

    @Test
    void malformedJsonIsInvalidJson() {
        assertThatThrownBy(() -> json.read("{\"type\":", WorldUpdateEvent.class))
                .isInstanceOfSatisfying(CodecException.class, e -> assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_JSON));
    }

    @Test
    void oversizedInputIsRefusedBeforeParsing() {
        GaiaJson small = GaiaJson.withMaxBytes(100);
        String big = "{\"message\":\"" + "x".repeat(200) + "\"}";
        assertThatThrownBy(() -> small.read(big, Map.class))
                .isInstanceOfSatisfying(CodecException.class, e -> assertThat(e.code()).isEqualTo(ErrorCodes.PAYLOAD_TOO_LARGE));
    }

    @Test
    void deeplyNestedInputIsRefused() {
        String deep = "[".repeat(1000) + "]".repeat(1000);
        assertThatThrownBy(() -> json.read(deep, Object.class))
                .isInstanceOfSatisfying(CodecException.class, e -> assertThat(e.code()).isEqualTo(ErrorCodes.PAYLOAD_TOO_LARGE));
    }

    @Test
    void readsTheV03ShapeIntoTheSameRecord() {
        String v03 = """
                {"type":"world_update","version":"0.3","experience":"wylding-woods","user_id":"jason",
                 "changes":{"world.locations.woander_store.areas.main_room.spots.spot_3.items":
                              {"operation":"remove","item":{"instance_id":"bottle_joy"}},
                            "player.inventory":{"operation":"add","item":{"instance_id":"bottle_joy","template_id":"bottle_joy"}}},
                 "timestamp":1700000000000,"metadata":{"source":"kb"}}
                """;
        WorldUpdateEvent event = json.read(v03, WorldUpdateEvent.class);
        assertThat(event.version()).isEqualTo("0.3");
        assertThat(event.baseVersion()).isNull();
        assertThat(event.changes()).extracting(Change::operation).containsExactly(Operation.REMOVE, Operation.ADD);
        Change removed = event.changes().get(0);
        assertThat(removed.instanceId()).isEqualTo("bottle_joy");
        assertThat(removed.zoneId()).isEqualTo("woander_store");
        assertThat(removed.areaId()).isEqualTo("main_room");
        assertThat(removed.spotId()).isEqualTo("spot_3");
        assertThat(event.changes().get(1).path()).isEqualTo("player.inventory");
    }

    @Test
    void writesTheV03ShapeForOldClients() {
        Change.Location spot = new Change.Location("woander_store", "main_room", "spot_3");
        Map<String, Object> bottle = Map.of("instance_id", "bottle_joy");
        WorldUpdateEvent event = WorldUpdateEvent.of("ww", "jason", VersionScope.PLAYER, 1, 2, List.of(
                Change.remove(StatePaths.spotItems("woander_store", "main_room", "spot_3"), "bottle_joy", spot),
                Change.add(StatePaths.INVENTORY, "bottle_joy", Change.Location.NOWHERE, bottle)), 5L, EventMetadata.EMPTY);
        List<String> legacy = json.writeLegacy(event);
        assertThat(legacy).hasSize(1);
        assertThat(legacy.get(0)).contains("\"version\":\"0.3\"",
                "\"player.inventory\":{\"operation\":\"add\",\"item\":{\"id\":\"bottle_joy\",\"instance_id\":\"bottle_joy\"},"
                        + "\"instance_id\":\"bottle_joy\"}",
                "{\"operation\":\"remove\",\"item\":{\"id\":\"bottle_joy\"},\"instance_id\":\"bottle_joy\"}")
                .doesNotContain("base_version", "snapshot_version");
        // the agreed v0.3 schema: every item change names its item as item.id
        JsonNode changes = json.readTree(legacy.get(0)).path("changes");
        changes.properties().forEach(change -> assertThat(change.getValue().path("item").path("id").asString())
                .as(change.getKey()).isEqualTo("bottle_joy"));
    }

    @Test
    void aV03MessageHoldsOneChangePerPathSoRepeatsSplitIntoSeveralMessages() {
        Map<String, Object> a = Map.of("instance_id", "a");
        Map<String, Object> b = Map.of("instance_id", "b");
        WorldUpdateEvent event = WorldUpdateEvent.of("ww", "u", VersionScope.PLAYER, 1, 2, List.of(
                Change.add(StatePaths.INVENTORY, "a", Change.Location.NOWHERE, a),
                Change.add(StatePaths.INVENTORY, "b", Change.Location.NOWHERE, b)), 5L, EventMetadata.EMPTY);
        List<String> legacy = json.writeLegacy(event);
        assertThat(legacy).hasSize(2);
        assertThat(legacy.stream().map(m -> json.read(m, WorldUpdateEvent.class).changes().get(0).instanceId()))
                .containsExactly("a", "b");
    }

    @Test
    void anActionRequestWithoutAnActionNamesTheField() {
        assertThatThrownBy(() -> json.read("{\"experience\":\"ww\",\"params\":{}}", ActionRequest.class))
                .isInstanceOfSatisfying(CodecException.class, e -> assertThat(e.field()).isEqualTo("action"));
    }

    @Test
    void aNumberWhereAStringBelongsIsRefusedNotCoerced() {
        assertThatThrownBy(() -> json.read("{\"experience\":\"ww\",\"action\":5}", ActionRequest.class))
                .isInstanceOfSatisfying(CodecException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_FIELD);
                    assertThat(e.field()).isEqualTo("action");
                    assertThat(e.getMessage()).isEqualTo("field 'action' must be a string");
                });
        assertThatThrownBy(() -> json.read("{\"experience\":true,\"action\":\"look\"}", ActionRequest.class))
                .isInstanceOfSatisfying(CodecException.class, e -> assertThat(e.field()).isEqualTo("experience"));
    }

    @Test
    void errorMessagesNameTheFieldAndTypeButNoJavaClass() {
        List<String> bad = List.of(
                "{\"experience\":\"ww\",\"action\":5}",
                "{\"experience\":\"ww\",\"action\":{\"nested\":1}}",
                "{\"experience\":\"ww\",\"action\":\"look\",\"params\":[1]}",
                "{\"version\":\"0.4\",\"experience\":\"x\",\"changes\":[],\"timestamp\":\"yesterday\"}",
                "[" .repeat(100) + "]".repeat(100),
                "");
        for (String input : bad) {
            Class<?> type = input.contains("changes") ? WorldUpdateEvent.class : ActionRequest.class;
            assertThatThrownBy(() -> json.read(input, type))
                    .isInstanceOfSatisfying(CodecException.class, e -> assertThat(e.getMessage())
                            .as(input).doesNotContainIgnoringCase("java").doesNotContain("io.gaia", "Coercion",
                                    "ActionRequest", "WorldUpdateEvent", "StreamReadConstraints", "`"));
        }
        assertThatThrownBy(() -> json.read("{\"version\":\"0.4\",\"experience\":\"x\",\"changes\":[],"
                + "\"timestamp\":\"yesterday\"}", WorldUpdateEvent.class))
                .hasMessage("field 'timestamp' must be an integer");
    }

    @Test
    void anEmptyMessageIsInvalidJson() {
        assertThatThrownBy(() -> json.read("", ActionRequest.class))
                .isInstanceOfSatisfying(CodecException.class, e -> assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_JSON));
        assertThatThrownBy(() -> json.read("   ", Map.class))
                .isInstanceOfSatisfying(CodecException.class, e -> assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_JSON));
    }
}
