package io.gaia.session.delta;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.Change;
import io.gaia.events.EventMetadata;
import io.gaia.events.GaiaJson;
import io.gaia.events.StatePaths;
import io.gaia.events.Subjects;
import io.gaia.events.VersionScope;
import io.gaia.events.WorldUpdateEvent;
import io.gaia.testsupport.NatsTestServer;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Replay reads exactly the missed deltas of one experience and scope back from a real JetStream stream. */
class JetStreamReplayTest {

    @RegisterExtension
    static final NatsTestServer nats = new NatsTestServer();

    private static final GaiaJson json = GaiaJson.create();
    private static final String WOODS = "wylding-woods";
    private static final String USER = "jason";
    private static Connection connection;
    private final JetStreamReplay replay = new JetStreamReplay(json);

    @BeforeAll
    static void publishHistory() throws Exception {
        connection = nats.connect();
        connection.jetStreamManagement().addStream(StreamConfiguration.builder()
                .name(Subjects.WORLD_UPDATES_STREAM).subjects(Subjects.ALL_WORLD_UPDATES)
                .storageType(StorageType.File).build());
        JetStream js = connection.jetStream();
        // World deltas 1..60 of the woods, the player's own deltas interleaved, and deltas of another experience.
        for (int v = 1; v <= 60; v++) {
            js.publish(Subjects.zoneUpdates(WOODS, "woander_store"), json.write(event(WOODS, VersionScope.WORLD, v)));
            if (v % 3 == 0) {
                js.publish(Subjects.userUpdates(USER), json.write(event(WOODS, VersionScope.PLAYER, v / 3)));
                js.publish(Subjects.userUpdates(USER), json.write(event("other-game", VersionScope.PLAYER, v)));
            }
        }
    }

    @AfterAll
    static void close() throws InterruptedException {
        connection.close();
    }

    private static WorldUpdateEvent event(String experience, VersionScope scope, long snapshot) {
        return WorldUpdateEvent.of(experience, USER, scope, snapshot - 1, snapshot,
                List.of(Change.remove(StatePaths.INVENTORY, "bottle_joy", Change.Location.NOWHERE)), snapshot,
                EventMetadata.EMPTY);
    }

    private List<Long> snapshots(String subject, String experience, VersionScope scope, long after, int limit)
            throws Exception {
        return replay.replay(connection, subject, experience, scope, after, limit).deltas().stream()
                .map(Delta::snapshot).toList();
    }

    @Test
    void replayNeverCrossesAnEpoch() throws Exception {
        String game = "epoch-game";
        JetStream js = connection.jetStream();
        for (int v = 1; v <= 20; v++) {
            js.publish(Subjects.zoneUpdates(game, "woander_store"), json.write(event(game, VersionScope.WORLD, v).withEpoch("oldEpoch")));
        }
        for (int v = 1; v <= 5; v++) {
            js.publish(Subjects.zoneUpdates(game, "woander_store"), json.write(event(game, VersionScope.WORLD, v).withEpoch("newEpoch")));
        }
        List<Delta> fresh = replay.replay(connection, Subjects.zoneUpdates(game, "woander_store"), game, VersionScope.WORLD, 0, 100,
                "newEpoch").deltas();
        assertThat(fresh).extracting(Delta::snapshot).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(fresh).allSatisfy(d -> assertThat(d.event().epoch()).isEqualTo("newEpoch"));
        // a socket still in the replaced history: only the new history's snapshot helps it (the lifecycle resync)
        JetStreamReplay.Result old = replay.replay(connection, Subjects.zoneUpdates(game, "woander_store"), game,
                VersionScope.WORLD, 3, 100, "oldEpoch");
        assertThat(old.deltas()).isEmpty();
        assertThat(old.truncated()).isFalse();
    }

    /** World deltas 1..{@code count} of {@code epoch} in {@code zone}, published and acknowledged. */
    private void publishWorldHistory(String game, String zone, String epoch, int count) throws Exception {
        JetStream js = connection.jetStream();
        List<java.util.concurrent.CompletableFuture<?>> acks = new java.util.ArrayList<>();
        for (int v = 1; v <= count; v++) {
            acks.add(js.publishAsync(Subjects.zoneUpdates(game, zone), json.write(event(game, VersionScope.WORLD, v).withEpoch(epoch))));
        }
        java.util.concurrent.CompletableFuture.allOf(acks.toArray(java.util.concurrent.CompletableFuture[]::new)).get();
    }

    @Test
    void aSocketWhoseEpochTheSubjectHasNoDeltaOfYetReplaysNothingWithoutReadingTheSubjectThrough() throws Exception {
        String game = "quiet-zone";
        publishWorldHistory(game, "clearing", "beforeTheReset", 3000);

        // reset: the socket is in the new epoch; nobody acted in the clearing since
        JetStreamReplay.Result result = replay.replay(connection, Subjects.zoneUpdates(game, "clearing"), game,
                VersionScope.WORLD, 0, 100, "afterTheReset");

        assertThat(result.deltas()).isEmpty();
        assertThat(result.reads()).as("stream reads (one round trip each)").isLessThan(5);
        // a socket in the subject's last epoch replays as before
        JetStreamReplay.Result behind = replay.replay(connection, Subjects.zoneUpdates(game, "clearing"), game,
                VersionScope.WORLD, 10, 100, "beforeTheReset");
        assertThat(behind.deltas()).extracting(Delta::snapshot).startsWith(11L).hasSize(100);
    }

