package io.gaia.chat.narrative;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaia.testsupport.model.ModelWireServer;
import io.gaia.chat.config.ChatProperties;
import io.gaia.chat.intent.Intent;
import io.gaia.chat.intent.IntentResolverTestSupport;
import io.gaia.events.GaiaJson;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The real Spring AI clients (over the official Anthropic and OpenAI SDKs) against a loopback server speaking each wire format. */
class HostedNarratorTest {

    private final ModelWireServer server;

    HostedNarratorTest() throws Exception {
        server = new ModelWireServer();
    }

    @AfterEach
    void close() {
        server.close();
    }

    @Test
    void anthropicTokensStreamThroughAsTheyArrive() throws Exception {
        server.then(ModelWireServer.anthropicText(Duration.ofMillis(30), "You lift", " the gol", "den bottle", "."));
        HostedNarrator narrator = NarratorConfiguration.anthropic(hosted(server.url()), GaiaJson.create());

        List<String> chunks = ContentChunker.chunk(narrator.narrate(chat("hello"))).collectList().block(Duration.ofSeconds(20));

        assertThat(chunks).containsExactly("You ", "lift the ", "golden ", "bottle.");
        assertThat(server.paths()).containsExactly("/v1/messages");
        assertThat(server.requests().get(0)).contains("\"stream\":true").contains("claude-dialogue");
    }

    @Test
    void openAiCompatibleTokensStreamThrough() throws Exception {
        server.then(ModelWireServer.openAiText(Duration.ZERO, "Louisa ", "smiles", " softly."));
        HostedNarrator narrator = NarratorConfiguration.openai(hosted(server.url() + "/v1"), GaiaJson.create());

        String text = String.join("", narrator.narrate(chat("hi")).collectList().block(Duration.ofSeconds(20)));

        assertThat(text).isEqualTo("Louisa smiles softly.");
        assertThat(server.paths()).containsExactly("/v1/chat/completions");
        assertThat(server.requests().get(0)).contains("\"stream\":true").contains("claude-dialogue");
    }

    @Test
    void aProviderErrorSurfacesAsAnErrorOfTheStream() throws Exception {
        server.then(new ModelWireServer.Reply(529, List.of("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"),
                Duration.ZERO));
        HostedNarrator narrator = NarratorConfiguration.anthropic(hosted(server.url()), GaiaJson.create());

        assertThatThrownBy(() -> narrator.narrate(chat("hello")).collectList().block(Duration.ofSeconds(20)))
                .isNotNull();
    }

    private static ChatProperties.Hosted hosted(String baseUrl) {
        return new ChatProperties.Hosted("test-key", baseUrl, "claude-fast", "claude-dialogue", 256, Duration.ofSeconds(10));
    }

    private static Narration chat(String said) throws Exception {
        return new Narration(Narration.Kind.CHAT, said, new Intent.Chat(said), null, IntentResolverTestSupport.world(),
                List.of(), TurnActions.NONE);
    }
}
