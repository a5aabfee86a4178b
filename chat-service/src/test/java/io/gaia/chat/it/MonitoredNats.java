package io.gaia.chat.it;

import io.nats.NatsServerRunner;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Stream;
import io.gaia.events.GaiaJson;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import tools.jackson.databind.JsonNode;

/**
 * A real nats-server with JetStream and its HTTP monitoring port, so tests can ask the server
 * itself how many subscriptions a client holds ({@code /connz?subs=1}). Stop/start keep port and storage.
 */
public final class MonitoredNats implements BeforeAllCallback, AfterAllCallback {

    private final int port;
    private final int monitorPort;
    private final Path storage;
    private NatsServerRunner runner;

    public MonitoredNats() {
        try {
            port = freePort();
            monitorPort = freePort();
            storage = Files.createTempDirectory("chat-nats");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stop();
    }

    public synchronized void start() throws IOException {
        if (runner == null) {
            runner = NatsServerRunner.builder()
                    .executablePath(binary())
                    .port(port)
                    .jetstream()
                    .customArgs(new String[] {"-a", "127.0.0.1", "-sd", storage.toString(), "-m", String.valueOf(monitorPort)})
                    .outputLevel(Level.WARNING)
                    .build();
        }
    }

    public synchronized void stop() throws InterruptedException {
        if (runner != null) {
            runner.shutdown(true);
            runner = null;
        }
    }

    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    /** Subscriptions the server holds for connections whose name contains {@code connectionName}. */
    public int subscriptionsOf(String connectionName) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + monitorPort + "/connz?subs=1&limit=1024")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode connz = GaiaJson.create().readTree(response.body());
        int total = 0;
        for (JsonNode connection : connz.path("connections")) {
            if (connection.path("name").asString("").contains(connectionName)) {
                total += connection.path("subscriptions").asInt();
            }
        }
        return total;
    }

    private static Path binary() {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.concat(Stream.of(path.split(java.io.File.pathSeparator)).filter(d -> !d.isBlank()).map(d -> Path.of(d, "nats-server")),
                        List.of(Path.of("/usr/sbin/nats-server"), Path.of("/usr/bin/nats-server")).stream())
                .filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new IllegalStateException("nats-server not found; apt-get install nats-server"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
