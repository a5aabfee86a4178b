package io.gaia.kb.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.ActionResponse;
import io.gaia.events.Subjects;
import io.gaia.events.VersionScope;
import io.gaia.events.kb.AreaOfInterest;
import io.gaia.kb.support.Sandbox;
import io.gaia.kb.world.Delta;
import io.gaia.testsupport.GeneratedExperience;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An experience whose content scopes interest by area ({@code state.interest: "area"}): each area of
 * a zone has its own version chain ({@code <zone>/<area>}) and subject, the snapshot shows the
 * player's area's spots only, and walking to another area ({@code go}) changes the chain a player holds.
 */
class AreaInterestTest {

    private static final String TOWN = "area-town";
    private static final String FLOOR = "zone_0/floor";
    private static final String NOOK = "zone_0/floor_1";

    @TempDir
    Path work;
    private Sandbox sandbox;

    @BeforeEach
    void start() throws Exception {
        Path experiences = Files.createDirectories(work.resolve("experiences"));
        GeneratedExperience.writeTown(experiences, TOWN, 2, 2, 3, "area");
        sandbox = new Sandbox(experiences, Files.createDirectories(work.resolve("state")));
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void theSnapshotNamesTheAreasChainAndShowsOnlyThatAreasSpots() {
        AreaOfInterest snapshot = sandbox.areaOfInterestRecord("alice", TOWN);

        assertThat(snapshot.chain()).isEqualTo(FLOOR);
        assertThat(snapshot.zone().id()).isEqualTo("zone_0");
        assertThat(snapshot.areas()).containsOnlyKeys("floor", "floor_1");
        assertThat(snapshot.areas().get("floor").spots()).containsOnlyKeys("altar");
        assertThat(snapshot.areas().get("floor_1").spots()).as("another area is named, its spots are not shown").isEmpty();
        assertThat(snapshot.items()).extracting(p -> p.thing().instanceId())
                .containsExactlyInAnyOrder("item_0_0", "item_0_1", "item_0_2");
    }

    @Test
    void aChangeInOneAreaMovesOnlyThatAreasChainAndIsPublishedOnlyOnItsSubject() {
        ok("bob", "go", Map.of("destination", "floor_1"));
        long nookBefore = sandbox.areaOfInterestRecord("bob", TOWN).versions().world();
        long floorBefore = sandbox.areaOfInterestRecord("alice", TOWN).versions().world();
        sandbox.published.clear();

        ActionResponse collected = ok("alice", "collect_item", Map.of("instance_id", "item_0_0"));

        assertThat(collected.zone()).isEqualTo(FLOOR);
        assertThat(collected.versions().world()).isEqualTo(floorBefore + 1);
        assertThat(worldDeltas()).singleElement().satisfies(d -> {
            assertThat(d.subject()).isEqualTo(Subjects.zoneUpdates(TOWN, FLOOR));
            assertThat(d.event().zone()).isEqualTo(FLOOR);
            assertThat(d.event().baseVersion()).isEqualTo(floorBefore);
        });
        assertThat(sandbox.areaOfInterestRecord("bob", TOWN).versions().world())
                .as("the other area's chain did not move").isEqualTo(nookBefore);
    }

    @Test
    void goingToAnotherAreaOfTheZoneChangesTheChainThePlayerHolds() {
        ActionResponse collected = ok("carol", "collect_item", Map.of("instance_id", "item_0_1"));
        assertThat(collected.versions().world()).as("the floor's chain moved").isEqualTo(1L);
        sandbox.published.clear();

        ActionResponse went = ok("carol", "go", Map.of("destination", "floor_1"));

        assertThat(went.zone()).isEqualTo(NOOK);
        assertThat(went.versions().world()).as("the nook's chain, not the floor's").isEqualTo(0L);
        assertThat(worldDeltas()).isEmpty();
        AreaOfInterest there = sandbox.areaOfInterestRecord("carol", TOWN);
        assertThat(there.chain()).isEqualTo(NOOK);
        assertThat(there.items()).extracting(p -> p.thing().instanceId())
                .containsExactlyInAnyOrder("item_0_1_0", "item_0_1_1", "item_0_1_2");
    }

    @Test
    void aChangeVisibleEverywhereIsOneLinkOfEveryAreasChainAndTheActorIsAnsweredWithTheirAreasOnly() {
        sandbox.areaOfInterestRecord("alice", TOWN);
        sandbox.published.clear();

        ActionResponse rung = ok("alice", "ring", Map.of());

        assertThat(worldDeltas()).extracting(d -> d.event().zone())
                .containsExactlyInAnyOrder("zone_0/floor", "zone_0/floor_1", "zone_1/floor", "zone_1/floor_1");
        assertThat(worldDeltas()).allSatisfy(d -> {
            assertThat(d.subject()).isEqualTo(Subjects.zoneUpdates(TOWN, d.event().zone()));
            assertThat(d.event().changes()).singleElement()
                    .satisfies(c -> assertThat(c.path()).isEqualTo("world.global_state"));
        });
        assertThat(rung.events()).filteredOn(e -> e.scope() == VersionScope.WORLD)
                .extracting(e -> e.zone()).containsExactly(FLOOR);
    }

    @Test
    void anExperienceWithoutTheSettingKeepsOneChainPerZone() throws Exception {
        Path experiences = Files.createDirectories(work.resolve("zoned"));
        GeneratedExperience.writeTown(experiences, "zoned-town", 1, 2, 1, "zone");
        try (Sandbox zoned = new Sandbox(experiences, Files.createDirectories(work.resolve("zoned-state")))) {
            ActionResponse went = zoned.act("dave", "zoned-town", "go", Map.of("destination", "floor_1"));

            assertThat(went.zone()).isEqualTo("zone_0");
            AreaOfInterest snapshot = zoned.areaOfInterestRecord("dave", "zoned-town");
            assertThat(snapshot.chain()).as("written only where areas have chains").isNull();
            assertThat(snapshot.versionChain()).isEqualTo("zone_0");
            assertThat(snapshot.areas().get("floor").spots()).as("every area's spots are shown").isNotEmpty();
        }
    }

    @Test
    void changingTheInterestScopeAcrossARestartStartsANewEpochSoEveryClientResyncsToItsNewChain() throws Exception {
        Path experiences = Files.createDirectories(work.resolve("switched"));
        Path state = Files.createDirectories(work.resolve("switched-state"));
        Path town = GeneratedExperience.writeTown(experiences, "switched", 1, 2, 1, "zone");
        String before;
        try (Sandbox zoned = new Sandbox(experiences, state)) {
            zoned.act("erin", "switched", "collect_item", Map.of("instance_id", "item_0_0"));
            before = zoned.areaOfInterestRecord("erin", "switched").epoch();
        }
        try (Sandbox again = new Sandbox(experiences, state)) {
            assertThat(again.lifecycle).as("a plain restart keeps the history").isEmpty();
            assertThat(again.areaOfInterestRecord("erin", "switched").epoch()).isEqualTo(before);
        }
        Files.writeString(town.resolve("config.json"), Files.readString(town.resolve("config.json"))
                .replace("\"interest\": \"zone\"", "\"interest\": \"area\""));

        try (Sandbox scoped = new Sandbox(experiences, state)) {
            assertThat(scoped.lifecycle).singleElement().satisfies(event -> {
                assertThat(event.reason()).isEqualTo("interest_changed");
                assertThat(event.previousEpoch()).isEqualTo(before);
            });
            AreaOfInterest snapshot = scoped.areaOfInterestRecord("erin", "switched");
            assertThat(snapshot.epoch()).isEqualTo(scoped.lifecycle.get(0).epoch()).isNotEqualTo(before);
            assertThat(snapshot.chain()).isEqualTo("zone_0/floor");
            assertThat(snapshot.player().inventory()).as("nothing of the world is lost")
                    .extracting(io.gaia.events.kb.Item::instanceId).containsExactly("item_0_0");
        }
        try (Sandbox later = new Sandbox(experiences, state)) {
            assertThat(later.lifecycle).as("the world now records its scope").isEmpty();
        }
    }

    @Test
    void aLiveReloadThatChangesTheInterestScopeIsRefusedAndWaitsForARestart() throws Exception {
        reloadWithZoneInterest();

        assertThat(sandbox.engines().restartRequired()).containsKey(TOWN);
        assertThat(sandbox.areaOfInterestRecord("alice", TOWN).chain()).as("the running engine keeps its scope")
                .isEqualTo(FLOOR);
    }

    @Test
    void theNextStartOfTheEngineAppliesARefusedInterestChangeAndNoLongerWaitsForARestart() throws Exception {
        reloadWithZoneInterest();
        assertThat(sandbox.engines().restartRequired()).containsKey(TOWN);

        sandbox.engines().close(TOWN); // as when its lease goes elsewhere and comes back
        assertThat(sandbox.engines().open(TOWN)).isTrue();

        assertThat(sandbox.engines().restartRequired()).as("the reopened engine runs the latest content").isEmpty();
        assertThat(sandbox.areaOfInterestRecord("alice", TOWN).chain()).as("zone scope: no chain of its own").isNull();
    }

    /** The author switches the town to zone scope while it runs; the catalog reloads it. */
    private void reloadWithZoneInterest() throws java.io.IOException {
        Path config = work.resolve("experiences").resolve(TOWN).resolve("config.json");
        Files.writeString(config, Files.readString(config).replace("\"interest\": \"area\"", "\"interest\": \"zone\""));
        sandbox.catalog().refresh();
    }

    private ActionResponse ok(String user, String action, Map<String, Object> params) {
        ActionResponse response = sandbox.act(user, TOWN, action, params);
        assertThat(response.success()).as("%s %s: %s", action, params, response.message()).isTrue();
        return response;
    }

    private List<Delta> worldDeltas() {
        return sandbox.published.stream().filter(d -> d.event().scope() == VersionScope.WORLD).toList();
    }
}
