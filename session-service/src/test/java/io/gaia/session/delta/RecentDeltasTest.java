package io.gaia.session.delta;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.Change;
import io.gaia.events.EventMetadata;
import io.gaia.events.StatePaths;
import io.gaia.events.Subjects;
import io.gaia.events.VersionScope;
import io.gaia.events.WorldUpdateEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecentDeltasTest {

    private static final String SHOP = Subjects.zoneUpdates("woods", "shop");

    private static Delta world(String experience, String epoch, long base, long snapshot) {
        WorldUpdateEvent event = WorldUpdateEvent.of(experience, "u", VersionScope.WORLD, base, snapshot,
                List.of(Change.remove(StatePaths.INVENTORY, "x", Change.Location.NOWHERE)), 1L, EventMetadata.EMPTY)
                .withEpoch(epoch);
        return new Delta(event, ("w" + base + ">" + snapshot).getBytes(StandardCharsets.UTF_8));
    }

    private static List<Long> bases(List<Delta> chain) {
        return chain.stream().map(Delta::base).toList();
    }

    @Test
    void aZoneFollowedHereGivesBackTheUnbrokenChainAfterAVersionInItsEpochOnly() {
        RecentDeltas recent = new RecentDeltas(100, 1 << 20);
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
    }

    @Test
    void keepsAtMostItsCountAndItsBytesPerZoneDroppingTheOldest() {
        RecentDeltas byCount = new RecentDeltas(3, 1 << 20);
        RecentDeltas byBytes = new RecentDeltas(100, 12); // each delta here is 4 or 5 bytes of JSON
        for (RecentDeltas recent : List.of(byCount, byBytes)) {
            recent.open(SHOP);
            for (long v = 0; v < 10; v++) {
                recent.record(SHOP, world("woods", "e", v, v + 1));
            }
        }
        assertThat(byCount.size()).isEqualTo(3);
        assertThat(bases(byCount.chainAfter(SHOP, "woods", "e", 7, 100))).containsExactly(7L, 8L, 9L);
        assertThat(byCount.chainAfter(SHOP, "woods", "e", 6, 100)).isEmpty();
        assertThat(byBytes.size()).isEqualTo(2);
        assertThat(bases(byBytes.chainAfter(SHOP, "woods", "e", 8, 100))).containsExactly(8L, 9L);
    }

    @Test
    void keepsNothingOfAZoneNotFollowedHereNorOfUserSubjectsAndLetsGoOfAZoneLeft() {
        RecentDeltas recent = new RecentDeltas(100, 1 << 20);
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