    @Test
    void aReplayInTheCurrentEpochFindsItsStartInAFewReadsBehindALongOldHistory() throws Exception {
        String game = "long-history";
        publishWorldHistory(game, "woander_store", "wiped", 3000);
        publishWorldHistory(game, "woander_store", "fresh", 8);

        JetStreamReplay.Result result = replay.replay(connection, Subjects.zoneUpdates(game, "woander_store"), game,
                VersionScope.WORLD, 5, 100, "fresh");

        assertThat(result.deltas()).extracting(Delta::snapshot).containsExactly(6L, 7L, 8L);
        assertThat(result.reads()).as("stream reads (one round trip each)").isLessThan(60);
    }

    @Test
    void aForgedFarAheadDeltaInTheStreamIsNeitherReplayedNorMisleadsTheSearch() throws Exception {
        String game = "forged-history";
        JetStream js = connection.jetStream();
        for (int v = 1; v <= 40; v++) {
            js.publish(Subjects.zoneUpdates(game, "woander_store"), json.write(event(game, VersionScope.WORLD, v).withEpoch("e1")));
            if (v == 20) {
                js.publish(Subjects.zoneUpdates(game, "woander_store"), json.write(WorldUpdateEvent.of(game, "mallory",
                        VersionScope.WORLD, 20, 1_000_020, List.of(Change.remove(StatePaths.INVENTORY, "x",
                                Change.Location.NOWHERE)), 1L, EventMetadata.EMPTY).withEpoch("e1")));
            }
        }
        for (long after : new long[] {0, 10, 19, 20, 21, 39}) {
            assertThat(replay.replay(connection, Subjects.zoneUpdates(game, "woander_store"), game, VersionScope.WORLD, after, 100,
                    "e1").deltas()).as("after " + after).extracting(Delta::snapshot)
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(after + 1, 40).boxed().toList());
        }
    }

    @Test
    void replaysExactlyTheWorldDeltasAfterTheGivenVersion() throws Exception {
        assertThat(snapshots(Subjects.zoneUpdates(WOODS, "woander_store"), WOODS, VersionScope.WORLD, 52, 100))
                .containsExactly(53L, 54L, 55L, 56L, 57L, 58L, 59L, 60L);
    }

    @Test
    void replaysEverythingFromZeroAndNothingWhenUpToDate() throws Exception {
        assertThat(snapshots(Subjects.zoneUpdates(WOODS, "woander_store"), WOODS, VersionScope.WORLD, 0, 100)).hasSize(60);
        assertThat(snapshots(Subjects.zoneUpdates(WOODS, "woander_store"), WOODS, VersionScope.WORLD, 60, 100)).isEmpty();
    }

    @Test
    void playerReplaySkipsOtherExperiencesOnTheSameUserSubject() throws Exception {
        assertThat(snapshots(Subjects.userUpdates(USER), WOODS, VersionScope.PLAYER, 17, 100))
                .containsExactly(18L, 19L, 20L);
    }

    @Test
    void aReplayLongerThanTheLimitIsReportedAsTruncated() throws Exception {
        JetStreamReplay.Result result = replay.replay(connection, Subjects.zoneUpdates(WOODS, "woander_store"), WOODS,
                VersionScope.WORLD, 10, 5);
        assertThat(result.truncated()).isTrue();
        assertThat(result.deltas()).extracting(Delta::snapshot).containsExactly(11L, 12L, 13L, 14L, 15L);
    }

    @Test
    void aWorldReplayOnTheUsersSubjectOfASharedExperienceStopsAtItsFirstMessage() throws Exception {
        String player = "sharer";
        JetStream js = connection.jetStream();
        EventMetadata shared = new EventMetadata("kb-service", EventMetadata.SHARED, null);
        for (int v = 1; v <= 40; v++) {
            js.publish(Subjects.userUpdates(player), json.write(WorldUpdateEvent.of(WOODS, player, VersionScope.PLAYER,
                    v - 1, v, List.of(Change.remove(StatePaths.INVENTORY, "bottle_joy", Change.Location.NOWHERE)), v,
                    shared)));
        }
        JetStreamReplay.Result result = replay.replay(connection, Subjects.userUpdates(player), WOODS, VersionScope.WORLD,
                3, 100);
        assertThat(result.deltas()).isEmpty();
        // before: a binary search whose every probe read the user's history to its end (well over 100 reads)
        assertThat(result.reads()).as("stream reads (one round trip each)").isLessThanOrEqualTo(2);
        assertThat(replay.replay(connection, Subjects.userUpdates(player), WOODS, VersionScope.PLAYER, 37, 100).deltas())
                .extracting(Delta::snapshot).containsExactly(38L, 39L, 40L);
    }

    @Test
    void aReplayEndsAtAHoleInTheChainWithoutReadingOnToTheEndOfTheStream() throws Exception {
        String game = "failover-hole";
        JetStream js = connection.jetStream();
        for (int v = 1; v <= 200; v++) {
            if (v != 6) { // 6 was committed by an owner that died before publishing it
                js.publish(Subjects.zoneUpdates(game, "woander_store"), json.write(event(game, VersionScope.WORLD, v)));
            }
        }
        JetStreamReplay.Result result = replay.replay(connection, Subjects.zoneUpdates(game, "woander_store"), game,
                VersionScope.WORLD, 3, 2000);
        assertThat(result.deltas()).extracting(Delta::snapshot).containsExactly(4L, 5L);
        assertThat(result.truncated()).isFalse();
        // before: every delta after the hole was read (and then not applied), one round trip each
        assertThat(result.reads()).as("stream reads (one round trip each)").isLessThan(30);
    }

    @Test
    void aSubjectWithNoHistoryReplaysNothing() throws Exception {
        assertThat(snapshots(Subjects.userUpdates("nobody"), WOODS, VersionScope.PLAYER, 0, 100)).isEmpty();
    }
}
