package io.gaia.testsupport;

import io.nats.NatsServerRunner;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real {@code nats-server} with JetStream for one test class, on a random loopback port with its
 * own temporary storage directory. {@link #stop()} and {@link #start()} restart it on the same
 * port and storage, so fault tests can take NATS away and bring it back.
 *
 * <pre>{@code @RegisterExtension static final NatsTestServer nats = new NatsTestServer();}</pre>
 *
 * Uses Debian's binary ({@code nats-server} on PATH or {@code /usr/sbin/nats-server}); without
 * one, a Testcontainers {@code nats} container when a Docker engine answers; otherwise it fails
 * with instructions.
 */
public final class NatsTestServer implements BeforeAllCallback, AfterAllCallback {

    private static final List<Path> KNOWN_BINARIES = List.of(Path.of("/usr/sbin/nats-server"),
            Path.of("/usr/bin/nats-server"), Path.of("/usr/local/bin/nats-server"));

    static {
        ChildProcesses.reapOnExit();
    }

    private final Integer maxPayload;
    private Backend backend;

    public NatsTestServer() {
        this(null);
    }

    private NatsTestServer(Integer maxPayload) {
        this.maxPayload = maxPayload;
    }

    /**
     * A server whose {@code max_payload} (largest message, headers included) is {@code bytes} instead of
     * nats-server's 1 MB default, for tests of answers that must travel in parts. Needs the binary.
     */
    public static NatsTestServer withMaxPayload(int bytes) {
        return new NatsTestServer(bytes);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (backend == null) {
            backend = chooseBackend(maxPayload);
            backend.start();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (backend != null) {
            backend.close();
            backend = null;
        }
    }

    /** {@code nats://127.0.0.1:<port>}. */
    public String url() {
        return backend().url();
    }

    public int port() {
        return backend().port();
    }

    public void stop() throws Exception {
        backend().stop();
    }

    /** Starts the server again on the same port with the same JetStream storage. */
    public void start() throws Exception {
        backend().start();
    }

    public boolean isRunning() {
        return backend != null && backend.isRunning();
    }

    /** A plain client connection for assertions; the caller closes it. */
    public Connection connect() throws IOException, InterruptedException {
        return Nats.connect(new Options.Builder().server(url()).connectionTimeout(Duration.ofSeconds(5)).build());
    }

    private Backend backend() {
        if (backend == null) {
            throw new IllegalStateException("NatsTestServer is not started: register it with @RegisterExtension");
        }
        return backend;
    }

    private static Backend chooseBackend(Integer maxPayload) throws IOException {
        Path binary = findBinary();
        if (binary != null) {
            return new BinaryBackend(binary, maxPayload);
        }
        if (maxPayload != null) {
            throw new IllegalStateException("NatsTestServer.withMaxPayload needs a nats-server binary (see below)");
        }
        if (DockerBackend.dockerAvailable()) {
            return new DockerBackend();
        }
        throw new IllegalStateException("No nats-server found for tests. Install one: `sudo apt-get install -y "
                + "nats-server` (Debian/Ubuntu) or `brew install nats-server`, or set NATS_SERVER_PATH, "
                + "or run a Docker engine so a nats container can be used.");
    }

    static Path findBinary() {
        String configured = System.getenv("NATS_SERVER_PATH");
        if (configured != null && Files.isExecutable(Path.of(configured))) {
            return Path.of(configured);
        }
        String path = System.getenv().getOrDefault("PATH", "");
        Stream<Path> onPath = Stream.of(path.split(java.io.File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, "nats-server"));
        return Stream.concat(onPath, KNOWN_BINARIES.stream()).filter(Files::isExecutable).findFirst().orElse(null);
    }

    /** A loopback port free now (for a server this process or a child starts next). */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    interface Backend extends AutoCloseable {
        void start() throws Exception;

        void stop() throws Exception;

        boolean isRunning();

        String url();

        int port();
    }

    /** The real binary through jnats-server-runner, bound to loopback. */
    private static final class BinaryBackend implements Backend {
        private final Path binary;
        private int port;
        private final Path storage;
        private final Integer maxPayload;
        private NatsServerRunner runner;
        /** True once the server has listened: later starts must keep its port (clients hold the URL). */
        private boolean started;

        BinaryBackend(Path binary, Integer maxPayload) throws IOException {
            this.binary = binary;
            this.maxPayload = maxPayload;
            this.port = freePort();
            this.storage = Files.createTempDirectory("gaia-nats-test");
        }

        @Override
        public void start() throws IOException {
            if (runner != null) {
                return;
            }
            // The port was found free, then is bound by nats-server: another test JVM may take it in
            // between (three run at once). Before the first start nobody holds the URL yet, so a failed
            // first start tries new ports, at most three times.
            for (int attempt = 1; ; attempt++) {
                try {
                    startOnce();
                    started = true;
                    return;
                } catch (IOException e) {
                    if (started || attempt == 3) {
                        throw e;
                    }
                    port = freePort();
                }
            }
        }

        private void startOnce() throws IOException {
            NatsServerRunner.Builder builder = NatsServerRunner.builder()
                    .executablePath(binary)
                    .port(port)
                    .jetstream();
            if (maxPayload != null) {
                builder.configInserts(new String[] {"max_payload: " + maxPayload});
            }
            runner = builder
                    .customArgs(new String[] {"-a", "127.0.0.1", "-sd", storage.toString()})
                    // the runner's default check gives up within about a second; on a 2-core machine running
                    // several JVMs a nats-server can take longer to listen (seen: "Connection refused")
                    .connectValidateTries(60)
                    .connectValidateInitialDelay(100L)
                    .connectValidateSubsequentDelay(250L)
                    .outputLevel(Level.WARNING)
                    .build();
        }

        @Override
        public void stop() throws InterruptedException {
            if (runner != null) {
                runner.shutdown(true);
                runner = null;
            }
        }

        @Override
        public boolean isRunning() {
            return runner != null;
        }

        @Override
        public String url() {
            return "nats://127.0.0.1:" + port;
        }

        @Override
        public int port() {
            return port;
        }

        @Override
        public void close() throws Exception {
            stop();
            Folders.deleteQuietly(storage);
        }
    }
}
