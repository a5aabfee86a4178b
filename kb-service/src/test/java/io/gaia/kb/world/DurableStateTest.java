package io.gaia.kb.world;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.ActionResponse;
import io.gaia.events.VersionScope;
import io.gaia.kb.support.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** State survives restarts through the commit record and the folded files; versions never go back. */
class DurableStateTest {

    static final String WOODS = "wylding-woods";

    @TempDir
    Path state;

    @Test
    void anAcknowledgedActionIsOnDiskBeforeItIsAcknowledged() throws Exception {
        try (Sandbox sandbox = new Sandbox(Sandbox.repositoryExperiences(), state)) {
            ActionResponse response = sandbox.act("alice", WOODS, "collect_item", Map.of("instance_id", "bottle_joy"));
            assertThat(response.success()).isTrue();
            // not folded yet (fold runs later), so the commit log must already hold it
            String commits = commitRecords(state.resolve(WOODS));
            assertThat(commits).contains("players/alice.json").contains("bottle_joy");
        }
    }

    @Test
    void aRestartFindsTheSameStateAndVersionsKeepGrowing() throws Exception {
        long world;
        long player;
        try (Sandbox first = new Sandbox(Sandbox.repositoryExperiences(), state)) {
            first.act("alice", WOODS, "collect_item", Map.of("instance_id", "bottle_joy"));
            ActionResponse last = first.act("alice", WOODS, "collect_item", Map.of("instance_id", "bottle_energy"));
            world = version(last, VersionScope.WORLD);
            player = version(last, VersionScope.PLAYER);
        }
        try (Sandbox second = new Sandbox(Sandbox.repositoryExperiences(), state)) {
            assertThat(second.act("bob", WOODS, "collect_item", Map.of("instance_id", "bottle_joy")).code())
                    .isEqualTo("already_taken");
            ActionResponse next = second.act("alice", WOODS, "drop_item", Map.of("instance_id", "bottle_joy"));
            assertThat(version(next, VersionScope.WORLD)).isEqualTo(world + 1);
            assertThat(version(next, VersionScope.PLAYER)).isEqualTo(player + 1);
        }
    }

