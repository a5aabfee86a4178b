package io.gaia.kb.world;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.kb.support.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state history packs itself once its loose objects pass a bound, and every commit stays readable. */
class HistoryPackingTest {

    static final String WOODS = "wylding-woods";

    @TempDir
    Path state;

    @Test
    void theHistoryIsPackedOnceItsLooseObjectsPassALimitAndEveryCommitStaysReadable() throws Exception {
        int commits = StateHistory.UPKEEP_EVERY + 3;
        try (Sandbox sandbox = new Sandbox(Sandbox.repositoryExperiences(), state);
             StateHistory history = new StateHistory(state, sandbox.engines(), false, Duration.ofHours(1),
                     new HistoryPacking.Limits(2 * 1024, 1_000_000))) {
            commitChanges(sandbox, history, commits);
        }
        Path objects = state.resolve(".git/objects");
        // packed at the first commit and again at the 21st; the two after it are all that is loose
        assertThat(HistoryPacking.packBytes(objects)).isPositive();
        assertThat(HistoryPacking.loose(objects).objects()).isLessThan(3 * 8);
        try (java.util.stream.Stream<Path> packs = Files.list(objects.resolve("pack"))) {
            assertThat(packs.filter(p -> p.toString().endsWith(".pack"))).as("the first pack replaced, not kept").hasSize(1);
        }
        assertEveryCommitReadable(commits);
    }

    @Test
    void belowItsLimitsTheHistoryIsNotPacked() throws Exception {
        int commits = StateHistory.UPKEEP_EVERY + 1;
        try (Sandbox sandbox = new Sandbox(Sandbox.repositoryExperiences(), state);
             StateHistory history = new StateHistory(state, sandbox.engines(), false, Duration.ofHours(1))) {
            commitChanges(sandbox, history, commits);
        }
        Path objects = state.resolve(".git/objects");
        assertThat(HistoryPacking.packBytes(objects)).isZero();
        assertThat(HistoryPacking.loose(objects).objects()).isGreaterThan(commits);
        assertEveryCommitReadable(commits);
    }

    @Test
    void aCountOfLooseObjectsPastItsLimitPacksAsWellAsTheirBytes() throws Exception {
        try (Sandbox sandbox = new Sandbox(Sandbox.repositoryExperiences(), state);
             StateHistory history = new StateHistory(state, sandbox.engines(), false, Duration.ofHours(1),
                     new HistoryPacking.Limits(Long.MAX_VALUE, 3))) {
            commitChanges(sandbox, history, 1);
        }
        assertThat(HistoryPacking.packBytes(state.resolve(".git/objects"))).isPositive();
        assertEveryCommitReadable(1);
    }

    @Test
    void aFileRemovedFromTheStateFolderIsRemovedFromTheNextCommit() throws Exception {
        Path note = state.resolve(WOODS).resolve("operator-note.json");
        try (Sandbox sandbox = new Sandbox(Sandbox.repositoryExperiences(), state);
             StateHistory history = new StateHistory(state, sandbox.engines(), false, Duration.ofHours(1))) {
            Files.writeString(note, "{\"note\":\"play-test 3\"}");
            commitChanges(sandbox, history, 1);
            assertThat(filesAtHead()).contains(WOODS + "/operator-note.json", WOODS + "/world.json");

            Files.delete(note);
            assertThat(sandbox.act("alice", WOODS, "drop_item", Map.of("instance_id", "bottle_joy")).success()).isTrue();
            sandbox.engines().engine(WOODS).orElseThrow().store().fold();
            assertThat(history.commitIfChanged()).isTrue();
            assertThat(filesAtHead()).doesNotContain(WOODS + "/operator-note.json").contains(WOODS + "/world.json");
        }
    }

    private List<String> filesAtHead() throws Exception {
        List<String> files = new ArrayList<>();
        try (Git git = Git.open(state.toFile()); TreeWalk walk = new TreeWalk(git.getRepository())) {
            walk.addTree(git.log().setMaxCount(1).call().iterator().next().getTree());
            walk.setRecursive(true);
            while (walk.next()) {
                files.add(walk.getPathString());
            }
        }
        return files;
    }

    /** Each commit: alice collects or drops the bottle, the folder is folded, the history commits. */
    static void commitChanges(Sandbox sandbox, StateHistory history, int commits) throws Exception {
        StateStore store = sandbox.engines().engine(WOODS).orElseThrow().store();
        for (int i = 0; i < commits; i++) {
            String action = i % 2 == 0 ? "collect_item" : "drop_item";
            assertThat(sandbox.act("alice", WOODS, action, Map.of("instance_id", "bottle_joy")).success()).isTrue();
            store.fold();
            assertThat(history.commitIfChanged()).as("commit %d", i).isTrue();
        }
    }

    /** Every commit's every JSON file parses, and the newest world.json is the one on disk. */
    private void assertEveryCommitReadable(int commits) throws Exception {
        List<RevCommit> log = new ArrayList<>();
        try (Git git = Git.open(state.toFile()); ObjectReader reader = git.getRepository().newObjectReader()) {
            git.log().call().forEach(log::add);
            assertThat(log).hasSize(commits);
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            for (RevCommit commit : log) {
                try (TreeWalk walk = new TreeWalk(reader)) {
                    walk.addTree(commit.getTree());
                    walk.setRecursive(true);
                    while (walk.next()) {
                        if (walk.getPathString().endsWith(".json")) {
                            assertThat(json.readTree(reader.open(walk.getObjectId(0)).getBytes()))
                                    .as("%s at %s", walk.getPathString(), commit.name()).isNotNull();
                        }
                    }
                }
            }
            try (TreeWalk newest = TreeWalk.forPath(git.getRepository(), WOODS + "/world.json", log.get(0).getTree())) {
                assertThat(reader.open(newest.getObjectId(0)).getBytes())
                        .isEqualTo(Files.readAllBytes(state.resolve(WOODS).resolve("world.json")));
            }
        }
    }
}
