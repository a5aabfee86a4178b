package io.gaia.session.delta;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.Change;
import io.gaia.events.EventMetadata;
import io.gaia.events.StatePaths;
import io.gaia.events.VersionScope;
import io.gaia.events.WorldUpdateEvent;
import io.gaia.events.socket.Versions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Whatever order and duplication the two delivery paths (NATS and the action reply) produce, a
 * client receives each scope's chain exactly once, unbroken, in version order.
 */
class DeltaSequencerProperties {

    @Property(tries = 300)
    void racingPathsAlwaysYieldTheExactChain(@ForAll @IntRange(min = 1, max = 40) int length,
                                             @ForAll long seed) {
        Random random = new Random(seed);
        long start = random.nextInt(100);
        List<Delta> arrivals = new ArrayList<>();
        for (VersionScope scope : VersionScope.values()) {
            for (long v = start; v < start + length; v++) {
                Delta delta = delta(scope, v, v + 1);
                arrivals.add(delta);                  // NATS: every delta
                if (random.nextBoolean()) {
                    arrivals.add(delta);              // the action reply: some of them again
                }
            }
        }
        // Local disorder: each delta may overtake a few neighbours (two paths, two threads).
        for (int i = arrivals.size() - 1; i > 0; i--) {
            int j = Math.max(0, i - random.nextInt(4));
            Delta swap = arrivals.get(i);
            arrivals.set(i, arrivals.get(j));
            arrivals.set(j, swap);
        }

        DeltaSequencer sequencer = new DeltaSequencer(10_000);
        List<String> sent = new ArrayList<>();
        boolean baselineFirst = random.nextBoolean();
        if (baselineFirst) {
            sequencer.baseline(new Versions(start, start), null, (f, t) -> sent.add(text(f)));
        }
        int half = arrivals.size() / 2;
        for (int i = 0; i < arrivals.size(); i++) {
            if (!baselineFirst && i == half) {
                sequencer.baseline(new Versions(start, start), null, (f, t) -> sent.add(text(f)));
            }
            sequencer.offer(arrivals.get(i), (f, t) -> sent.add(text(f)));
        }
        if (!baselineFirst && arrivals.size() <= half) {
            sequencer.baseline(new Versions(start, start), null, (f, t) -> sent.add(text(f)));
        }

        for (VersionScope scope : VersionScope.values()) {
            List<String> chain = sent.stream().filter(s -> s.startsWith(scope.wireName())).toList();
            List<String> expected = new ArrayList<>();
            for (long v = start; v < start + length; v++) {
                expected.add(scope.wireName() + ":" + v + ">" + (v + 1));
            }
            assertThat(chain).containsExactlyElementsOf(expected);
        }
        assertThat(sequencer.hasGap()).isFalse();
    }

    private static Delta delta(VersionScope scope, long base, long snapshot) {
        WorldUpdateEvent event = WorldUpdateEvent.of("wylding-woods", "u", scope, base, snapshot,
                List.of(Change.remove(StatePaths.INVENTORY, "x", Change.Location.NOWHERE)), 1L, EventMetadata.EMPTY);
        return new Delta(event, (scope.wireName() + ":" + base + ">" + snapshot).getBytes(StandardCharsets.UTF_8));
    }

    private static String text(byte[] frame) {
        return new String(frame, StandardCharsets.UTF_8);
    }
}
