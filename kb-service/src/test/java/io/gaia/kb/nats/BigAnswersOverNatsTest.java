package io.gaia.kb.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaia.events.ErrorCodes;
import io.gaia.events.GaiaJson;
import io.gaia.kb.bench.BenchExperience;
import io.gaia.support.kb.KbException;
import io.gaia.support.nats.NatsConnection;
import io.gaia.testsupport.NatsTestServer;
import io.gaia.testsupport.TestTokens;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import io.gaia.events.kb.AreaOfInterest;

/**
 * An answer bigger than the server's max payload (here 64 KiB; nats-server's default is 1 MB, and a big
 * zone's area of interest is several) travels in parts and arrives whole; one above the client's
 * max response size fails with {@code payload_too_large}.
 */
// closed after the class, so its history thread stops before JUnit deletes the state folder
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class BigAnswersOverNatsTest {

    static final int MAX_PAYLOAD = 64 * 1024;
    static final int ITEMS = 2_000;

    @RegisterExtension
    static final NatsTestServer nats = NatsTestServer.withMaxPayload(MAX_PAYLOAD);
    static final Path experiences = temporary("gaia-big-experiences");
    static final Path state = temporary("gaia-big-state");
    static final TestTokens tokens = TestTokens.development();
    static NatsConnection connection;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        BenchExperience.write(experiences, ITEMS);
        registry.add("gaia.nats.url", nats::url);
        registry.add("gaia.kb.experiences-dir", experiences::toString);
        registry.add("gaia.kb.state-dir", state::toString);
    }

    @BeforeAll
    static void connect() {
        connection = KbClients.connect(nats.url());
    }

    @AfterAll
    static void disconnect() throws Exception {
        connection.destroy();
        org.springframework.util.FileSystemUtils.deleteRecursively(experiences);
        org.springframework.util.FileSystemUtils.deleteRecursively(state);
    }

    @Test
    void anAreaOfInterestManyTimesTheServersMaxPayloadArrivesWhole() {
        AreaOfInterest area = KbClients.client(connection, Duration.ofSeconds(5), KbClients.SIXTEEN_MIB,
                new SimpleMeterRegistry()).areaOfInterest(BenchExperience.ID, tokens.player("ivy")).block();
        int bytes = GaiaJson.create().write(area).length;
        assertThat(bytes).isGreaterThan(4 * MAX_PAYLOAD);
        assertThat(connection.connected().orElseThrow().getMaxPayload()).isEqualTo(MAX_PAYLOAD);
        assertThat(area.items()).extracting(placed -> placed.thing().instanceId())
                .contains("token_0", "token_" + (ITEMS - 1));
    }

    @Test
    void anAnswerAboveTheClientsMaxResponseSizeIsTooLarge() {
        assertThatThrownBy(() -> KbClients.client(connection, Duration.ofSeconds(5), 2 * MAX_PAYLOAD,
                new SimpleMeterRegistry()).areaOfInterest(BenchExperience.ID, tokens.player("jo")).block())
                .isInstanceOfSatisfying(KbException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCodes.PAYLOAD_TOO_LARGE);
                    assertThat(e.getMessage()).contains("exceeds " + (2 * MAX_PAYLOAD) + " bytes");
                });
    }

    private static Path temporary(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
