package io.gaia.session.delta;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.Change;
import io.gaia.events.EventMetadata;
import io.gaia.events.GaiaJson;
import io.gaia.events.StatePaths;
import io.gaia.events.Subjects;
import io.gaia.events.VersionScope;
import io.gaia.events.WorldUpdateEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecentDeltasTest {

    private static final String SHOP = Subjects.zoneUpdates("woods", "shop");
    private static final GaiaJson JSON = GaiaJson.create();

    private static Delta world(String experience, String epoch, long base, long snapshot) {
        WorldUpdateEvent event = WorldUpdateEvent.of(experience, "u", VersionScope.WORLD, base, snapshot,
                List.of(Change.remove(StatePaths.INVENTORY, "x", Change.Location.NOWHERE)), 1L, EventMetadata.EMPTY)
                .withEpoch(epoch);
        return new Delta(event, JSON.write(event));
    }

    private static List<Long> bases(List<Delta> chain) {
        return chain.stream().map(Delta::base).toList();
    }

    @Test
    void aZoneFollowedHereGivesBackTheUnbrokenChainAfterAVersionInItsEpochOnlyAsReceived() {
        RecentDeltas recent = new RecentDeltas(JSON, 100, 1 << 20);
        recent.open(SHOP);
        recent.record(SHOP, world("woods", "old", 7, 8));
        for (long v = 0; v < 6; v++) {
            recent.record(SHOP, world("woods", "new", v, v + 1));
        }
        recent.record(SHOP, world("woods", "new", 7, 8)); // after a hole at 6 -> 7

        assertThat(bases(recent.chainAfter(SHOP, "woods", "new", 2, 100))).containsExactly(2L, 3L, 4L, 5L);
        assertThat(bases(recent.chainAfter(SHOP, "woods", "new", 2, 2))).containsExactly(2L, 3L);
        assertThat(bases(recent.chainAfter(SHOP, "woods", "old", 7, 100))).containsExactly(7L);
        assertThat(recent.chainAfter(SHOP, "woods", "new", 6, 100)).isEmpty();
        assertThat(recent.chainAfter(SHOP, "woods", null, 2, 100)).isEmpty();
        assertThat(recent.chainAfter(SHOP, "elsewhere", "new", 2, 100)).isEmpty();
        Delta replayed = recent.chainAfter(SHOP, "woods", "new", 4, 1).get(0);
        assertThat(replayed.event()).isEqualTo(world("woods", "new", 4, 5).event());
        assertThat(replayed.json()).isEqualTo(world("woods", "new", 4, 5).json());
    }

    @Test
    void keepsAtMostItsCountAndItsBytesPerZoneDroppingTheOldest() {
        int one = world("woods", "e", 100, 101).json().length; // every delta below has as many bytes
        RecentDeltas byCount = new RecentDeltas(JSON, 3, 1 << 20);
        RecentDeltas byBytes = new RecentDeltas(JSON, 100, 2L * one + one / 2);
        for (RecentDeltas recent : List.of(byCount, byBytes)) {
            recent.open(SHOP);
            for (long v = 100; v < 110; v++) {
                recent.record(SHOP, world("woods", "e", v, v + 1));
            }
        }
        assertThat(byCount.size()).isEqualTo(3);
        assertThat(bases(byCount.chainAfter(SHOP, "woods", "e", 107, 100))).containsExactly(107L, 108L, 109L);
        assertThat(byCount.chainAfter(SHOP, "woods", "e", 106, 100)).isEmpty();
        assertThat(byBytes.size()).isEqualTo(2);
        assertThat(bases(byBytes.chainAfter(SHOP, "woods", "e", 108, 100))).containsExactly(108L, 109L);
    }

    @Test
    void keepsNothingOfAZoneNotFollowedHereNorOfUserSubjectsAndLetsGoOfAZoneLeft() {
        RecentDeltas recent = new RecentDeltas(JSON, 100, 1 << 20);
        String user = Subjects.userUpdates("u");
        recent.open(user);
        recent.record(user, world("woods", "e", 0, 1));
        recent.record(SHOP, world("woods", "e", 0, 1));
        assertThat(recent.size()).isZero();

        recent.open(SHOP);
        recent.record(SHOP, world("woods", "e", 0, 1));
        assertThat(recent.size()).isEqualTo(1);
        recent.forget(SHOP);
        assertThat(recent.size()).isZero();
        assertThat(recent.chainAfter(SHOP, "woods", "e", 0, 100)).isEmpty();
    }
}
