package io.gaia.kb.ownership;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PlacementTest {

    private static final List<String> EXPERIENCES = IntStream.range(0, 3000).mapToObj(i -> "experience-" + i).toList();

    @Test
    void experiencesSpreadEvenlyOverInstances() {
        Map<String, Integer> counts = new HashMap<>();
        EXPERIENCES.forEach(e -> counts.merge(Placement.owner(e, List.of("kb-a", "kb-b", "kb-c")), 1, Integer::sum));
        assertThat(counts).containsOnlyKeys("kb-a", "kb-b", "kb-c");
        assertThat(counts.values()).allSatisfy(n -> assertThat(n).isBetween(850, 1150));
    }

    @Test
    void aJoiningInstanceTakesOnlyWhatItWins() {
        List<String> before = List.of("kb-a", "kb-b", "kb-c");
        List<String> after = List.of("kb-a", "kb-b", "kb-c", "kb-d");
        long moved = 0;
        for (String e : EXPERIENCES) {
            String was = Placement.owner(e, before);
            String is = Placement.owner(e, after);
            if (!was.equals(is)) {
                assertThat(is).isEqualTo("kb-d");
                moved++;
            }
        }
        assertThat(moved).isBetween(600L, 900L);
    }

    @Test
    void aLeavingInstanceGivesUpOnlyItsOwn() {
        for (String e : EXPERIENCES) {
            String was = Placement.owner(e, List.of("kb-a", "kb-b", "kb-c"));
            String is = Placement.owner(e, List.of("kb-a", "kb-c"));
            if (!was.equals("kb-b")) {
                assertThat(is).isEqualTo(was);
            }
        }
    }

    @Test
    void theAnswerDoesNotDependOnTheOrderInstancesAreListedIn() {
        EXPERIENCES.subList(0, 100).forEach(e -> assertThat(Placement.owner(e, List.of("kb-c", "kb-a", "kb-b")))
                .isEqualTo(Placement.owner(e, List.of("kb-a", "kb-b", "kb-c"))));
    }

    @Test
    void noInstancesMeansNoOwner() {
        assertThat(Placement.owner("wylding-woods", List.of())).isNull();
    }

    @Test
    void leaseKeysAreValidKvKeysAndDecodeBack() {
        for (String id : List.of("wylding-woods", "a.b", "x y/z", "ü*>%=", "kb-host-1a2b")) {
            String key = LeaseKeys.encode(id);
            assertThat(key).matches("[-/_=.A-Za-z0-9]+").doesNotStartWith(".");
            assertThat(LeaseKeys.decode(key)).isEqualTo(id);
        }
        assertThat(LeaseKeys.encode("wylding-woods")).isEqualTo("wylding-woods");
    }
}