    @Test
    void aCrashBeforeTheFoldIsRepairedFromTheCommitLog() throws Exception {
        Path exp = crashBeforeTheFold(7, record -> {
            try (CommitLog log = CommitLog.openEmpty(state.resolve(WOODS).resolve("commits"), 4096)) {
                log.append(7, record.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        });
        try (Sandbox restarted = new Sandbox(Sandbox.repositoryExperiences(), state)) {
            assertRepaired(restarted, exp);
            assertThat(commitRecords(exp)).doesNotContain("\"seq\":7");
        }
    }

    @Test
    void aRecordOfTheEarlierOneFilePerCommitFormatIsStillReplayed() throws Exception {
        Path exp = crashBeforeTheFold(1, record ->
                Files.writeString(state.resolve(WOODS).resolve("commits").resolve("0000000000000000001.json"), record));
        try (Sandbox restarted = new Sandbox(Sandbox.repositoryExperiences(), state)) {
            assertRepaired(restarted, exp);
            assertThat(exp.resolve("commits/0000000000000000001.json")).doesNotExist();
        }
    }

    private interface RecordWriter {
        void write(String record) throws Exception;
    }

    /**
     * Simulates kill -9 after Alice's collect was committed but before the fold: only the commit
     * record (written by {@code writer}) holds it, the files are rolled back to nothing, and a
     * half-written temp file is left behind.
     */
    private Path crashBeforeTheFold(long seq, RecordWriter writer) throws Exception {
        try (Sandbox sandbox = new Sandbox(Sandbox.repositoryExperiences(), state)) {
            sandbox.act("alice", WOODS, "collect_item", Map.of("instance_id", "bottle_joy"));
        }
        Path exp = state.resolve(WOODS);
        String record = "{\"seq\":" + seq + ",\"docs\":" + "{\"players/alice.json\":"
                + Files.readString(exp.resolve("players/alice.json"))
                + ",\"world.json\":" + Files.readString(exp.resolve("world.json")) + "}}";
        Files.delete(exp.resolve("players").resolve("alice.json"));
        Files.delete(exp.resolve("world.json"));
        writer.write(record);
        Files.writeString(exp.resolve("world.json.tmp"), "{half a fi");
        return exp;
    }

    private static void assertRepaired(Sandbox restarted, Path exp) {
        assertThat(exp.resolve("world.json.tmp")).doesNotExist();
        assertThat(restarted.areaOfInterest("alice", WOODS).toString()).contains("bottle_joy");
        assertThat(restarted.act("bob", WOODS, "collect_item", Map.of("instance_id", "bottle_joy")).code())
                .isEqualTo("already_taken");
    }

    @Test
    void historyIsCommittedToGitInTheBackground() throws Exception {
        try (Sandbox sandbox = new Sandbox(Sandbox.repositoryExperiences(), state);
             StateHistory history = new StateHistory(state, sandbox.engines(), false, java.time.Duration.ofHours(1))) {
            sandbox.act("alice", WOODS, "collect_item", Map.of("instance_id", "bottle_joy"));
            sandbox.engines().engine(WOODS).orElseThrow().store().fold();
            assertThat(history.commitIfChanged()).isTrue();
            assertThat(history.commitIfChanged()).isFalse();
        }
        try (Git git = Git.open(state.toFile())) {
            List<RevCommit> log = new java.util.ArrayList<>();
            git.log().call().forEach(log::add);
            assertThat(log).isNotEmpty();
            assertThat(git.status().call().getUntracked()).noneMatch(f -> f.endsWith("world.json"));
        }
    }

    @Test
    void theHistoryNeverStoresADocumentCutShortWhileFoldsRewriteIt() throws Exception {
        // a world.json bigger than JGit's 8 KB insert buffer, the size where a stale length cuts a blob short
        Path experiences = Files.createTempDirectory(state.getParent(), "big-world");
        org.springframework.util.FileSystemUtils.copyRecursively(Sandbox.repositoryExperiences().resolve(WOODS),
                experiences.resolve(WOODS));
        Path world = experiences.resolve(WOODS).resolve("world.json");
        Files.writeString(world, Files.readString(world).replace("An old oak counter with a brass bell",
                "An old oak counter" + " with a brass bell".repeat(600)));
        try (Sandbox sandbox = new Sandbox(experiences, state);
             StateHistory history = new StateHistory(state, sandbox.engines(), false, java.time.Duration.ofHours(1))) {
            StateStore store = sandbox.engines().engine(WOODS).orElseThrow().store();
            java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
            Thread folder = new Thread(() -> {
                // world.json shrinks on each collect and grows on each drop, and every fold replaces it by rename
                for (int i = 0; !done.get(); i++) {
                    String action = i % 2 == 0 ? "collect_item" : "drop_item";
                    sandbox.act("alice", WOODS, action, Map.of("instance_id", "bottle_joy"));
                    try {
                        store.fold();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            });
            folder.start();
            long until = System.nanoTime() + java.time.Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < until) {
                history.commitIfChanged();
            }
            done.set(true);
            folder.join();
        }
        int blobs = 0;
        try (Git git = Git.open(state.toFile());
             org.eclipse.jgit.lib.ObjectReader reader = git.getRepository().newObjectReader()) {
            for (RevCommit commit : git.log().call()) {
                try (org.eclipse.jgit.treewalk.TreeWalk walk = new org.eclipse.jgit.treewalk.TreeWalk(reader)) {
                    walk.addTree(commit.getTree());
                    walk.setRecursive(true);
                    while (walk.next()) {
                        if (walk.getPathString().endsWith(".json")) {
                            byte[] bytes = reader.open(walk.getObjectId(0)).getBytes();
                            assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(bytes))
                                    .as("%s at %s", walk.getPathString(), commit.name()).isNotNull();
                            blobs++;
                        }
                    }
                }
            }
        }
        assertThat(blobs).isPositive();
    }

    private static String commitRecords(Path experience) throws java.io.IOException {
        StringBuilder out = new StringBuilder();
        CommitLog.replay(experience.resolve("commits")).forEach(entry -> out.append(CommitLog.text(entry)));
        return out.toString();
    }

    private static long version(ActionResponse response, VersionScope scope) {
        return response.events().stream().filter(e -> e.scope() == scope).findFirst().orElseThrow().snapshotVersion();
    }
}
