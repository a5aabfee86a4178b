package io.gaia.kb.world;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.GaiaJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class RememberedAnswersTest {

    static final JsonMapper mapper = GaiaJson.create().mapper();

    static RememberedAnswers.Answer answer(String user, String request, long at, String json) {
        return new RememberedAnswers.Answer(user, request, at, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anAnswerIsFoundOnlyForTheUserWhoAsked() {
        RememberedAnswers answers = new RememberedAnswers(RememberedAnswers.Limits.DEFAULT);
        answers.add(answer("alice", "r1", 1_000, "{\"success\":true}"));

        assertThat(answers.find("alice", "r1")).asString(StandardCharsets.UTF_8).isEqualTo("{\"success\":true}");
        assertThat(answers.find("bob", "r1")).isNull();
        assertThat(answers.find("alice", "r2")).isNull();
    }

    @Test
    void theOldestAnswersGoFirstWhenTheCountTheBytesOrTheWindowIsExceeded() {
        RememberedAnswers byCount = new RememberedAnswers(new RememberedAnswers.Limits(Duration.ofHours(1), 2, 1_000_000));
        RememberedAnswers byBytes = new RememberedAnswers(new RememberedAnswers.Limits(Duration.ofHours(1), 100, 10));
        RememberedAnswers byAge = new RememberedAnswers(new RememberedAnswers.Limits(Duration.ofSeconds(10), 100, 1_000_000));
        for (RememberedAnswers answers : new RememberedAnswers[] {byCount, byBytes, byAge}) {
            answers.add(answer("u", "old", 0, "{\"a\":1}"));
            answers.add(answer("u", "mid", 5_000, "{}"));
            answers.add(answer("u", "new", 11_000, "{}"));
        }

        assertThat(byCount.find("u", "old")).isNull();
        assertThat(byCount.size()).isEqualTo(2);
        assertThat(byBytes.find("u", "old")).isNull();
        assertThat(byBytes.bytes()).isLessThanOrEqualTo(10);
        assertThat(byAge.find("u", "old")).isNull();
        assertThat(byAge.find("u", "mid")).isNotNull();
        assertThat(byAge.find("u", "new")).isNotNull();
    }

    @Test
    void theEncodedAnswersReadBackTheSame() {
        RememberedAnswers answers = new RememberedAnswers(RememberedAnswers.Limits.DEFAULT);
        answers.add(answer("al\"ice", "r/1", 7, "{\"message\":\"ok\",\"n\":[1,2]}"));

        var decoded = RememberedAnswers.decode(mapper, mapper.readTree(answers.encode(mapper)));

        assertThat(decoded).singleElement().satisfies(a -> {
            assertThat(a.userId()).isEqualTo("al\"ice");
            assertThat(a.requestId()).isEqualTo("r/1");
            assertThat(a.at()).isEqualTo(7);
            assertThat(mapper.readTree(a.json())).isEqualTo(mapper.readTree("{\"message\":\"ok\",\"n\":[1,2]}"));
        });
    }

    @Test
    void linesReadBackTheSameAndALineCutShortByACrashIsSkipped() {
        byte[] lines = RememberedAnswers.encodeLines(mapper, java.util.List.of(answer("alice", "r1", 7, "{\"n\":1}"),
                answer("bob", "r2", 8, "{\"n\":2}")));
        byte[] cut = java.util.Arrays.copyOf(lines, lines.length - 5);

        assertThat(RememberedAnswers.decodeLines(mapper, lines)).extracting(RememberedAnswers.Answer::requestId)
                .containsExactly("r1", "r2");
        assertThat(RememberedAnswers.decodeLines(mapper, cut)).extracting(RememberedAnswers.Answer::requestId)
                .containsExactly("r1");
    }

    @Test
    void onlyWhatWasAddedSinceTheLastSaveIsUnsavedAfterAFirstWholeSave() {
        RememberedAnswers answers = new RememberedAnswers(RememberedAnswers.Limits.DEFAULT);
        answers.add(answer("alice", "r1", 1, "{}"));
        assertThat(answers.takeUnsaved(false).whole()).as("the first save writes all").isTrue();
        answers.add(answer("alice", "r2", 2, "{}"));

        RememberedAnswers.Unsaved next = answers.takeUnsaved(false);

        assertThat(next.whole()).isFalse();
        assertThat(next.answers()).extracting(RememberedAnswers.Answer::requestId).containsExactly("r2");
        assertThat(answers.takeUnsaved(false).answers()).isEmpty();
        answers.saveWholeNext(); // e.g. the save failed
        assertThat(answers.takeUnsaved(false)).satisfies(u -> {
            assertThat(u.whole()).isTrue();
            assertThat(u.answers()).hasSize(2);
        });
    }
}
