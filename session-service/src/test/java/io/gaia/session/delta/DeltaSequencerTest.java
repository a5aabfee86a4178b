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
import org.junit.jupiter.api.Test;

class DeltaSequencerTest {

    private final DeltaSequencer sequencer = new DeltaSequencer(100);
    private final List<String> sent = new ArrayList<>();
    private final DeltaSequencer.Emitter out = (frame, ts) -> sent.add(new String(frame, StandardCharsets.UTF_8));

    private static Delta world(long base, long snapshot) {
        return delta(VersionScope.WORLD, base, snapshot);
    }

    private static Delta player(long base, long snapshot) {
        return delta(VersionScope.PLAYER, base, snapshot);
    }

    private static Delta delta(VersionScope scope, long base, long snapshot) {
        WorldUpdateEvent event = WorldUpdateEvent.of("wylding-woods", "u", scope, base, snapshot,
                List.of(Change.remove(StatePaths.INVENTORY, "x", Change.Location.NOWHERE)), 1L, EventMetadata.EMPTY);
        return new Delta(event, (scope.wireName() + base + ">" + snapshot).getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void deltasBeforeTheBaselineWaitAndThoseCoveredBySnapshotAreDropped() {
        sequencer.offer(world(4, 5), out);
        sequencer.offer(world(5, 6), out);
        assertThat(sent).isEmpty();

        sequencer.baseline(new Versions(5L, 0L), text("aoi"), out);

        assertThat(sent).containsExactly("aoi", "world5>6");
        assertThat(sequencer.hasGap()).isFalse();
    }

    @Test
    void duplicatesFromTheSecondPathAreDropped() {
        sequencer.baseline(new Versions(1L, 1L), null, out);
        sequencer.offer(world(1, 2), out);
        sequencer.offer(world(1, 2), out);
        sequencer.offer(player(1, 2), out);
        sequencer.offer(player(1, 2), out);

        assertThat(sent).containsExactly("world1>2", "player1>2");
    }

    @Test
    void anOutOfOrderDeltaWaitsForItsPredecessorAndIsAGapMeanwhile() {
        sequencer.baseline(new Versions(1L, 1L), null, out);
        sequencer.offer(world(2, 3), out);
        assertThat(sent).isEmpty();
        assertThat(sequencer.hasGap()).isTrue();

        sequencer.offer(world(1, 2), out);

        assertThat(sent).containsExactly("world1>2", "world2>3");
        assertThat(sequencer.hasGap()).isFalse();
    }

    @Test
    void aHeldResponseGoesOutOnlyAfterTheDeltasItWaitsFor() {
        sequencer.baseline(new Versions(1L, 1L), null, out);
        sequencer.offer(world(2, 3), out);               // own action's delta, but another player's 1>2 is in flight
        sequencer.hold(text("response"), new Versions(3L, null), out);
        sequencer.hold(text("quest"), Versions.UNKNOWN, out); // keeps its place behind the response
        assertThat(sent).isEmpty();

        sequencer.offer(world(1, 2), out);

        assertThat(sent).containsExactly("world1>2", "world2>3", "response", "quest");
    }

    @Test
    void aKnownLaterVersionIsAGapEvenWithNothingPending() {
        sequencer.baseline(new Versions(1L, 1L), null, out);
        sequencer.expect(new Versions(4L, 1L));
        assertThat(sequencer.hasGap()).isTrue();

        sequencer.baseline(new Versions(4L, 1L), text("resync"), out);
        assertThat(sequencer.hasGap()).isFalse();
    }

    @Test
    void aSnapshotBuiltBeforeAnAnsweredActionButAppliedAfterItLeavesAGap() {
        // NATS down: a world gap is being filled by a snapshot kb-service builds at player version 4;
        // meanwhile the player's action is answered (its player delta 4>5 only on the HTTP reply)
        sequencer.baseline(new Versions(10L, 4L), "epochA", text("aoi"), out);
        sequencer.offer(player(4, 5), out);
        sequencer.expect(new Versions(11L, 5L));
        assertThat(sequencer.delivered()).isEqualTo(new Versions(10L, 5L));

        sequencer.baseline(new Versions(11L, 4L), text("stale-resync"), out);

        assertThat(sequencer.delivered()).isEqualTo(new Versions(11L, 4L));
        assertThat(sequencer.hasGap()).as("the client holds player 4 but kb-service answered 5").isTrue();
        sequencer.baseline(new Versions(11L, 5L), text("resync"), out);
        assertThat(sequencer.hasGap()).isFalse();
    }

    @Test
    void aSnapshotStillBringsDownWhatOnlyADeltaClaimed() {
        sequencer.baseline(new Versions(10L, 4L), "epochA", text("aoi"), out);
        sequencer.offer(world(20, 21), out); // parked far ahead: only a delta says 21 exists
        assertThat(sequencer.hasGap()).isTrue();

        sequencer.baseline(new Versions(10L, 4L), text("resync"), out);

        assertThat(sequencer.hasGap()).isFalse();
    }

    @Test
    void aDeltaFurtherAheadThanThePendingBufferIsRefusedAndAsksForASnapshot() {
        DeltaSequencer small = new DeltaSequencer(2);
        small.baseline(new Versions(1L, 1L), null, out);
        assertThat(small.offer(world(3, 4), out)).isNull();
        assertThat(small.offer(world(4, 5), out)).isEqualTo(DeltaSequencer.Rejection.FAR_AHEAD);
        assertThat(small.offer(world(5, 6), out)).isEqualTo(DeltaSequencer.Rejection.FAR_AHEAD);
        assertThat(DeltaSequencer.Rejection.FAR_AHEAD.snapshotAdvised()).isTrue();

        small.baseline(new Versions(6L, 1L), text("resync"), out);
        assertThat(small.needsSnapshot()).isFalse();
        assertThat(small.hasGap()).isFalse();
        assertThat(sent).containsExactly("resync");
    }

    @Test
    void aSocketThatMissedMoreThanThePendingBufferInOneEpochNeedsASnapshotInsteadOfFreezing() {
        DeltaSequencer small = new DeltaSequencer(2);
        small.baseline(new Versions(1L, 1L), "epochA", null, out);
        Delta ahead = new Delta(world(10, 11).event().withEpoch("epochA"), text("ahead"));

        assertThat(small.offer(ahead, out)).isEqualTo(DeltaSequencer.Rejection.FAR_AHEAD);
        assertThat(small.hasGap()).as("the socket is behind: a gap only a snapshot closes").isTrue();
        assertThat(small.needsSnapshot()).isTrue();
        assertThat(sent).isEmpty();

        small.baseline(new Versions(11L, 1L), "epochA", text("resync"), out);
        assertThat(small.hasGap()).isFalse();
        small.offer(new Delta(world(11, 12).event().withEpoch("epochA"), text("next")), out);
        assertThat(sent).containsExactly("resync", "next");
    }

    @Test
    void aForgedJumpDoesNotAskForASnapshot() {
        DeltaSequencer small = new DeltaSequencer(2);
        small.baseline(new Versions(1L, 1L), "epochA", null, out);
        Delta forged = new Delta(world(1, 1_000_001).event().withEpoch("epochA"), text("forged"));
        Delta forgedAhead = new Delta(world(500, 1_000_001).event().withEpoch("epochA"), text("forged2"));

        assertThat(small.offer(forged, out)).isEqualTo(DeltaSequencer.Rejection.FAR_AHEAD);
        assertThat(small.offer(forgedAhead, out)).isEqualTo(DeltaSequencer.Rejection.FAR_AHEAD);
        assertThat(small.hasGap()).isFalse();
        assertThat(small.needsSnapshot()).isFalse();
    }

    @Test
    void aNewEpochDeltaRefusedBeforeItsSnapshotIsAGapOnceTheSnapshotIsApplied() {
        sequencer.baseline(new Versions(41L, 7L), "old", null, out);
        Delta early = new Delta(world(5, 6).event().withEpoch("new"), text("early"));
        assertThat(sequencer.offer(early, out)).isEqualTo(DeltaSequencer.Rejection.EPOCH);
        assertThat(sequencer.hasGap()).isFalse();

        sequencer.baseline(new Versions(5L, 1L), "new", text("resync"), out);

        assertThat(sequencer.hasGap()).as("world 6 exists in the new epoch: the client at 5 must catch up").isTrue();
        sequencer.offer(new Delta(world(5, 6).event().withEpoch("new"), text("replayed")), out);
        assertThat(sequencer.hasGap()).isFalse();
        assertThat(sent).containsExactly("resync", "replayed");
    }

    @Test
    void aNewEpochDeltaAlreadyCoveredByItsSnapshotLeavesNoGap() {
        sequencer.baseline(new Versions(41L, 7L), "old", null, out);
        sequencer.offer(new Delta(world(5, 6).event().withEpoch("new"), text("early")), out);
        sequencer.offer(new Delta(player(0, 1).event().withEpoch("other"), text("stale")), out);

        sequencer.baseline(new Versions(6L, 1L), "new", text("resync"), out);

        assertThat(sequencer.hasGap()).isFalse();
    }

    @Test
    void aForgedDeltaJumpingFarAheadFromTheCurrentVersionIsRefusedAndTheRealChainStillFlows() {
        sequencer.baseline(new Versions(4667L, 1L), "epochA", null, out);
        Delta forged = new Delta(world(4667, 1_004_667).event().withEpoch("epochA"), text("forged"));

        assertThat(sequencer.offer(forged, out)).isEqualTo(DeltaSequencer.Rejection.FAR_AHEAD);
        assertThat(sent).isEmpty();
        assertThat(sequencer.delivered()).isEqualTo(new Versions(4667L, 1L));
        assertThat(sequencer.hasGap()).as("a refused delta must not raise the known version").isFalse();

        sequencer.offer(world(4667, 4668), out);
        sequencer.offer(world(4668, 4669), out);
        assertThat(sent).containsExactly("world4667>4668", "world4668>4669");
        assertThat(sequencer.delivered()).isEqualTo(new Versions(4669L, 1L));
    }

    @Test
    void aForgedJumpParkedBehindAGapIsNeverDeliveredWhenTheGapCloses() {
        sequencer.baseline(new Versions(10L, 1L), null, out);
        assertThat(sequencer.offer(world(11, 1_000_011), out)).isEqualTo(DeltaSequencer.Rejection.FAR_AHEAD);
        sequencer.offer(world(10, 11), out);
        sequencer.offer(world(11, 12), out);

        assertThat(sent).containsExactly("world10>11", "world11>12");
        assertThat(sequencer.hasGap()).isFalse();
        assertThat(DeltaSequencer.implausible(world(3, 4))).isNull();
        assertThat(DeltaSequencer.implausible(world(3, 3))).isEqualTo(DeltaSequencer.Rejection.IMPOSSIBLE);
        assertThat(DeltaSequencer.implausible(world(3, 5))).isEqualTo(DeltaSequencer.Rejection.FAR_AHEAD);
    }

    @Test
    void deltasOfAnotherEpochOrWithImpossibleVersionsAreRefused() {
        sequencer.baseline(new Versions(1L, 1L), "epochA", null, out);
        assertThat(sequencer.offer(new Delta(world(1, 2).event().withEpoch("epochB"), "b".getBytes()), out))
                .isEqualTo(DeltaSequencer.Rejection.EPOCH);
        assertThat(sequencer.offer(world(5, 5), out)).isEqualTo(DeltaSequencer.Rejection.IMPOSSIBLE);
        assertThat(sequencer.offer(world(3, 2), out)).isEqualTo(DeltaSequencer.Rejection.IMPOSSIBLE);
        assertThat(sequencer.hasGap()).isFalse();
        assertThat(sent).isEmpty();
    }

    @Test
    void aSnapshotBringsTheHighestSeenVersionBackDownAndDropsWhatItDoesNotLeadTo() {
        sequencer.baseline(new Versions(1L, 1L), "epochA", null, out);
        sequencer.offer(world(40, 41), out); // forged, ahead but within the buffer: parked
        assertThat(sequencer.hasGap()).isTrue();

        sequencer.baseline(new Versions(3L, 1L), "epochA", text("resync"), out);

        assertThat(sequencer.hasGap()).isFalse();
        sequencer.offer(world(3, 4), out);
        assertThat(sequencer.delivered()).isEqualTo(new Versions(4L, 1L));
        assertThat(sequencer.hasGap()).isFalse();
    }

    @Test
    void deltasThatArriveWhileTheZonesSnapshotIsOnItsWayAndGoPastItAreAGapNotForgotten() {
        sequencer.baseline(new Versions(9L, 1L), "epochA", text("shop"), out);
        sequencer.rezone(); // walked into the clearing: its snapshot is on its way
        sequencer.offer(world(5, 6), out);
        sequencer.offer(world(6, 7), out);
        assertThat(sequencer.hasGap()).as("waiting for the snapshot is not a gap").isFalse();

        sequencer.baseline(new Versions(4L, 1L), "epochA", text("clearing at 4"), out); // built before 5 and 6

        assertThat(sent).containsExactly("shop", "clearing at 4");
        assertThat(sequencer.hasGap()).as("versions 5..7 are missing").isTrue();
        sequencer.offer(world(4, 5), out); // a replay closes it
        sequencer.offer(world(5, 6), out);
        sequencer.offer(world(6, 7), out);
        assertThat(sequencer.hasGap()).isFalse();
        assertThat(sequencer.delivered().world()).isEqualTo(7L);
    }

    @Test
    void anAnswerHeldForAWorldVersionOfTheZoneLeftGoesOutWithTheNewZonesSnapshotNotWhenItsChainReachesThatNumber() {
        sequencer.baseline(new Versions(9L, 1L), "epochA", text("shop at 9"), out);
        sequencer.hold(text("answer of a shop action"), new Versions(12L, null), out); // the shop's 10..12 not here yet
        sequencer.rezone(); // the player walked into the clearing meanwhile

        sequencer.baseline(new Versions(2L, 1L), "epochA", text("clearing at 2"), out);

        assertThat(sent).containsExactly("shop at 9", "clearing at 2", "answer of a shop action");
    }

    @Test
    void aZoneSnapshotThatCoversTheDeltasParkedMeanwhileLeavesNoGap() {
        sequencer.baseline(new Versions(9L, 1L), "epochA", text("shop"), out);
        sequencer.rezone();
        sequencer.offer(world(5, 6), out);
        sequencer.offer(world(6, 7), out);

        sequencer.baseline(new Versions(7L, 1L), "epochA", text("clearing at 7"), out);

        assertThat(sequencer.hasGap()).isFalse();
        sequencer.offer(world(7, 8), out);
        assertThat(sent).containsExactly("shop", "clearing at 7", "world7>8");
    }

    @Test
    void aSnapshotBuiltBeforeSomethingAlreadySentIsBehindButOneOfAnotherEpochOrAnotherChainsWorldIsNot() {
        sequencer.baseline(new Versions(5L, 3L), "epochA", text("shop at 5"), out);
        sequencer.offer(world(5, 6), out);

        assertThat(sequencer.isBehind(new Versions(5L, 3L), "epochA", true)).as("built before 5>6, sent").isTrue();
        assertThat(sequencer.isBehind(new Versions(6L, 3L), "epochA", true)).isFalse();
        assertThat(sequencer.isBehind(new Versions(5L, 3L), "epochB", true)).as("another history").isFalse();
        assertThat(sequencer.isBehind(new Versions(2L, 3L), "epochA", false)).as("another chain's world version").isFalse();

        sequencer.offer(player(3, 4), out);
        assertThat(sequencer.isBehind(new Versions(9L, 3L), "epochA", false))
                .as("built before the player's last change (an earlier walk)").isTrue();

        sequencer.rezone();
        assertThat(sequencer.isBehind(new Versions(2L, 4L), "epochA", true))
                .as("the new zone's chain, whose snapshot is awaited, starts from it").isFalse();
        assertThat(sent).containsExactly("shop at 5", "world5>6", "player3>4");
    }

    @Test
    void deltasThatArriveWhileASnapshotIsAwaitedWaitAndOnlyThoseItDoesNotCoverFollowIt() {
        sequencer.baseline(new Versions(10L, 3L), text("aoi10"), out);
        sequencer.awaitSnapshot();                       // an update_location went to kb-service

        sequencer.offer(world(10, 11), out);             // another player's collect, before the answer was built
        sequencer.offer(world(11, 12), out);             // and one after it
        sequencer.offer(player(3, 4), out);
        assertThat(sent).as("nothing goes out while the snapshot is on its way").containsExactly("aoi10");
        sequencer.baseline(new Versions(11L, 4L), text("aoi11"), out);
        sequencer.snapshotSettled(out);

        assertThat(sent).as("never back to 10, never 10>11 twice").containsExactly("aoi10", "aoi11", "world11>12");
        assertThat(sequencer.delivered()).isEqualTo(new Versions(12L, 4L));
        assertThat(sequencer.hasGap()).isFalse();
    }

    @Test
    void theDeltasThatWaitedForASnapshotThatNeverCameGoOutWhenItIsSettled() {
        sequencer.baseline(new Versions(10L, 3L), text("aoi10"), out);
        sequencer.awaitSnapshot();
        sequencer.awaitSnapshot();                       // a walk and a gap fill at once
        sequencer.offer(world(10, 11), out);
        sequencer.hold(text("response"), new Versions(11L, null), out);

        sequencer.snapshotSettled(out);                  // the fill's request failed
        assertThat(sent).as("the walk's snapshot is still on its way").containsExactly("aoi10");
        sequencer.snapshotSettled(out);                  // the walk was refused
        sequencer.snapshotSettled(out);                  // settling more than was awaited changes nothing

        assertThat(sent).containsExactly("aoi10", "world10>11", "response");
        assertThat(sequencer.awaitsSnapshot()).isFalse();
    }

    @Test
    void aDeltaParkedWhileASnapshotWasAwaitedThatDoesNotFollowOnIsDroppedAndTakenWhenItComesAgainInOrder() {
        sequencer.baseline(new Versions(10L, 3L), text("aoi10"), out);
        sequencer.awaitSnapshot();
        sequencer.offer(world(12, 13), out);             // an answer's delta; 11>12 is still on its way on NATS

        sequencer.baseline(new Versions(11L, 3L), text("aoi11"), out);
        sequencer.snapshotSettled(out);
        sequencer.offer(world(11, 12), out);             // NATS, in order
        sequencer.offer(world(12, 13), out);

        assertThat(sent).containsExactly("aoi10", "aoi11", "world11>12", "world12>13");
        assertThat(sequencer.hasGap()).isFalse();
    }

    @Test
    void aNewEpochForgetsTheOldOnesVersions() {
        sequencer.baseline(new Versions(41L, 7L), "old", null, out);
        sequencer.offer(world(50, 51), out);
        sequencer.baseline(new Versions(0L, 1L), "new", text("resync"), out);
        assertThat(sequencer.epoch()).isEqualTo("new");
        assertThat(sequencer.hasGap()).isFalse();
        sequencer.offer(new Delta(world(0, 1).event().withEpoch("new"), "d".getBytes()), out);
        assertThat(sequencer.delivered()).isEqualTo(new Versions(1L, 1L));
    }

    @Test
    void framesHeldForVersionsOfTheOldEpochGoOutAfterTheNewEpochsSnapshotInsteadOfWaitingForever() {
        sequencer.baseline(new Versions(4667L, 12L), "old", null, out);
        sequencer.hold(text("response"), new Versions(4668L, 13L), out);   // answered just before the wipe
        sequencer.hold(text("later"), Versions.UNKNOWN, out);
        assertThat(sent).isEmpty();

        sequencer.baseline(new Versions(2L, 1L), "fresh", text("resync"), out);

        assertThat(sent).containsExactly("resync", "response", "later");
        assertThat(sequencer.heldCount()).isZero();
    }

    @Test
    void unversionedDeltasPassStraightThrough() {
        WorldUpdateEvent legacy = new WorldUpdateEvent(null, "0.3", "wylding-woods", "u", null, null, null,
                List.of(), 1L, null);
        sequencer.offer(new Delta(legacy, text("legacy")), out);
        assertThat(sent).containsExactly("legacy");
    }
}
