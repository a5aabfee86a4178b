package io.gaia.events.kb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaia.events.ActionResponse;
import io.gaia.events.CodecException;
import io.gaia.events.ErrorCodes;
import io.gaia.events.GaiaJson;
import io.gaia.events.socket.Versions;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The kb-service contract: every record of {@code io.gaia.events.kb} survives GaiaJson (write, read, equal). */
class KbContractRoundTripTest {

    static final GaiaJson json = GaiaJson.create();

    static Item bottle() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("glowing", true);
        state.put("color", "golden");
        return new Item("bottle_joy", "bottle_joy", "dream_bottle", "Bottle of Joy", "bottle of joy",
                "A golden bottle", true, true, state);
    }

    static QuestUpdate progress() {
        return QuestUpdate.of("dream_bottles", "The Dream Bottles", "bottles_collected", 1, 4, false, "1 of 4");
    }

    static AreaOfInterest area() {
        Spot sill = new Spot("the window sill", "Sunlight pools", List.of(bottle()), List.of());
        Spot door = new Spot(null, "A tiny door", List.of(), List.of(new NearbyNpc("louisa", "Louisa", "The Dream Weaver")));
        Map<String, Spot> spots = new LinkedHashMap<>();
        spots.put("window_sill", sill);
        spots.put("fairy_door", door);
        PlayerView player = new PlayerView("alice", "woander_store", "main_room", List.of(bottle()),
                Map.of("dream_bottles", new QuestProgress("active", Map.of("bottles_collected", 1), 5L, null)));
        return new AreaOfInterest("wylding-woods", 3L, new Versions(3L, 7L), "e1",
                new Zone("woander_store", "Woander's Magical Shop", "A shop", new Gps(37.906512, -122.544217)),
                Map.of("main_room", new Area("main_room", "the main room", "Shelves", spots)), player);
    }

    static CommandSchema collect() {
        return new CommandSchema(CommandSchema.DRAFT, "object",
                Map.of("instance_id", new ParamSchema("string", "The item", 1, 64, "^[a-z]+$", null, null, null),
                        "lat", new ParamSchema("number", "Latitude", null, null, null, -90.0, 90.0, null),
                        "scope", new ParamSchema("string", "What", null, null, null, null, null, List.of("a", "b"))),
                List.of("instance_id"), true, "collect_item", "Pick up an item", List.of("take"), false);
    }

    /** One example of every record in the package (nested records by their own example). */
    static final Map<Class<?>, Object> EXAMPLES = examples();

    static Map<Class<?>, Object> examples() {
        Map<Class<?>, Object> out = new LinkedHashMap<>();
        AreaOfInterest area = area();
        out.put(AreaOfInterest.class, area);
        out.put(Area.class, area.areas().get("main_room"));
        out.put(Spot.class, area.areas().get("main_room").spots().get("fairy_door"));
        out.put(Zone.class, area.zone());
        out.put(Gps.class, area.zone().gps());
        out.put(Item.class, bottle());
        out.put(NearbyNpc.class, new NearbyNpc("woander", null, null));
        out.put(PlayerView.class, area.player());
        out.put(QuestProgress.class, new QuestProgress("complete", Map.of("bottles_collected", 4), 1L, 2L));
        out.put(CommandsSchema.class, new CommandsSchema("wylding-woods", Map.of("collect_item", collect())));
        out.put(CommandSchema.class, collect());
        out.put(ParamSchema.class, collect().properties().get("lat"));
        Npc louisa = new Npc("louisa", "Louisa", "The Dream Weaver", "You are Louisa",
                new Npc.Location("woander_store", "main_room", "fairy_door"));
        out.put(Npc.class, louisa);
        out.put(Npc.Location.class, louisa.location());
        out.put(Npcs.class, new Npcs("wylding-woods", List.of(louisa, new Npc("ghost", "Ghost", "", "", null))));
        Waypoints.Waypoint door = new Waypoints.Waypoint("door", "The door", "woander_store", 37.9, -122.5, 60.0);
        out.put(Waypoints.class, new Waypoints("wylding-woods", List.of(door)));
        out.put(KnownExperience.class, new KnownExperience("wylding-woods"));
        out.put(Waypoints.Waypoint.class, door);
        ExperienceList.Entry loaded = new ExperienceList.Entry("wylding-woods", true, "Wylding Woods", "d", "1.0.0",
                "shared", null);
        out.put(ExperienceList.class, new ExperienceList(List.of(loaded,
                new ExperienceList.Entry("broken", false, null, null, null, null, List.of("world.json: bad")))));
        out.put(ExperienceList.Entry.class, loaded);
        ExperienceInfo.ZoneSummary zone = new ExperienceInfo.ZoneSummary("Shop", "d", new Gps(1, 2), List.of("main_room"));
        ExperienceInfo.QuestSummary quest = new ExperienceInfo.QuestSummary("dream_bottles", "Q", "d", "louisa", 4);
        ExperienceInfo.Bootstrap bootstrap = new ExperienceInfo.Bootstrap("woander_store", List.of());
        out.put(ExperienceInfo.class, new ExperienceInfo("wylding-woods", "Wylding Woods", "d", "1.0.0", "shared",
                Map.of("gps", true), bootstrap, Map.of("woander_store", zone), List.of(quest), List.of("go")));
        out.put(ExperienceInfo.ZoneSummary.class, zone);
        out.put(ExperienceInfo.QuestSummary.class, quest);
        out.put(ExperienceInfo.Bootstrap.class, bootstrap);
        out.put(LocationRequest.class, new LocationRequest(37.9, -122.5));
        out.put(InteractRequest.class, new InteractRequest("take the bottle of joy", "wylding-woods"));
        out.put(KnownExperience.class, new KnownExperience("wylding-woods"));
        out.put(QuestUpdate.class, progress());
        out.put(HookResult.class, HookResult.of(List.of(progress(),
                QuestUpdate.of("other", "Other", "mushrooms", 2, 2, true, "done"))));
        out.put(AreaOfInterest.Placed.class, new AreaOfInterest.Placed<>("main_room", "sill", "x"));
        return out;
    }

    @Test
    void everyRecordOfThePackageHasAnExample() throws IOException, URISyntaxException {
        Path dir = Path.of(Item.class.getResource("Item.class").toURI()).getParent();
        Set<String> records;
        try (Stream<Path> files = Files.list(dir)) {
            records = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".class"))
                    .map(n -> "io.gaia.events.kb." + n.substring(0, n.length() - ".class".length()).replace('$', '.'))
                    .filter(KbContractRoundTripTest::isRecord).collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> covered = EXAMPLES.keySet().stream().map(Class::getCanonicalName)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(records).isNotEmpty();
        assertThat(covered).containsAll(records);
    }

    @Test
    void everyRecordRoundTripsThroughTheCodec() {
        EXAMPLES.forEach((type, example) -> {
            if (type == AreaOfInterest.Placed.class) {
                return; // a view for readers, never on the wire
            }
            byte[] written = json.write(example);
            assertThat(json.read(written, type)).as(type.getSimpleName() + ": " + new String(written)).isEqualTo(example);
        });
    }

    @Test
    void itemFieldsTheRecordDoesNotNameSurviveARoundTrip() {
        String wire = "{\"instance_id\":\"lamp\",\"template_id\":\"lamp\",\"collectible\":false,\"state\":{\"lit\":true},"
                + "\"aliases\":[\"light\"],\"weight\":{\"kg\":2}}";
        Item item = json.read(wire, Item.class);
        assertThat(item.extra()).containsKeys("aliases", "weight");
        assertThat(json.readTree(json.writeString(item))).isEqualTo(json.readTree(wire));
    }

    @Test
    void wireNamesAreTheOnesClientsRead() {
        JsonNode schema = json.readTree(json.writeString(collect()));
        assertThat(schema.has("$schema")).isTrue();
        assertThat(schema.has("additionalProperties")).isTrue();
        assertThat(schema.path("x-aliases").get(0).asString()).isEqualTo("take");
        assertThat(schema.path("x-admin").asBoolean()).isFalse();
        assertThat(schema.path("properties").path("instance_id").has("maxLength")).isTrue();
        assertThat(schema.path("properties").path("scope").has("enum")).isTrue();

        JsonNode update = json.readTree(json.writeString(progress()));
        assertThat(update.path("bottles_collected").asInt()).isEqualTo(1);
        assertThat(update.path("quest_complete").asBoolean()).isFalse();
        assertThat(update.path("status").asString()).isEqualTo("active");

        JsonNode area = json.readTree(json.writeString(area()));
        assertThat(area.path("snapshot_version").asLong()).isEqualTo(3);
        assertThat(area.path("versions").path("player").asLong()).isEqualTo(7);
        assertThat(area.path("areas").path("main_room").path("spots").path("fairy_door").path("npcs").get(0)
                .path("npc_id").asString()).isEqualTo("louisa");
        assertThat(area.path("player").path("quests").path("dream_bottles").path("accepted_at").asLong()).isEqualTo(5);
        assertThat(json.readTree(json.writeString(new AreaOfInterest("x", 0L, null, null, null, null, null)))
                .has("zone")).as("a player in no zone reads zone: null").isTrue();
    }

    @Test
    void anActionResponseReadsItsMetadataAsRecordsWhetherBuiltOrRead() {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put(ActionMetadata.VERSIONS, new Versions(3L, 7L));
        metadata.put(ActionMetadata.EPOCH, "e1");
        metadata.put(ActionMetadata.HOOK_RESULT, HookResult.of(List.of(progress())));
        metadata.put(ActionMetadata.AREA_OF_INTEREST, area());
        metadata.put("npc_id", "louisa");
        ActionResponse built = ActionResponse.ok("give_item", "ok", metadata, "bottle_joy", 1L, List.of());
        ActionResponse read = json.read(json.write(built), ActionResponse.class);

        for (ActionResponse response : List.of(built, read)) {
            assertThat(response.versions()).isEqualTo(new Versions(3L, 7L));
            assertThat(response.epoch()).isEqualTo("e1");
            assertThat(response.questUpdates()).containsExactly(progress());
            assertThat(response.questUpdates().get(0).count()).isEqualTo(1);
            assertThat(response.areaOfInterest()).isEqualTo(area());
        }
        assertThat(json.readTree(json.writeString(read)).path("metadata").path("hook_result").path("quest_updates")
                .path("bottles_collected").asInt()).isEqualTo(1);
        assertThat(json.readTree(json.writeString(read)).has("versions")).as("accessors are not wire fields").isFalse();
    }

    @Test
    void anActionWithoutQuestsOrVersionsHasNone() {
        ActionResponse response = ActionResponse.failed("go", ErrorCodes.NOT_FOUND, "no", 1L);
        assertThat(response.versions()).isEqualTo(Versions.UNKNOWN);
        assertThat(response.questUpdates()).isEmpty();
        assertThat(response.areaOfInterest()).isNull();
        assertThat(response.epoch()).isNull();
    }

    @Test
    void aMalformedMetadataFieldIsACodedError() {
        ActionResponse response = ActionResponse.ok("go", "ok", Map.of(ActionMetadata.VERSIONS, "seven"), null, 1L,
                List.of());
        assertThatThrownBy(response::versions).isInstanceOf(CodecException.class)
                .extracting(e -> ((CodecException) e).code()).isEqualTo(ErrorCodes.INVALID_FIELD);
    }

    @Test
    void aLocationWithoutLatitudeIsAMissingField() {
        assertThatThrownBy(() -> json.read("{\"lng\":1}", LocationRequest.class)).isInstanceOf(CodecException.class)
                .extracting(e -> ((CodecException) e).code()).isEqualTo(ErrorCodes.MISSING_FIELD);
    }

    private static boolean isRecord(String name) {
        try {
            return Class.forName(name.replaceFirst("(io\\.gaia\\.events\\.kb\\.[A-Za-z]+)\\.", "$1\\$")).isRecord();
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
