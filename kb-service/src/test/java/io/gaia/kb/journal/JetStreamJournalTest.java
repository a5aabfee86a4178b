package io.gaia.kb.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaia.events.ActionResponse;
import io.gaia.events.ErrorCodes;
import io.gaia.events.GaiaJson;
import io.gaia.events.Subjects;
import io.gaia.kb.support.Sandbox;
import io.gaia.kb.world.ExperienceEngine;
import io.gaia.kb.world.StateHistory;
import io.gaia.kb.world.StateStore;
import io.gaia.support.web.GaiaException;
import io.gaia.testsupport.NatsTestServer;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.StreamInfoOptions;
import io.nats.client.api.Subject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replicated journal on a real nats-server (one node, so R1; the 3-node cluster is the
 * ownership tests'): each {@link Sandbox} is one kb-service instance with its own state folder and
 * its own NATS connection; a second one on an empty folder plays the new owner on another machine.
 */
class JetStreamJournalTest {

    static final String WOODS = "wylding-woods";

    @RegisterExtension
    static final NatsTestServer nats = new NatsTestServer();

    @TempDir
    Path machines;
    final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeEach
    void emptyJetStream() throws Exception {
        try (Connection nc = nats.connect()) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            for (String stream : jsm.getStreamNames()) {
                jsm.deleteStream(stream);
            }
        }
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    @Test
    void aNewInstanceOnAnEmptyFolderRebuildsExactlyTheAcknowledgedState() throws Exception {
        Sandbox first = instance("first", JetStreamJournals.Settings.SINGLE_NODE);
        ok(first.act("alice", WOODS, "collect_item", Map.of("instance_id", "bottle_joy")));
        ok(first.act("bob", WOODS, "collect_item", Map.of("instance_id", "bottle_mystery")));
        Map<String, Object> aliceSaw = first.areaOfInterest("alice", WOODS);
        Map<String, Object> bobSaw = first.areaOfInterest("bob", WOODS);

        Sandbox second = instance("second", JetStreamJournals.Settings.SINGLE_NODE);

        assertThat(second.areaOfInterest("alice", WOODS)).isEqualTo(aliceSaw);
        assertThat(second.areaOfInterest("bob", WOODS)).isEqualTo(bobSaw);
        assertThat(store(second).epoch()).isEqualTo(store(first).epoch());
        assertThat(second.act("carol", WOODS, "collect_item", Map.of("instance_id", "bottle_joy")).code())
                .isEqualTo(ErrorCodes.ALREADY_TAKEN);
        // the new machine's folder holds the documents, and its git history says where they came from
        assertThat(machines.resolve("second/state").resolve(WOODS).resolve("world.json")).exists();
        try (StateHistory history = new StateHistory(machines.resolve("second/state"), second.engines(), false,
                Duration.ofHours(1))) {
            assertThat(history.commitIfChanged()).isTrue();
        }
        try (Git git = Git.open(machines.resolve("second/state").toFile())) {
            RevCommit last = git.log().setMaxCount(1).call().iterator().next();
            assertThat(last.getFullMessage()).contains(WOODS + ": records").contains("rebuilt from the")
                    .contains("journal records");
        }
    }

    @Test
    void theDeposedInstanceCannotCommitAndLosesNothingItAcknowledged() throws Exception {
        Sandbox first = instance("first", JetStreamJournals.Settings.SINGLE_NODE);
        ok(first.act("alice", WOODS, "collect_item", Map.of("instance_id", "bottle_joy")));

        Sandbox second = instance("second", JetStreamJournals.Settings.SINGLE_NODE);
        ActionResponse fenced = first.act("bob", WOODS, "collect_item", Map.of("instance_id", "bottle_mystery"));

        assertThat(fenced.success()).isFalse();
        assertThat(fenced.code()).isEqualTo(ErrorCodes.NOT_OWNER);
        assertThat(fenced.message()).contains("another kb-service instance").doesNotContain("/");
        assertThatThrownBy(() -> first.act("bob", WOODS, "inventory", Map.of()))
                .isInstanceOfSatisfying(GaiaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCodes.NOT_OWNER));
        // what the first acknowledged is there; what it was refused is not
        assertThat(instanceIds(second.areaOfInterest("alice", WOODS))).containsExactly("bottle_joy");
        assertThat(instanceIds(second.areaOfInterest("bob", WOODS))).isEmpty();
        ok(second.act("bob", WOODS, "collect_item", Map.of("instance_id", "bottle_mystery")));
    }

    @Test
    void aSnapshotPurgesTheRecordsItCoversAndARebuildUsesItPlusTheTail() throws Exception {
        JetStreamJournals.Settings snapshotEveryFold = new JetStreamJournals.Settings(1, Duration.ZERO, 2,
                Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10));
        Sandbox first = instance("first", snapshotEveryFold);
        for (int round = 0; round < 10; round++) {
            ok(first.act("alice", WOODS, "collect_item", Map.of("instance_id", "bottle_joy")));
            ok(first.act("alice", WOODS, "drop_item", Map.of("instance_id", "bottle_joy", "spot_id", "counter")));
        }
        long recordsBefore = recordsOnSubject();
        store(first).fold();
        long recordsAfter = recordsOnSubject();
        ok(first.act("alice", WOODS, "collect_item", Map.of("instance_id", "bottle_joy")));
        ok(first.act("bob", WOODS, "collect_item", Map.of("instance_id", "bottle_mystery")));
        Map<String, Object> aliceSaw = first.areaOfInterest("alice", WOODS);
        Map<String, Object> bobSaw = first.areaOfInterest("bob", WOODS);

        Sandbox second = instance("second", snapshotEveryFold);

        assertThat(recordsBefore).isGreaterThanOrEqualTo(21);
        assertThat(recordsAfter).isLessThanOrEqualTo(3);
        try (Connection nc = nats.connect()) {
            assertThat(nc.keyValue(Subjects.KB_SNAPSHOT_INDEX_BUCKET).get(Subjects.kbSnapshotKey(WOODS))).isNotNull();
        }
        assertThat(second.areaOfInterest("alice", WOODS)).isEqualTo(aliceSaw);
        assertThat(second.areaOfInterest("bob", WOODS)).isEqualTo(bobSaw);
        assertThat(instanceIds(aliceSaw)).containsExactly("bottle_joy");
    }

    @Test
    void aNewOwnerThatReadsWhileThePreviousOwnerSnapshotsAndPurgesReadsAgainAndLosesNothing() throws Exception {
        JetStreamJournals.Settings snapshotEveryFold = new JetStreamJournals.Settings(1, Duration.ZERO, 2,
                Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10));
        Sandbox first = instance("first", snapshotEveryFold);
        // bob's inventory is only in the first records: the ones a purge removes
        ok(first.act("bob", WOODS, "collect_item", Map.of("instance_id", "bottle_mystery")));
        for (int round = 0; round < 10; round++) {
            ok(first.act("alice", WOODS, "collect_item", Map.of("instance_id", "bottle_joy")));
            ok(first.act("alice", WOODS, "drop_item", Map.of("instance_id", "bottle_joy", "spot_id", "counter")));
        }
        Map<String, Object> bobSaw = first.areaOfInterest("bob", WOODS);
        // the previous owner's last fold (snapshot, then purge) lands between the new owner's read of
        // the snapshot index (none yet) and its read of the journal's records
        JetStreamJournals real = journals(snapshotEveryFold);
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        Sandbox second = instance("second", (experience, dir) -> new RacedJournal(real.open(experience, dir), () -> {
            if (WOODS.equals(experience) && reads.getAndIncrement() == 0) {
                store(first).fold();
            }
        }));

        assertThat(reads.get()).as("the journal was read again after the purge").isGreaterThanOrEqualTo(2);
        assertThat(second.areaOfInterest("bob", WOODS)).isEqualTo(bobSaw);
        assertThat(instanceIds(bobSaw)).containsExactly("bottle_mystery");
        assertThat(second.act("carol", WOODS, "collect_item", Map.of("instance_id", "bottle_mystery")).code())
                .isEqualTo(ErrorCodes.ALREADY_TAKEN);
    }

    @Test
    void aRepeatedRequestIdRunsOnceEvenOnTheNewOwner() throws Exception {
        Sandbox first = instance("first", JetStreamJournals.Settings.SINGLE_NODE);
        ActionResponse answer = first.act(Sandbox.player("alice"), WOODS, "collect_item",
                Map.of("instance_id", "bottle_joy"), "req-1");
        ok(answer);

        ActionResponse repeat = first.act(Sandbox.player("alice"), WOODS, "collect_item",
                Map.of("instance_id", "bottle_joy"), "req-1");
        ActionResponse bobsOwn = first.act(Sandbox.player("bob"), WOODS, "collect_item",
                Map.of("instance_id", "bottle_joy"), "req-1");
        Sandbox second = instance("second", JetStreamJournals.Settings.SINGLE_NODE);
        ActionResponse retriedAfterFailover = second.act(Sandbox.player("alice"), WOODS, "collect_item",
                Map.of("instance_id", "bottle_joy"), "req-1");

        assertSameAnswer(repeat, answer);
        assertSameAnswer(retriedAfterFailover, answer);
        assertThat(bobsOwn.code()).as("another user's request id is not a repeat").isEqualTo(ErrorCodes.ALREADY_TAKEN);
        assertThat(instanceIds(second.areaOfInterest("alice", WOODS))).containsExactly("bottle_joy");
        // a new request id runs
        assertThat(second.act(Sandbox.player("alice"), WOODS, "collect_item", Map.of("instance_id", "bottle_joy"),
                "req-2").code()).isEqualTo(ErrorCodes.ALREADY_TAKEN);
    }

    @Test
    void aCommitStoredButNotConfirmedIsReportedAsUnknownAndItsRetryAfterTheReopenAnswersTheFirstOutcome() throws Exception {
        JetStreamJournals real = journals(JetStreamJournals.Settings.SINGLE_NODE);
        java.util.concurrent.atomic.AtomicBoolean loseTheNextConfirmation = new java.util.concurrent.atomic.AtomicBoolean();
        Sandbox owner = instance("owner", (experience, dir) ->
                new UnconfirmedJournal(real.open(experience, dir), loseTheNextConfirmation));
        ok(owner.act("alice", WOODS, "collect_item", Map.of("instance_id", "bottle_joy")));

        loseTheNextConfirmation.set(true);
        ActionResponse unknown = owner.act(Sandbox.player("bob"), WOODS, "collect_item",
                Map.of("instance_id", "bottle_mystery"), "bob-1");

        // not "refused": the record is in the journal, so a client must not believe bob lacks the bottle
        assertThat(unknown.success()).isFalse();
        assertThat(unknown.code()).isEqualTo(ErrorCodes.COMMIT_UNCONFIRMED);
        assertThat(unknown.message()).contains("may have been saved").contains("request_id")
                .doesNotContain("/").doesNotContain("Exception");
        assertThatThrownBy(() -> owner.act("carol", WOODS, "inventory", Map.of()))
                .isInstanceOfSatisfying(GaiaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCodes.COMMIT_UNCONFIRMED));

        // the owner reopens the experience from the journal (OwnedServing's repair does this within a second)
        owner.engines().close(WOODS);
        assertThat(owner.engines().open(WOODS)).isTrue();
        ActionResponse retried = owner.act(Sandbox.player("bob"), WOODS, "collect_item",
                Map.of("instance_id", "bottle_mystery"), "bob-1");

        ok(retried); // the first outcome: run again, bob's own bottle would be refused
        assertThat(retried.itemId()).isEqualTo("bottle_mystery");
        assertThat(instanceIds(owner.areaOfInterest("bob", WOODS))).containsExactly("bottle_mystery");
        assertThat(owner.act("carol", WOODS, "collect_item", Map.of("instance_id", "bottle_mystery")).code())
                .isEqualTo(ErrorCodes.ALREADY_TAKEN);
        // and another instance rebuilding from the journal agrees
        Sandbox next = instance("next", JetStreamJournals.Settings.SINGLE_NODE);
        assertThat(instanceIds(next.areaOfInterest("bob", WOODS))).containsExactly("bottle_mystery");
        assertSameAnswer(next.act(Sandbox.player("bob"), WOODS, "collect_item", Map.of("instance_id", "bottle_mystery"),
                "bob-1"), retried);
    }

    /** The same answer on the wire (the same JSON, keys in any order): every field, the deltas and the timestamp included. */
    @Test
    void aResetsBackupKeepsTheActionsNotYetFoldedAndRestoringItBringsThemBack() throws Exception {
        Sandbox kb = instance("one", JetStreamJournals.Settings.SINGLE_NODE); // folds only when asked
        ok(kb.act("alice", WOODS, "collect_item", Map.of("instance_id", "bottle_joy")));

        ActionResponse reset = kb.act(Sandbox.admin("op"), WOODS, "@reset experience CONFIRM", Map.of());
        ok(reset);
        String backup = (String) reset.metadata().get("backup_id");
        ok(kb.act(Sandbox.admin("op"), WOODS, "@restore " + backup + " CONFIRM", Map.of()));

        assertThat(instanceIds(kb.areaOfInterest("alice", WOODS))).containsExactly("bottle_joy");
    }

    @Test
    void aBackupMadeByOneOwnerIsListedAndRestoredByTheNextOwnerOnAnEmptyFolder() throws Exception {
        Sandbox first = instance("first", JetStreamJournals.Settings.SINGLE_NODE);
        ok(first.act("alice", WOODS, "collect_item", Map.of("instance_id", "bottle_joy")));
        ActionResponse reset = first.act(Sandbox.admin("op"), WOODS, "@reset experience CONFIRM", Map.of());
        ok(reset);
        String backup = (String) reset.metadata().get("backup_id");
        // stored in the journal in the background; the marker says it is there
        org.awaitility.Awaitility.await("backup " + backup + " kept in the journal").atMost(Duration.ofSeconds(20))
                .until(() -> kept(machines.resolve("first"), backup));
        opened.remove(first);
        first.close(); // its machine is gone: the next owner has an empty state folder

        Sandbox second = instance("second", JetStreamJournals.Settings.SINGLE_NODE);
        ActionResponse listed = second.act(Sandbox.admin("op"), WOODS, "@restore", Map.of());
        ok(listed);
        assertThat(listed.metadata().get("backups")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).contains(backup);
        ok(second.act(Sandbox.admin("op"), WOODS, "@restore " + backup + " CONFIRM", Map.of()));

        assertThat(instanceIds(second.areaOfInterest("alice", WOODS))).containsExactly("bottle_joy");
        ActionResponse unknown = second.act(Sandbox.admin("op"), WOODS, "@restore reset-1 CONFIRM", Map.of());
        assertThat(unknown.code()).isEqualTo(ErrorCodes.NOT_FOUND);
    }

    @Test
    void aBackupDeletedBeyondTheRetentionIsNeitherListedNorKeptNorFetchable() throws Exception {
        Path folder = Files.createDirectories(machines.resolve("retained-source"));
        Files.writeString(folder.resolve("world.json"), "{}");
        io.gaia.kb.world.Journal journal = journals(JetStreamJournals.Settings.SINGLE_NODE)
                .open("retained", Files.createTempDirectory("retained"));
        try {
            journal.keepBackup("reset-100", folder);
            journal.keepBackup("pre-restore-200", folder);

            journal.forgetBackup("reset-100");
            journal.forgetBackup("reset-100"); // twice: nothing left to delete is no error

            assertThat(journal.keptBackups()).containsExactly("pre-restore-200");
            assertThat(journal.keepsBackup("reset-100")).isFalse();
            assertThat(journal.fetchBackup("reset-100", machines.resolve("retained-fetch"))).isFalse();
            assertThat(journal.keepsBackup("pre-restore-200")).isTrue();
        } finally {
            journal.close();
        }
    }

    @Test
    void anExperiencesBackupsAreListedFromTheIndexWithThoseKeptBeforeItAndNoOtherExperiences() throws Exception {
        try (Connection nc = nats.connect()) {
            journals(JetStreamJournals.Settings.SINGLE_NODE).open("indexed-a", Files.createTempDirectory("a")).close();
            io.nats.client.ObjectStore store = nc.objectStore(Subjects.KB_SNAPSHOTS_BUCKET);
            // kept by a kb-service of before the index: an object only
            store.put(io.nats.client.api.ObjectMeta.builder(Subjects.kbSnapshotKey("indexed-a")
                    + JetStreamJournal.BACKUP_INFIX + "reset-old").build(), new java.io.ByteArrayInputStream(new byte[] {1}));
            Path folder = Files.createDirectories(machines.resolve("backup-source"));
            Files.writeString(folder.resolve("world.json"), "{}");

            io.gaia.kb.world.Journal a = journals(JetStreamJournals.Settings.SINGLE_NODE)
                    .open("indexed-a", Files.createTempDirectory("a"));
            io.gaia.kb.world.Journal b = journals(JetStreamJournals.Settings.SINGLE_NODE)
                    .open("indexed-b", Files.createTempDirectory("b"));
            a.keepBackup("reset-new", folder);
            b.keepBackup("reset-other", folder);

            assertThat(a.keptBackups()).containsExactly("reset-new", "reset-old");
            assertThat(b.keptBackups()).containsExactly("reset-other");
            assertThat(nc.keyValue(Subjects.KB_SNAPSHOT_INDEX_BUCKET).keys("backups.>"))
                    .contains("backups." + Subjects.kbSnapshotKey("indexed-a") + ".reset-old");
            a.close();
            b.close();
        }
    }

    private static boolean kept(Path machine, String backup) throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = Files.walk(machine)) {
            return files.anyMatch(p -> p.getFileName().toString().equals(backup + ".kept"));
        }
    }

    static void assertSameAnswer(ActionResponse actual, ActionResponse expected) {
        GaiaJson json = GaiaJson.create();
        assertThat(json.readTree(json.writeString(actual))).isEqualTo(json.readTree(json.writeString(expected)));
    }

    private Sandbox instance(String machine, JetStreamJournals.Settings settings) throws Exception {
        return instance(machine, journals(settings));
    }

    /** Journals over a connection of their own (one instance's). */
    private JetStreamJournals journals(JetStreamJournals.Settings settings) throws Exception {
        Connection nc = nats.connect();
        opened.add(nc);
        return new JetStreamJournals(() -> Optional.of(nc), settings, io.gaia.events.GaiaJson.create().mapper());
    }

    private Sandbox instance(String machine, io.gaia.kb.world.Journal.Factory journals) throws Exception {
        Path root = Files.createDirectories(machines.resolve(machine));
        // fold only when a test asks (a long interval), so records stay in the journal until then
        Sandbox sandbox = new Sandbox(Sandbox.repositoryExperiences(), root.resolve("state"),
                new ExperienceEngine.Settings(256, 10_000, TimeUnit.MINUTES.toNanos(10)), journals);
        opened.add(sandbox);
        assertThat(sandbox.engines().failures()).isEmpty();
        return sandbox;
    }

    static StateStore store(Sandbox sandbox) {
        return sandbox.engines().engine(WOODS).orElseThrow().store();
    }

    static void ok(ActionResponse response) {
        assertThat(response.success()).as(response.message()).isTrue();
    }

    @SuppressWarnings("unchecked")
    static List<Object> instanceIds(Map<String, Object> areaOfInterest) {
        List<Map<String, Object>> inventory = (List<Map<String, Object>>) ((Map<String, Object>) areaOfInterest
                .get("player")).get("inventory");
        return inventory.stream().map(i -> i.get("instance_id")).toList();
    }

    private static long recordsOnSubject() throws Exception {
        try (Connection nc = nats.connect()) {
            List<Subject> subjects = nc.jetStreamManagement().getStreamInfo(Subjects.KB_JOURNAL_STREAM,
                    StreamInfoOptions.filterSubjects(Subjects.kbJournal(WOODS))).getStreamState().getSubjects();
            return subjects.stream().mapToLong(Subject::getCount).sum();
        } catch (JetStreamApiException e) {
            throw new AssertionError(e);
        }
    }
}
