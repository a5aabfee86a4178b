package io.gaia.reliability.stack;

import io.gaia.testsupport.ServiceProcess;
import io.gaia.testsupport.stack.GaiaStack;
import java.util.Map;

/**
 * The system under test for the reliability drills: a {@link GaiaStack} whose kb-service serves the
 * repository's Wylding Woods plus the generated {@link DrillExperience}, folds often and records
 * history every second, with its state in a folder of the stack's own; or the clustered layout of
 * the same ({@link #startClustered}).
 */
public final class DrillStack {

    private DrillStack() {
    }

    /** Starts everything for {@code players} drill players; {@code sessionProperties} tune session-service. */
    public static GaiaStack start(int players, Map<String, String> sessionProperties) throws Exception {
        return start(players, sessionProperties, Map.of(), false);
    }

    /**
     * As {@link #start(int, Map)}, with {@code everyService} properties given to each service, and
     * chat-service too when {@code withChat} (session-service's chat relay then points at it).
     */
    public static GaiaStack start(int players, Map<String, String> sessionProperties, Map<String, String> everyService,
                                  boolean withChat) throws Exception {
        GaiaStack.Builder builder = builder(players).everyService(everyService).sessionProperties(sessionProperties);
        if (withChat) {
            builder.withChat();
        }
        return builder.start();
    }

    /**
     * The clustered layout ({@link GaiaStack.Builder#clustered()}): a 3-node NATS cluster, three kb-service
     * instances sharing the experiences through leases with the JetStream journal at replicas 3 (each its
     * own state folder), and one session-service that knows every NATS node.
     */
    public static GaiaStack startClustered(int players) throws Exception {
        return builder(players).clustered().start();
    }

    private static GaiaStack.Builder builder(int players) {
        return GaiaStack.builder()
                .experiences(folder -> {
                    GaiaStack.copyExperience(ServiceProcess.repositoryRoot().resolve("experiences/wylding-woods"), folder);
                    DrillExperience.write(folder, players);
                })
                .kbProperties(Map.of("gaia.kb.fold-interval", "500ms", "gaia.kb.history.interval", "1s"));
    }
}
