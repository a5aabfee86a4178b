package io.gaia.chat.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.testsupport.model.ModelWireServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The OpenAI-compatible provider (as for a local Ollama/vLLM/llama.cpp) against a loopback server speaking that wire format. */
class OpenAiCompatibleProviderTurnTest extends KbBackedChatTest {

    static final ModelWireServer model = start();

    @DynamicPropertySource
    static void provider(DynamicPropertyRegistry registry) {
        registry.add("gaia.chat.narrator.provider", () -> "openai");
        registry.add("gaia.chat.openai.base-url", () -> model.url() + "/v1");
        registry.add("gaia.chat.openai.fast-model", () -> "llama-local");
        registry.add("gaia.chat.openai.dialogue-model", () -> "llama-local-big");
    }

    @AfterAll
    static void stopModel() {
        model.close();
    }

    @Test
    void aLocalModelNarratesTheTurnAfterItsWorldUpdate() throws Exception {
        resetWorld();
        model.then(ModelWireServer.openAiText(Duration.ofMillis(10), "Amber", " light spills", " from the", " bottle."));

        SseTurn turn = chat().turn(tokens.player(newPlayer()), "grab the bottle of energy");

        assertThat(turn.firstIndexOf("world_update")).isPositive().isLessThan(turn.firstIndexOf("content"));
        assertThat(turn.narrative()).isEqualTo("Amber light spills from the bottle.");
        assertThat(turn.last("metadata").path("model").asString()).isEqualTo("llama-local");
        assertThat(model.paths()).contains("/v1/chat/completions");
    }

    private static ModelWireServer start() {
        try {
            return new ModelWireServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
