package io.gaia.chat.it;

import io.gaia.testsupport.stack.OwnStack;
import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.ErrorCodes;
import io.gaia.testsupport.GeneratedExperience;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

/**
 * chat-service reads areas of interest from kb-service too: a 10,000-item zone (several MB) is
 * understood and acted in with the default limit, and a zone beyond it is a documented error.
 */
@OwnStack
@TestPropertySource(properties = {"gaia.chat.default-experience=big-zone", "gaia.chat.kb-timeout=20s"})
class BigZoneChatTest extends KbBackedChatTest {

    @BeforeAll
    static void startBigZoneKb() throws Exception {
        Path experiences = Files.createTempDirectory("chat-big-zone");
        GeneratedExperience.write(experiences, "big-zone", 10_000, "A brass token.");
        GeneratedExperience.write(experiences, "huge-zone", 10_000, "A brass token. " + "Worn smooth by many hands. ".repeat(80));
        startKb(experiences);
    }

    @Test
    void aPhraseInATenThousandItemZoneActsOnTheNamedItem() {
        SseTurn turn = chat().turn(tokens.player("zoe"), "take token_5");
        assertThat(turn.types()).doesNotContain("error");
        assertThat(turn.all("world_update")).anySatisfy(u -> assertThat(u.toString()).contains("\"token_5\""));
        assertThat(turn.types().get(turn.types().size() - 1)).isEqualTo("done");
    }

    @Test
    void aZoneBeyondTheLimitIsADocumentedError() {
        List<SseTurn.Received> events = chat().http().post().uri("/chat/unified")
                .header("Authorization", "Bearer " + tokens.player("yuri"))
                .contentType(MediaType.APPLICATION_JSON).accept(MediaType.TEXT_EVENT_STREAM)
                .bodyValue(Map.of("message", "look around", "experience", "huge-zone"))
                .exchangeToFlux(response -> response.bodyToFlux(String.class))
                .filter(data -> data.startsWith("{"))
                .map(data -> SseTurn.parse(data, System.nanoTime()))
                .collectList().block(Duration.ofSeconds(60));
        SseTurn turn = new SseTurn(events);
        assertThat(turn.first("error")).isNotNull();
        assertThat(turn.first("error").path("code").asString()).isEqualTo(ErrorCodes.PAYLOAD_TOO_LARGE);
    }
}
