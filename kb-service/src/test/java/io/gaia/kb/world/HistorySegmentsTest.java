package io.gaia.kb.world;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.kb.support.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state history starts a new segment once its repository outgrows a bound: the old one is kept, whole
 * and readable, under {@code .history/}, the new one's first commit holds every state file, and closed
 * segments beyond the kept bytes are deleted, oldest first.
 */
class HistorySegmentsTest {

    static final String WOODS = "wylding-woods";
    static final HistoryPacking.Limits NEVER_PACK = new HistoryPacking.Limits(Long.MAX_VALUE, Integer.MAX_VALUE);

    @TempDir
    Path state;

    @Test
    void aRepositoryPastItsBoundIsClosedIntoTheHistoryFolderAndANewOneStartsWithEveryStateFile() throws Exception {
        int commits = StateHistory.UPKEEP_EVERY * 2;
        try (Sandbox sandbox = new Sandbox(Sandbox.repositoryExperiences(), state);
             StateHistory history = new StateHistory(state, sandbox.engines(), false, Duration.ofHours(1), NEVER_PACK,
                     new HistorySegments.Limits(1, Long.MAX_VALUE))) {
            HistoryPackingTest.commitChanges(sandbox, history, commits);
        }
        // looked at the first commit (closed: 1 commit) and at the 21st (closed: 20 more, the first being the
        // new segment's whole-state commit); the current segment holds the whole-state commit and 19 more
        List<Path> closed = HistorySegments.closed(state);
        assertThat(closed).hasSize(2);
        assertThat(messages(closed.get(0))).hasSize(1);
        assertThat(messages(closed.get(1))).hasSize(StateHistory.UPKEEP_EVERY + 1)
                .last().asString().contains("new history segment");
        List<String> current = messages(state.resolve(".git"));
        assertThat(current).hasSize(StateHistory.UPKEEP_EVERY)
                .last().asString().contains("new history segment").contains(HistorySegments.DIR + "/" + closed.get(1).getFileName());

        try (Git git = Git.open(state.toFile())) {
            RevCommit first = last(git.log().call());
            assertThat(files(git, first)).as("the new segment's first commit holds every state file")
                    .contains(WOODS + "/world.json", WOODS + "/players/alice.json")
                    .noneMatch(f -> f.startsWith(HistorySegments.DIR));
            assertThat(git.status().call().isClean()).as("the closed segments are not part of the state").isTrue();
        }
    }

    @Test
    void closedSegmentsBeyondTheKeptBytesAreDeletedOldestFirst() throws Exception {
        int commits = StateHistory.UPKEEP_EVERY * 3;
        try (Sandbox sandbox = new Sandbox(Sandbox.repositoryExperiences(), state);
             StateHistory history = new StateHistory(state, sandbox.engines(), false, Duration.ofHours(1), NEVER_PACK,
                     new HistorySegments.Limits(1, 0))) {
            HistoryPackingTest.commitChanges(sandbox, history, commits);
        }
        assertThat(HistorySegments.closed(state)).as("none kept with a limit of 0 bytes").isEmpty();
        assertThat(messages(state.resolve(".git"))).hasSize(StateHistory.UPKEEP_EVERY);
    }

    @Test
    void belowItsBoundTheRepositoryStaysOneSegment() throws Exception {
        int commits = StateHistory.UPKEEP_EVERY + 2;
        try (Sandbox sandbox = new Sandbox(Sandbox.repositoryExperiences(), state);
             StateHistory history = new StateHistory(state, sandbox.engines(), false, Duration.ofHours(1), NEVER_PACK,
                     HistorySegments.Limits.DEFAULT)) {
            HistoryPackingTest.commitChanges(sandbox, history, commits);
        }
        assertThat(HistorySegments.closed(state)).isEmpty();
        assertThat(messages(state.resolve(".git"))).hasSize(commits);
    }

    /** The commit messages of the repository in {@code gitDir}, newest first (read as a bare repository would be). */
    private static List<String> messages(Path gitDir) throws Exception {
        List<String> messages = new ArrayList<>();
        try (var repository = new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setMustExist(true).build();
             Git git = new Git(repository)) {
            git.log().call().forEach(c -> messages.add(c.getFullMessage()));
        }
        return messages;
    }

    private static RevCommit last(Iterable<RevCommit> log) {
        RevCommit last = null;
        for (RevCommit commit : log) {
            last = commit;
        }
        return last;
    }

    private static List<String> files(Git git, RevCommit commit) throws Exception {
        List<String> files = new ArrayList<>();
        try (TreeWalk walk = new TreeWalk(git.getRepository())) {
            walk.addTree(commit.getTree());
            walk.setRecursive(true);
            while (walk.next()) {
                files.add(walk.getPathString());
            }
        }
        return files;
    }
}
