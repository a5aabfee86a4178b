package io.gaia.session.support;

import io.gaia.testsupport.NatsTestServer;
import io.gaia.testsupport.ServiceProcess;
import io.gaia.testsupport.stack.GaiaStack;
import java.nio.file.Path;
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
 * kb-service running as a process (one of each per test class): a {@link GaiaStack} without
 * session-service processes, whose {@link GaiaStack#sessionProperties()} this context binds.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
public abstract class KbBackedTest {

    @RegisterExtension
    protected static final NatsTestServer nats = new NatsTestServer();

    protected static GaiaStack stack;
    /** The stack's kb-service (stop, kill and start it to test faults). */
    protected static ServiceProcess kb;
    /** kb-service's state folder. */
    protected static Path kbState;

    @LocalServerPort
    protected int port;

    @BeforeAll
    static void startKb() throws Exception {
        stack = GaiaStack.builder().nats(nats).sessions(0).start();
        kb = stack.kb();
        kbState = stack.stateDir();
    }

    @AfterAll
    static void stopKb() throws Exception {
        if (stack != null) {
            stack.close();
            stack = null;
            kb = null;
        }
    }

    /** Read when the context starts, after every {@code @BeforeAll}: a subclass's chat-service is included. */
    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        stack.sessionProperties().forEach((key, value) -> registry.add(key, () -> value));
    }

    protected String sessionUrl() {
        return "http://127.0.0.1:" + port;
    }

    protected Player join(String userId) {
        return Player.join(sessionUrl(), userId);
    }
}
