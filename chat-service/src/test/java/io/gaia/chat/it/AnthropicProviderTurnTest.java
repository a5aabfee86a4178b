package io.gaia.chat.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.testsupport.model.ModelWireServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import org.springframework.http.codec.ServerSentEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * chat-service with the Anthropic provider (Spring AI over the official SDK) talking to a loopback
 * server that speaks Anthropic's streaming wire format; kb-service and NATS are real.
 */
class AnthropicProviderTurnTest extends KbBackedChatTest {

    static final ModelWireServer model = start();

    @DynamicPropertySource
    static void provider(DynamicPropertyRegistry registry) {
        registry.add("gaia.chat.narrator.provider", () -> "anthropic");
        // Short, for the stalled-provider test (production's default is 30 s); the first request of the
        // JVM, which loads the SDK's classes, is made by a warm-up turn (see freshWorld).
        registry.add("gaia.chat.narrator.timeout", () -> "2s");
        registry.add("gaia.chat.anthropic.api-key", () -> "test-key");
        registry.add("gaia.chat.anthropic.base-url", model::url);
        registry.add("gaia.chat.anthropic.fast-model", () -> "claude-fast-test");
        registry.add("gaia.chat.anthropic.dialogue-model", () -> "claude-dialogue-test");
    }

    @AfterAll
    static void stopModel() {
        model.close();
    }

    private static boolean warm;

    @BeforeEach
    void freshWorld() throws Exception {
        if (!warm) {
            // The JVM's first model request loads the SDK (Kotlin, OkHttp, its JSON codecs): on a slow
            // machine, with other test JVMs starting beside this one, that took 2.8 s, longer than this
            // class's 2 s narrator timeout. One turn whose outcome is not looked at takes that cost.
            model.reset();
            model.then(ModelWireServer.anthropicText(Duration.ZERO, "Warm."));
            chat().turn(tokens.player(newPlayer()), "take the bottle of joy");
            warm = true;
        }
        resetWorld();
        model.reset();
    }

    @Test
    void theModelsTokensStreamAfterTheWorldUpdate() {
        model.then(ModelWireServer.anthropicText(Duration.ofMillis(20), "You lift", " the golden", " bottle; a moon", " glyph glows."));

        SseTurn turn = chat().turn(tokens.player(newPlayer()), "take the bottle of joy");

        assertThat(turn.types()).startsWith("metadata").endsWith("done").doesNotContain("error");
        assertThat(turn.firstIndexOf("world_update")).isPositive().isLessThan(turn.firstIndexOf("content"));
        assertThat(turn.narrative()).isEqualTo("You lift the golden bottle; a moon glyph glows.");
        assertThat(turn.all("content")).allSatisfy(c -> assertThat(c.path("content").asString()).matches("(?s).*(\\s|\\.)$"));
        assertThat(turn.last("metadata").path("model").asString()).isEqualTo("claude-fast-test");
        assertThat(model.requests().get(model.requests().size() - 1)).contains("claude-fast-test").contains("\"stream\":true");
    }

    @Test
    void aProviderErrorEndsTheTurnWithErrorThenDoneAndTheWorldUpdateIsStillDelivered() {
        model.then(new ModelWireServer.Reply(529, java.util.List.of(
                "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"), Duration.ZERO));

        SseTurn turn = chat().turn(tokens.player(newPlayer()), "take the bottle of energy");

        assertThat(turn.types()).contains("world_update").endsWith("error", "done");
        assertThat(turn.last("error").path("code").asString()).isEqualTo("upstream_unavailable");
    }

    @Test
    void aStalledProviderTimesOutIntoErrorThenDone() {
        model.then(ModelWireServer.anthropicText(Duration.ofSeconds(9), "Once", " upon", " a time"));

        long start = System.nanoTime();
        SseTurn turn = chat().turn(tokens.player(newPlayer()), "take the bottle of nature");

        assertThat(turn.types()).contains("world_update").endsWith("error", "done");
        assertThat(turn.last("error").path("code").asString()).isEqualTo("timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the timeout ends the turn, not the stalled stream's next token")
                .isLessThan(Duration.ofSeconds(6));
    }

    @Test
    void aSlowModelsStreamCarriesHeartbeatCommentsWhileIdle() {
        model.then(ModelWireServer.anthropicText(Duration.ofMillis(700), "Slowly", " the", " shelves", " creak."));

        List<ServerSentEvent<String>> items = chat().raw(tokens.player(newPlayer()), "take the bottle of mystery")
                .collectList().block(Duration.ofSeconds(30));

        assertThat(items).anySatisfy(item -> assertThat(item.comment()).isEqualTo("heartbeat"));
        assertThat(items.get(items.size() - 1).data()).contains("\"done\"");
    }

    @Test
    void inOpenDialogueTheModelActsThroughToolCallingAsTheUser() {
        model.then(ModelWireServer.anthropicToolUse("collect_item", "{\"instance_id\":\"bottle_mystery\"}"))
                .then(ModelWireServer.anthropicText(Duration.ZERO, "The turquoise", " bottle is yours."));

        SseTurn turn = chat().turn(tokens.player(newPlayer()), "I'd love something mysterious to take home");

        assertThat(turn.types()).contains("world_update").endsWith("done").doesNotContain("error");
        assertThat(turn.all("world_update")).as("model requests: %s, events: %s", model.requests(), turn.events())
                .anySatisfy(u -> assertThat(u.toString()).contains("bottle_mystery"));
        assertThat(turn.narrative()).isEqualTo("The turquoise bottle is yours.");
        assertThat(turn.last("metadata").path("action").asString()).isEqualTo("collect_item");
        assertThat(turn.last("metadata").path("model").asString()).isEqualTo("claude-dialogue-test");
        // The tool result went back to the model in its second request.
        assertThat(model.requests().get(model.requests().size() - 1)).contains("tool_result");
    }

    private static ModelWireServer start() {
        try {
            return new ModelWireServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
