package io.gaia.kb.support;

import io.gaia.events.GaiaJson;
import io.gaia.testsupport.NatsTestServer;
import io.gaia.testsupport.TestTokens;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * kb-service in the test's JVM, on a random port, with a nats-server and a state folder of the test
 * class's own (the repository's experiences). A subclass adds settings with {@code @TestPropertySource}
 * or a {@code @DynamicPropertySource} of its own. The context is closed after the class, so its
 * history thread stops before JUnit deletes the state folder.
 */
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class KbServiceTest {

    public static final String WOODS = "wylding-woods";
    public static final TestTokens tokens = TestTokens.development();
    public static final GaiaJson json = GaiaJson.create();

    @RegisterExtension
    public static final NatsTestServer nats = new NatsTestServer();
    @TempDir
    public static Path state;

    @LocalServerPort
    public int port;

    @DynamicPropertySource
    static void natsAndStateFolder(DynamicPropertyRegistry registry) {
        registry.add("gaia.nats.url", nats::url);
        registry.add("gaia.kb.state-dir", () -> state.toString());
    }

    /** An HTTP client of this kb-service. */
    public WebTestClient http() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(10))
                .build();
    }
}
