package io.gaia.kb.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaia.events.ActionResponse;
import io.gaia.events.Subjects;
import io.gaia.kb.bench.BenchExperience;
import io.gaia.kb.support.Sandbox;
import io.gaia.kb.world.ExperienceEngine;
import io.gaia.kb.world.Journal;
import io.gaia.testsupport.NatsTestServer;
import io.nats.client.Connection;
import io.nats.client.ObjectStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A world whose commit records exceed the server's max_payload (64 KB here; 1 MB by default, where a
 * reset of a big world does the same): such a record goes to the object store and the journal names it,
 * so the experience opens, acts, resets and is rebuilt exactly on another instance.
 */
class BigRecordsTest {

    static final int MAX_PAYLOAD = 64 * 1024;
    static final int ITEMS = 2_000;

    @RegisterExtension
    static final NatsTestServer nats = NatsTestServer.withMaxPayload(MAX_PAYLOAD);

    @TempDir
    Path machines;
    final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    @Test
    void aRecordAboveTheMaxPayloadIsStoredWholeAndRebuiltOnAnotherInstance() throws Exception {
        Path experiences = BenchExperience.write(machines.resolve("experiences"), ITEMS).getParent();
        Sandbox first = instance("first", experiences);
        assertThat(first.engines().failures()).isEmpty();
        ok(first.act("alice", BenchExperience.ID, "collect_item", Map.of("instance_id", "token_7")));
        ok(first.act(Sandbox.admin("root"), BenchExperience.ID, "@reset experience CONFIRM", Map.of()));
        ok(first.act("bob", BenchExperience.ID, "collect_item", Map.of("instance_id", "token_9")));
        Map<String, Object> bobSaw = first.areaOfInterest("bob", BenchExperience.ID);

        Sandbox second = instance("second", experiences);

        assertThat(second.engines().failures()).isEmpty();
        assertThat(second.areaOfInterest("bob", BenchExperience.ID)).isEqualTo(bobSaw);
        assertThat(JetStreamJournalTest.instanceIds(second.areaOfInterest("alice", BenchExperience.ID)))
                .as("the reset gave alice's token back").isEmpty();
        try (Connection nc = nats.connect()) {
            long objects = nc.objectStore(Subjects.KB_SNAPSHOTS_BUCKET).getList().stream()
                    .filter(o -> o.getObjectName().contains(".record.")).count();
            assertThat(objects).as("records stored as objects").isPositive();
        }
    }

    @Test
    void aTailLongerThanOnePullIsHandedOverInOrderWithEachRecordWhole() throws Exception {
        // 160 records just under the max payload (~9.6 MB, more than one pull's 8 MB) and some kept as objects
        List<byte[]> written = writeTail("long-tail", 160, 60 * 1024, 8);

        List<Long> seen = new ArrayList<>();
        journal("long-tail").replayAfter(0, entry -> {
            assertThat(entry.payload()).as("record " + entry.seq()).isEqualTo(written.get((int) entry.seq() - 1));
            seen.add(entry.seq());
        });

        assertThat(seen).hasSize(written.size()).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void aRecordKeptAsAnObjectIsFetchedOnlyWhenItsTurnComesSoAPurgeMeanwhileIsARaceNotAGap() throws Exception {
        writeTail("purged-tail", 4, 1_000, 4);
        List<Long> seen = new ArrayList<>();

        Journal reader = journal("purged-tail");

        assertThatThrownBy(() -> reader.replayAfter(0, entry -> {
            if (seen.isEmpty()) {
                // the previous owner's fold purges the records meanwhile, and deletes their objects
                try (Connection nc = nats.connect()) {
                    ObjectStore store = nc.objectStore(Subjects.KB_SNAPSHOTS_BUCKET);
                    for (var object : store.getList()) {
                        if (object.getObjectName().contains(".record.")) {
                            store.delete(object.getObjectName());
                        }
                    }
                } catch (Exception e) {
                    throw new java.io.IOException(e);
                }
            }
            seen.add(entry.seq());
        })).isInstanceOf(Journal.FencedException.class);
        assertThat(seen).as("handed over before the purge").isNotEmpty().hasSizeLessThan(8);
    }

    /**
     * Writes {@code small} records of {@code smallBytes} and {@code big} records above the max payload
     * (kept as objects), interleaved, as one owner; returns their payloads by sequence.
     */
    private List<byte[]> writeTail(String experience, int small, int smallBytes, int big) throws Exception {
        Journal writer = journal(experience);
        writer.replayAfter(0, entry -> { });
        List<byte[]> written = new ArrayList<>();
        java.util.Random random = new java.util.Random(experience.hashCode());
        int every = Math.max(1, (small + big) / Math.max(1, big));
        int bigLeft = big;
        for (int seq = 1; seq <= small + big; seq++) {
            boolean isBig = bigLeft > 0 && (seq % every == 0 || small + big - seq < bigLeft);
            byte[] payload = new byte[isBig ? 3 * MAX_PAYLOAD : smallBytes];
            random.nextBytes(payload);
            bigLeft -= isBig ? 1 : 0;
            writer.append(seq, payload);
            written.add(payload);
        }
        return written;
    }

    /** One experience's journal over a connection of its own (one instance's). */
    private Journal journal(String experience) throws Exception {
        Connection nc = nats.connect();
        opened.add(nc);
        Journal journal = new JetStreamJournals(() -> Optional.of(nc), JetStreamJournals.Settings.SINGLE_NODE,
                io.gaia.events.GaiaJson.create().mapper()).open(experience, Files.createDirectories(machines.resolve(experience)));
        opened.add(journal);
        return journal;
    }

    private Sandbox instance(String machine, Path experiences) throws Exception {
        Connection nc = nats.connect();
        opened.add(nc);
        Path root = Files.createDirectories(machines.resolve(machine));
        Sandbox sandbox = new Sandbox(experiences, root.resolve("state"),
                new ExperienceEngine.Settings(256, 10_000, TimeUnit.MINUTES.toNanos(10)),
                new JetStreamJournals(() -> Optional.of(nc), JetStreamJournals.Settings.SINGLE_NODE,
                        io.gaia.events.GaiaJson.create().mapper()));
        opened.add(sandbox);
        return sandbox;
    }

    static void ok(ActionResponse response) {
        assertThat(response.success()).as(response.message()).isTrue();
    }
}
