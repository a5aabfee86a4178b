package io.gaia.session.support;

import io.gaia.testsupport.NatsTestServer;
import io.gaia.testsupport.ServiceProcess;
import io.gaia.testsupport.stack.GaiaStack;
import java.nio.file.Path;
import io.gaia.testsupport.stack.OwnStack;
import io.gaia.testsupport.stack.SharedStack;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * session-service in this JVM on a random port, against a real nats-server and the real kb-service
 * running as a process: the test JVM's {@link SharedStack} with every experience put back as authored,
 * or a {@link GaiaStack} of the class's own when it is marked {@link OwnStack}. Either has no
 * session-service process; this context binds its {@link GaiaStack#sessionProperties()}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
public abstract class KbBackedTest {

    @RegisterExtension
    static final Stacks stacks = new Stacks();

    /** The stack's nats-server (only an {@link OwnStack} class may stop it). */
    protected static NatsTestServer nats;
    protected static GaiaStack stack;
    /** The stack's kb-service (only an {@link OwnStack} class may stop, kill or start it). */
    protected static ServiceProcess kb;
    /** kb-service's state folder. */
    protected static Path kbState;

    @LocalServerPort
    protected int port;

    /** Before the class's own {@code @BeforeAll} methods and its context: the stack, shared or its own. */
    static final class Stacks implements BeforeAllCallback, AfterAllCallback {
        private boolean owned;

        @Override
        public void beforeAll(ExtensionContext context) throws Exception {
            OwnStack own = context.getRequiredTestClass().getAnnotation(OwnStack.class);
            owned = own != null;
            stack = owned ? OwnStack.Starter.start(own, 0) : SharedStack.fresh();
            nats = stack.nats();
            kb = stack.kb();
            kbState = stack.stateDir();
        }

        @Override
        public void afterAll(ExtensionContext context) throws Exception {
            try {
                if (stack != null) {
                    if (owned) {
                        stack.close();
                    } else {
                        SharedStack.release(stack);
                    }
                }
            } finally {
                stack = null;
                nats = null;
                kb = null;
                kbState = null;
            }
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
