package io.gaia.kb.world;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.ActionResponse;
import io.gaia.kb.support.Sandbox;
import io.gaia.testsupport.GeneratedExperience;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A batch that changed some zones of a shared world records those zones and the world's small
 * members (NPCs, global state, metadata), not the whole world; a restart that replays such records
 * onto the folded files rebuilds exactly the world the engine held.
 */
class ZonePartsTest {

    private static final String TOWN = "parts-town";
    private static final int ZONES = 6;
    private static final ExperienceEngine.Settings NO_FOLDS =
            new ExperienceEngine.Settings(256, 10_000, TimeUnit.HOURS.toNanos(1));

    @TempDir
    Path work;

    @Test
    void aCollectRecordsItsZoneAndTheWorldsSmallMembersNotTheWholeWorld() throws Exception {
        Path experiences = town();
        try (Sandbox sandbox = new Sandbox(experiences, work.resolve("state"), NO_FOLDS)) {
            walk(sandbox, "alice", 3);
            ok(sandbox, "alice", "collect_item", Map.of("instance_id", GeneratedExperience.townItem(3, 0)));

            List<JsonNode> records = records(work.resolve("state").resolve(TOWN));
            JsonNode last = records.get(records.size() - 1);
            assertThat(last.path("docs").has("world.json")).as("the world is not carried whole").isFalse();
            assertThat(fieldNames(last.path("parts").path("world.json")))
                    .containsExactly("/npcs", "/global_state", "/metadata", "/locations/zone_3");
            assertThat(last.path("docs").has("players/alice.json")).as("a player is carried whole").isTrue();
        }
    }

    @Test
    void aRestartReplayingZonePartsOntoOlderFilesRebuildsTheSameWorld() throws Exception {
        Path experiences = town();
        Path state = work.resolve("state");
        Path crashed = work.resolve("crashed");
        List<String> taken = new ArrayList<>();
        try (Sandbox sandbox = new Sandbox(experiences, state, NO_FOLDS)) {
            for (int zone = 0; zone < ZONES; zone++) {
                String player = "p" + zone;
                walk(sandbox, player, zone);
                for (int n = 0; n < 3; n++) {
                    ok(sandbox, player, "collect_item", Map.of("instance_id", GeneratedExperience.townItem(zone, n)));
                    taken.add(GeneratedExperience.townItem(zone, n));
                }
                ok(sandbox, player, "drop_item", Map.of("instance_id", GeneratedExperience.townItem(zone, 1)));
                taken.remove(GeneratedExperience.townItem(zone, 1));
                if (zone == 2) {
                    // the files hold zones 0-2's actions; the records after this fold carry parts to set on them
                    sandbox.engines().engine(TOWN).orElseThrow().store().fold();
                }
            }
            ok(sandbox, "p2", "ring", Map.of());
            // walking p5 back to zone 0 and dropping there moves an item between zones
            walk(sandbox, "p5", 0);
            ok(sandbox, "p5", "drop_item", Map.of("instance_id", GeneratedExperience.townItem(5, 2)));
            taken.remove(GeneratedExperience.townItem(5, 2));
            // kill -9 now: every action is in the commit log, the files are as the first fold left them
            io.gaia.testsupport.Folders.copy(state, crashed);
        }
        JsonNode live = json(state.resolve(TOWN).resolve("world.json"));

        try (Sandbox restarted = new Sandbox(experiences, crashed, NO_FOLDS)) {
            assertThat(restarted.act("other", TOWN, "collect_item",
                    Map.of("instance_id", GeneratedExperience.townItem(0, 0))).code()).isNotEqualTo("ok");
        }
        JsonNode rebuilt = json(crashed.resolve(TOWN).resolve("world.json"));
        assertThat(rebuilt).isEqualTo(live);
        assertThat(rebuilt.path("global_state").path("bell_rung").asBoolean()).isTrue();
        String locations = rebuilt.path("locations").toString();
        taken.forEach(id -> assertThat(locations).doesNotContain("\"" + id + "\""));
        assertThat(locations).contains("\"" + GeneratedExperience.townItem(5, 2) + "\"");
    }

    private Path town() throws Exception {
        Path experiences = Files.createDirectories(work.resolve("experiences"));
        GeneratedExperience.writeTown(experiences, TOWN, ZONES, 4);
        return experiences;
    }

    private static void walk(Sandbox sandbox, String player, int zone) {
        double[] gps = GeneratedExperience.townGps(zone);
        ok(sandbox, player, "update_location", Map.of("lat", gps[0], "lng", gps[1]));
    }

    private static ActionResponse ok(Sandbox sandbox, String player, String action, Map<String, Object> params) {
        ActionResponse response = sandbox.act(player, TOWN, action, params);
        assertThat(response.success()).as("%s %s: %s", action, params, response.message()).isTrue();
        return response;
    }

    private static List<JsonNode> records(Path experience) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (CommitLog.Entry entry : CommitLog.replay(experience.resolve("commits"))) {
            out.add(io.gaia.events.GaiaJson.create().mapper().readTree(entry.payload()));
        }
        return out;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.properties().forEach(e -> names.add(e.getKey()));
        return names;
    }

    private static JsonNode json(Path file) throws Exception {
        return io.gaia.events.GaiaJson.create().mapper().readTree(Files.readAllBytes(file));
    }
}
