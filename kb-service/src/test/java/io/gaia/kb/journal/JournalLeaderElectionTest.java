package io.gaia.kb.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.ActionResponse;
import io.gaia.events.GaiaJson;
import io.gaia.events.Subjects;
import io.gaia.kb.support.Sandbox;
import io.gaia.kb.world.ExperienceEngine;
import io.gaia.testsupport.NatsCluster;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StreamInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a real 3-node nats-server cluster (R3), killing the node that leads the journal's stream leaves the
 * stream without a leader for the seconds of an election ("503 No Responders" to every append). The
 * experience's appends send their records again until the new leader takes them: actions are late, but
 * acknowledged, the experience never stops, and no record is stored twice.
 */
class JournalLeaderElectionTest {

    static final String WOODS = "wylding-woods";
    /** Generous beside nats-server 2.9's 4-9 s elections, so a slow machine does not fail the test. */
    static final Duration WINDOW = Duration.ofSeconds(25);

    @TempDir
    Path machines;

    @Test
    void killingTheJournalStreamsLeaderDelaysActionsButNeverStopsTheExperienceNorStoresARecordTwice() throws Exception {
        JetStreamJournals.Settings replicated = new JetStreamJournals.Settings(3, Duration.ofMinutes(10), 100,
                Duration.ofSeconds(5), Duration.ofSeconds(10), WINDOW);
        try (NatsCluster cluster = NatsCluster.start(3); Connection nc = cluster.connect()) {
            List<Object> held;
            int leader;
            long killedAt;
            long firstAfterKillMs;
            try (Sandbox kb = sandbox("first", nc, replicated)) {
                ok(kb.act("alice", WOODS, "collect_item", Map.of("instance_id", "bottle_joy")));
                leader = cluster.streamLeader(Subjects.KB_JOURNAL_STREAM);
                assertThat(leader).as("the journal stream has a leader").isNotNegative();

                cluster.kill(leader);
                killedAt = System.nanoTime();
                ok(kb.act("alice", WOODS, "drop_item", Map.of("instance_id", "bottle_joy", "spot_id", "counter")));
                firstAfterKillMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
                for (int round = 0; round < 5; round++) {
                    ok(kb.act("alice", WOODS, "collect_item", Map.of("instance_id", "bottle_joy")));
                    ok(kb.act("alice", WOODS, "drop_item", Map.of("instance_id", "bottle_joy", "spot_id", "counter")));
                }
                ok(kb.act("alice", WOODS, "collect_item", Map.of("instance_id", "bottle_mystery")));

                assertThat(kb.engines().failures()).as("the experience never stopped").isEmpty();
                held = JetStreamJournalTest.instanceIds(kb.areaOfInterest("alice", WOODS));
            }
            assertThat(held).containsExactly("bottle_mystery");
            assertThat(firstAfterKillMs).as("the first action after the kill waited for the election, within the window")
                    .isLessThan(WINDOW.toMillis());

            assertThat(duplicatedRecords(nc)).as("records stored more than once").isEmpty();
            cluster.restart(leader); // the other streams' elections (snapshot index, object store) are over too
            try (Sandbox newOwner = sandbox("second", nc, replicated)) {
                assertThat(JetStreamJournalTest.instanceIds(newOwner.areaOfInterest("alice", WOODS)))
                        .as("a new owner rebuilds the same state from the stream").containsExactly("bottle_mystery");
            }
        }
    }

    private Sandbox sandbox(String machine, Connection nc, JetStreamJournals.Settings settings) throws Exception {
        Sandbox sandbox = new Sandbox(Sandbox.repositoryExperiences(), machines.resolve(machine).resolve("state"),
                new ExperienceEngine.Settings(256, 10_000, TimeUnit.MINUTES.toNanos(10)),
                new JetStreamJournals(() -> Optional.of(nc), settings, GaiaJson.create().mapper()));
        assertThat(sandbox.engines().failures()).doesNotContainKey(WOODS);
        return sandbox;
    }

    /** Logical record sequences ({@code Gaia-Seq}) that occur on the experience's subject more than once. */
    private static Set<String> duplicatedRecords(Connection nc) throws Exception {
        JetStreamManagement jsm = nc.jetStreamManagement();
        StreamInfo info = jsm.getStreamInfo(Subjects.KB_JOURNAL_STREAM);
        Set<String> seen = new HashSet<>();
        Set<String> twice = new HashSet<>();
        for (long seq = info.getStreamState().getFirstSequence(); seq <= info.getStreamState().getLastSequence(); seq++) {
            MessageInfo message = jsm.getMessage(Subjects.KB_JOURNAL_STREAM, seq);
            if (Subjects.kbJournal(WOODS).equals(message.getSubject())) {
                String record = message.getHeaders().getFirst(JetStreamJournal.SEQ_HEADER);
                if (!seen.add(record)) {
                    twice.add(record);
                }
            }
        }
        return twice;
    }

    private static void ok(ActionResponse response) {
        JetStreamJournalTest.ok(response);
    }
}
