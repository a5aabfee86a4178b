package io.gaia.kb.world;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.GaiaJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** The remembered answers in the state folder: appended per fold, rewritten whole now and then, read back on restart. */
class AnswersFileTest {

    static final JsonMapper mapper = GaiaJson.create().mapper();

    @TempDir
    Path dir;

    StateStore open(RememberedAnswers.Limits limits) throws Exception {
        StateStore store = new StateStore(dir, mapper, Journal.Factory.file(CommitLog.DEFAULT_SEGMENT_BYTES)
                .open("test", dir), limits);
        store.recover();
        return store;
    }

    static List<RememberedAnswers.Answer> answers(String prefix, int count) {
        List<RememberedAnswers.Answer> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(RememberedAnswersTest.answer("alice", prefix + i, System.currentTimeMillis(), "{\"n\":" + i + "}"));
        }
        return out;
    }

    static void commitAndFold(StateStore store, List<RememberedAnswers.Answer> answers) throws Exception {
        store.commit(new StateStore.Batch(Map.of(), List.of("alice"), answers));
        store.fold();
    }

    long lines() throws Exception {
        return Files.readAllLines(dir.resolve(StateStore.ANSWERS_FILE)).size();
    }

    @Test
    void answersRememberedAfterTheFirstFoldAreAppendedAndAllSurviveARestart() throws Exception {
        StateStore store = open(RememberedAnswers.Limits.DEFAULT);
        commitAndFold(store, answers("a", 2));
        commitAndFold(store, answers("b", 3));
        assertThat(lines()).isEqualTo(5);
        store.close();

        StateStore reopened = open(RememberedAnswers.Limits.DEFAULT);
        assertThat(reopened.answers().find("alice", "a0")).asString(StandardCharsets.UTF_8).isEqualTo("{\"n\":0}");
        assertThat(reopened.answers().find("alice", "b2")).asString(StandardCharsets.UTF_8).isEqualTo("{\"n\":2}");
        assertThat(reopened.answers().size()).isEqualTo(5);
    }

    @Test
    void theFileIsRewrittenWholeOnceEvictedAnswersOutnumberTheRememberedOnes() throws Exception {
        StateStore store = open(new RememberedAnswers.Limits(Duration.ofHours(1), 2, 1_000_000));
        commitAndFold(store, answers("a", 600)); // the recovery wrote the (empty) whole file
        commitAndFold(store, answers("b", 600));
        assertThat(lines()).as("appended, evicted ones included").isEqualTo(1200);
        commitAndFold(store, answers("c", 600));
        assertThat(lines()).as("rewritten whole: only the 2 remembered answers").isEqualTo(2);
        commitAndFold(store, answers("d", 1));
        assertThat(lines()).isEqualTo(3);
        store.close();

        StateStore reopened = open(new RememberedAnswers.Limits(Duration.ofHours(1), 2, 1_000_000));
        assertThat(reopened.answers().find("alice", "d0")).isNotNull();
        assertThat(reopened.answers().find("alice", "c599")).isNotNull();
        assertThat(reopened.answers().find("alice", "c598")).isNull();
    }

    @Test
    void anEarlierVersionsAnswersArrayIsReadAndThenReplaced() throws Exception {
        Files.createDirectories(dir);
        Files.write(dir.resolve(StateStore.LEGACY_ANSWERS_FILE), RememberedAnswers.encode(mapper, answers("old", 2)));

        StateStore store = open(RememberedAnswers.Limits.DEFAULT);

        assertThat(store.answers().find("alice", "old1")).asString(StandardCharsets.UTF_8).isEqualTo("{\"n\":1}");
        assertThat(dir.resolve(StateStore.LEGACY_ANSWERS_FILE)).doesNotExist();
        assertThat(lines()).isEqualTo(2);
    }
}
