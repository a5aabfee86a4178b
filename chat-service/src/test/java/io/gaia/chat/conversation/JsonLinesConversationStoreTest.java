package io.gaia.chat.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.GaiaJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesConversationStoreTest {

    @TempDir
    Path dir;

    @Test
    void turnsSurviveANewStoreOnTheSameFolder() {
        ConversationStore first = new JsonLinesConversationStore(dir, GaiaJson.create());
        first.create("c-1", "alice", "wylding-woods").block();
        first.append("c-1", ConversationTurn.user("take the bottle of joy")).block();
        first.append("c-1", new ConversationTurn("assistant", "You lift it.", 1L, "collect_item",
                Map.of("success", true), List.of())).block();

        Conversation reloaded = new JsonLinesConversationStore(dir, GaiaJson.create()).find("c-1").block();

        assertThat(reloaded.userId()).isEqualTo("alice");
        assertThat(reloaded.experience()).isEqualTo("wylding-woods");
        assertThat(reloaded.turns()).extracting(ConversationTurn::role, ConversationTurn::content)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("user", "take the bottle of joy"),
                        org.assertj.core.groups.Tuple.tuple("assistant", "You lift it."));
        assertThat(reloaded.turns().get(1).action()).isEqualTo("collect_item");
    }

    @Test
    void aLineTornByACrashIsSkippedAndTheRestIsKept() throws Exception {
        ConversationStore store = new JsonLinesConversationStore(dir, GaiaJson.create());
        store.create("c-2", "bob", "wylding-woods").block();
        store.append("c-2", ConversationTurn.user("hello")).block();
        Files.writeString(dir.resolve("c-2.jsonl"), "{\"role\":\"assis", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        assertThat(store.find("c-2").block().turns()).extracting(ConversationTurn::content).containsExactly("hello");
    }

    @Test
    void anUnknownConversationIsEmpty() {
        assertThat(new JsonLinesConversationStore(dir, GaiaJson.create()).find("nope").blockOptional()).isEmpty();
    }

    @Test
    void aSecondCreateOfOneIdIsRefusedAsTakenAndLeavesTheFirstIntact() {
        ConversationStore store = new JsonLinesConversationStore(dir, GaiaJson.create());
        store.create("c-3", "alice", "wylding-woods").block();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.create("c-3", "bob", "wylding-woods").block())
                .isInstanceOf(ConversationTakenException.class);
        assertThat(store.find("c-3").block().userId()).isEqualTo("alice");
    }

    @Test
    void aTurnForAConversationThatWasNeverCreatedIsRefusedAndWritesNoFile() {
        ConversationStore store = new JsonLinesConversationStore(dir, GaiaJson.create());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.append("c-4", ConversationTurn.user("hi")).block())
                .isNotNull();
        assertThat(dir.resolve("c-4.jsonl")).doesNotExist();
    }
}
