package io.gaia.testsupport;

import java.util.List;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.FixedHostPortGenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * Fallback for machines without a nats-server binary but with a Docker engine: the official
 * {@code nats} image with JetStream, published on a fixed loopback port so a restart keeps the URL.
 * (JetStream storage lives in the container, so it does not survive {@link #stop()}.)
 */
final class DockerBackend implements NatsTestServer.Backend {

    private final int port;
    private FixedHostPortGenericContainer<?> container;

    DockerBackend() throws java.io.IOException {
        this.port = NatsTestServer.freePort();
    }

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    @SuppressWarnings("resource")
    @Override
    public void start() {
        if (container != null) {
            return;
        }
        container = new FixedHostPortGenericContainer<>("nats:2.10-alpine")
                .withFixedExposedPort(port, 4222)
                .withCommand("-js")
                .waitingFor(Wait.forLogMessage(".*Server is ready.*", 1));
        container.setPortBindings(List.of("127.0.0.1:" + port + ":4222"));
        container.start();
    }

    @Override
    public void stop() {
        if (container != null) {
            container.stop();
            container = null;
        }
    }

    @Override
    public boolean isRunning() {
        return container != null;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        stop();
    }
}
