package io.gaia.session.support;

import io.gaia.testsupport.NatsTestServer;
import io.gaia.testsupport.ServiceProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * session-service in this JVM on a random port, against a real nats-server and the real
 * kb-service running as a process (one of each per test class).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
public abstract class KbBackedTest {

    @RegisterExtension
    protected static final NatsTestServer nats = new NatsTestServer();

    protected static ServiceProcess kb;
    /** kb-service's state folder. */
    protected static java.nio.file.Path kbState;

    @LocalServerPort
    protected int port;

    @BeforeAll
    static void startKb() throws Exception {
        kbState = java.nio.file.Files.createTempDirectory("gaia-kb-state");
        kb = KbProcess.start(nats.url(), kbState);
    }

    @AfterAll
    static void stopKb() throws InterruptedException {
        if (kb != null) {
            kb.stop();
            kb = null;
        }
    }

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("gaia.nats.url", nats::url);
    }

    protected String sessionUrl() {
        return "http://127.0.0.1:" + port;
    }

    protected Player join(String userId) {
        return Player.join(sessionUrl(), userId);
    }
}
