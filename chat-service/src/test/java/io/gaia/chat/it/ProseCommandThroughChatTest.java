package io.gaia.chat.it;

import io.gaia.testsupport.stack.OwnStack;
import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.testsupport.ServiceProcess;
import io.gaia.testsupport.model.ModelWireServer;
import io.gaia.testsupport.stack.GaiaStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A command page written as prose, through chat, both passes on a language model: kb-service (a real
 * process) asks the model for the logic pass and applies its patch; chat-service streams that
 * world_update, then narrates (the second pass) from the same loopback model server.
 */
@OwnStack
class ProseCommandThroughChatTest extends KbBackedChatTest {

    static final ModelWireServer model = start();

    @BeforeAll
    static void startKbWithAModel() throws Exception {
        Path experiences = Files.createTempDirectory("chat-prose-command");
        GaiaStack.copyExperience(ServiceProcess.repositoryRoot().resolve("experiences/wylding-woods"), experiences);
        io.gaia.testsupport.model.ProsePages.writeSing(experiences.resolve("wylding-woods"));
        startKb(experiences, Map.of("gaia.kb.interpreter.provider", "anthropic",
                "gaia.kb.interpreter.api-key", "test-key",
                "gaia.kb.interpreter.base-url", model.url(),
                "gaia.kb.interpreter.model", "claude-logic-test"));
    }

    @DynamicPropertySource
    static void narrator(DynamicPropertyRegistry registry) {
        registry.add("gaia.chat.narrator.provider", () -> "anthropic");
        registry.add("gaia.chat.anthropic.api-key", () -> "test-key");
        registry.add("gaia.chat.anthropic.base-url", model::url);
        registry.add("gaia.chat.anthropic.fast-model", () -> "claude-narrator-test");
    }

    @AfterAll
    static void stopModel() {
        model.close();
    }

    @Test
    void theModelsPatchIsAppliedAndItsWorldUpdateStreamsBeforeTheNarrative() {
        model.then(ModelWireServer.anthropicText(Duration.ZERO, "{\"success\": true, \"message\": \"Louisa hums along.\", ",
                        "\"effects\": [{\"set_npc_state\": {\"npc\": \"louisa\", \"state\": {\"mood\": \"delighted\"}}}]}"))
                .then(ModelWireServer.anthropicText(Duration.ofMillis(10), "Your song", " fills the shop;", " Louisa hums along."));

        SseTurn turn = chat().turn(tokens.player(newPlayer()), "sing a song");

        assertThat(turn.types()).as("%s", turn.events()).endsWith("done").doesNotContain("error");
        assertThat(turn.firstIndexOf("world_update")).isPositive().isLessThan(turn.firstIndexOf("content"));
        assertThat(turn.all("world_update")).anySatisfy(u -> assertThat(u.toString()).contains("delighted"));
        assertThat(turn.narrative()).isEqualTo("Your song fills the shop; Louisa hums along.");
        assertThat(model.requests()).hasSize(2);
        assertThat(model.requests().get(0)).contains("claude-logic-test").contains("her mood becomes delighted");
        assertThat(model.requests().get(1)).contains("claude-narrator-test");
    }

    private static ModelWireServer start() {
        try {
            return new ModelWireServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
