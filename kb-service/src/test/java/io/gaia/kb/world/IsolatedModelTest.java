package io.gaia.kb.world;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.ActionResponse;
import io.gaia.events.Subjects;
import io.gaia.events.VersionScope;
import io.gaia.kb.support.Sandbox;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** In the isolated model each player has a private world: changes, deltas and versions are theirs alone. */
class IsolatedModelTest {

    static final String GROVE = "lantern-grove";

    @TempDir
    Path state;

    @Test
    void eachPlayerCollectsFromTheirOwnWorldAndOnlyTheyHearOfIt() throws Exception {
        try (Sandbox sandbox = new Sandbox(Sandbox.repositoryExperiences(), state)) {
            sandbox.areaOfInterest("alice", GROVE);
            ActionResponse alice = sandbox.act("alice", GROVE, "collect_item", Map.of("instance_id", "firefly_1"));
            ActionResponse bob = sandbox.act("bob", GROVE, "collect_item", Map.of("instance_id", "firefly_1"));

            assertThat(alice.success()).isTrue();
            assertThat(bob.success()).isTrue();
            var world = alice.events().stream().filter(e -> e.scope() == VersionScope.WORLD).findFirst().orElseThrow();
            assertThat(world.userId()).isEqualTo("alice");
            assertThat(world.metadata().stateModel()).isEqualTo("isolated");
            assertThat(sandbox.published).noneMatch(d -> Subjects.zoneOf(d.subject()) != null);
            assertThat(sandbox.published).filteredOn(d -> d.event().userId().equals("alice"))
                    .allMatch(d -> d.subject().equals(Subjects.userUpdates("alice")));
            sandbox.engines().engine(GROVE).orElseThrow().store().fold();
            assertThat(state.resolve(GROVE).resolve("worlds/alice.json")).exists();
            assertThat(state.resolve(GROVE).resolve("worlds/bob.json")).exists();
        }
    }

    @Test
    void theFirstContactCreatesThePlayerWhateverTheEntryPoint() throws Exception {
        try (Sandbox sandbox = new Sandbox(Sandbox.repositoryExperiences(), state)) {
            ActionResponse first = sandbox.act("carol", GROVE, "examine", Map.of("instance_id", "grove_map-nope"));
            assertThat(first.success()).isFalse();
            assertThat(first.events()).singleElement().satisfies(e -> {
                assertThat(e.scope()).isEqualTo(VersionScope.PLAYER);
                assertThat(e.baseVersion()).isZero();
                assertThat(e.snapshotVersion()).isEqualTo(1);
            });
            assertThat(sandbox.published).extracting(Delta::subject).containsExactly(Subjects.userUpdates("carol"));
        }
    }
}
