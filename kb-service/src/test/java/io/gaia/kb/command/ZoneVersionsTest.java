package io.gaia.kb.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.ActionResponse;
import io.gaia.events.Subjects;
import io.gaia.events.VersionScope;
import io.gaia.events.WorldUpdateEvent;
import io.gaia.kb.world.Delta;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each zone of a shared world has its own version chain, and its deltas go on its own subject only. */
class ZoneVersionsTest extends CommandTestBase {

    private static final String SHOP = "woander_store";
    private static final String CLEARING = "clearing";

    @Test
    void aChangeInOneZoneMovesOnlyThatZonesChainAndIsPublishedOnlyOnItsSubject() {
        long shopBefore = sandbox.areaOfInterestRecord("alice", WOODS).versions().world();
        walkToTheClearing("camper");
        long clearingBefore = sandbox.areaOfInterestRecord("camper", WOODS).versions().world();
        sandbox.published.clear();

        ActionResponse collected = ok("camper", "collect_item", id("bottle_starlight"));

        assertThat(collected.zone()).isEqualTo(CLEARING);
        assertThat(collected.versions().world()).isEqualTo(clearingBefore + 1);
        assertThat(worldDeltas()).singleElement().satisfies(d -> {
            assertThat(d.subject()).isEqualTo(Subjects.zoneUpdates(WOODS, CLEARING));
            assertThat(d.event().zone()).isEqualTo(CLEARING);
            assertThat(d.event().baseVersion()).isEqualTo(clearingBefore);
            assertThat(d.event().snapshotVersion()).isEqualTo(clearingBefore + 1);
        });
        assertThat(sandbox.areaOfInterestRecord("alice", WOODS).versions().world())
                .as("the shop's chain did not move").isEqualTo(shopBefore);
        assertThat(sandbox.areaOfInterestRecord("camper", WOODS).snapshotVersion()).isEqualTo(clearingBefore + 1);
    }

    @Test
    void aChangeInNoZoneIsOneLinkOfEveryZonesChainAndTheActorIsAnsweredWithTheirZonesOnly() {
        walkToTheClearing("camper");
        long shopBefore = sandbox.areaOfInterestRecord("giver", WOODS).versions().world();
        long clearingBefore = sandbox.areaOfInterestRecord("camper", WOODS).versions().world();
        ok("giver", "collect_item", id("bottle_joy"));
        sandbox.published.clear();

        ActionResponse given = ok("giver", "give_item", GiveItemTest.give("bottle_joy", "louisa"));

        List<Delta> world = worldDeltas();
        assertThat(world).extracting(d -> d.event().zone()).containsExactlyInAnyOrder(SHOP, CLEARING);
        assertThat(world).allSatisfy(d -> {
            assertThat(d.subject()).isEqualTo(Subjects.zoneUpdates(WOODS, d.event().zone()));
            assertThat(d.event().changes()).singleElement().satisfies(c -> assertThat(c.path()).isEqualTo("world.npcs.louisa"));
        });
        assertThat(world).filteredOn(d -> d.event().zone().equals(CLEARING)).singleElement()
                .satisfies(d -> assertThat(d.event().snapshotVersion()).isEqualTo(clearingBefore + 1));
        assertThat(given.events()).filteredOn(e -> e.scope() == VersionScope.WORLD).extracting(WorldUpdateEvent::zone)
                .containsExactly(SHOP);
        assertThat(given.versions().world()).isEqualTo(shopBefore + 2);
    }

    @Test
    void zoneVersionsSurviveARestartOfTheEngine() throws Exception {
        walkToTheClearing("camper");
        ok("camper", "collect_item", id("bottle_starlight"));
        long clearing = sandbox.areaOfInterestRecord("camper", WOODS).versions().world();
        sandbox.engines().engine(WOODS).orElseThrow().store().fold();
        sandbox.close();
        sandbox = new io.gaia.kb.support.Sandbox(io.gaia.kb.support.Sandbox.repositoryExperiences(), state);

        assertThat(sandbox.areaOfInterestRecord("camper", WOODS).versions().world()).isEqualTo(clearing);
        ActionResponse dropped = ok("camper", "drop_item", id("bottle_starlight"));
        assertThat(dropped.events()).filteredOn(e -> e.scope() == VersionScope.WORLD).singleElement()
                .satisfies(e -> assertThat(e.baseVersion()).isEqualTo(clearing));
    }

    private void walkToTheClearing(String user) {
        ActionResponse walked = ok(user, "update_location", Map.of("lat", 37.905853, "lng", -122.546120));
        assertThat(walked.areaOfInterest().zone().id()).isEqualTo(CLEARING);
    }

    private List<Delta> worldDeltas() {
        return sandbox.published.stream().filter(d -> d.event().scope() == VersionScope.WORLD).toList();
    }
}
