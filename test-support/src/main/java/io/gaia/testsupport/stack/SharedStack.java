package io.gaia.testsupport.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * One default {@link GaiaStack} per test JVM (its own nats-server, and kb-service on the repository's
 * experiences, no session-service), shared by the test classes that only need a fresh world: each
 * class gets it with every experience put back as authored ({@code @reset experience CONFIRM}: every
 * item in place, every player and remembered answer gone, a new epoch). Starting kb-service is most of
 * such a class's set-up, so the JVM starts it once instead of once per class.
 *
 * <p>A class that stops, kills or restarts NATS or kb-service, or needs other content or settings,
 * starts its own stack. A shared stack whose kb-service or NATS is found down is started again.
 * It is closed when the JVM exits.
 */
public final class SharedStack {

    private static GaiaStack stack;

    private SharedStack() {
    }

    /** The JVM's shared stack, every experience as authored; the first call starts it. */
    public static synchronized GaiaStack fresh() throws Exception {
        if (stack != null && !(stack.kb().isAlive() && stack.nats().isRunning())) {
            closeQuietly();
        }
        if (stack == null) {
            stack = GaiaStack.builder().sessions(0).start();
            Runtime.getRuntime().addShutdownHook(new Thread(SharedStack::closeQuietly, "shared-stack-close"));
            return stack;
        }
        stack.stopChat();
        for (String experience : experiences(stack.experiencesDir())) {
            stack.reset(experience);
        }
        return stack;
    }

    /** Gives the stack back after a class: a chat-service that class started is stopped. */
    public static synchronized void release(GaiaStack used) throws Exception {
        if (used == stack) {
            stack.stopChat();
        }
    }

    private static List<String> experiences(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(Files::isDirectory).map(path -> path.getFileName().toString()).sorted().toList();
        }
    }

    private static synchronized void closeQuietly() {
        if (stack == null) {
            return;
        }
        try {
            stack.close();
        } catch (Exception e) {
            System.err.println("closing the shared stack: " + e);
        }
        stack = null;
    }
}
