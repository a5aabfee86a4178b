package io.gaia.testsupport;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Kills every process this JVM started (services, nats-servers) when the JVM exits, so a test run
 * that is stopped or fails hard leaves no orphan behind. A {@code SIGKILL} of the JVM itself runs no
 * hook; nothing in Java can cover that.
 */
public final class ChildProcesses {

    private static final AtomicBoolean INSTALLED = new AtomicBoolean();

    private ChildProcesses() {
    }

    /** Installs the shutdown hook once per JVM. */
    public static void reapOnExit() {
        if (INSTALLED.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(
                    () -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly),
                    "child-process-reaper"));
        }
    }
}
