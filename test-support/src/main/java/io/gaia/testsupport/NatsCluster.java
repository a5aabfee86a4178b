package io.gaia.testsupport;

import io.gaia.events.GaiaJson;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * A real JetStream cluster of {@code nats-server} processes on loopback, for tests of what must
 * survive a node: every node has its own random client, cluster-route and monitoring port and its
 * own temporary store directory. {@link #kill(int)} (SIGKILL), {@link #stop(int)} (SIGTERM) and
 * {@link #restart(int)} (same ports, same store) take single nodes away and bring them back.
 *
 * <pre>{@code try (NatsCluster cluster = NatsCluster.start(3)) {
 *     Connection nc = cluster.connect();   // knows every node, reconnects to a survivor
 * }}</pre>
 *
 * Every wait is bounded and fails with the node's log tail. {@link #close()} kills every node it
 * started and deletes the store directories.
 */
public final class NatsCluster implements AutoCloseable {

    static {
        ChildProcesses.reapOnExit();
    }

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(10);
    private static final String CLUSTER_NAME = "gaia-test";

    private final Path binary;
    private final Path root;
    private final List<Node> nodes;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final GaiaJson json = GaiaJson.create();

    private NatsCluster(Path binary, Path root, List<Node> nodes) {
        this.binary = binary;
        this.root = root;
        this.nodes = nodes;
    }

    /** Starts {@code size} nodes and waits until JetStream has a meta leader known to all of them. */
    public static NatsCluster start(int size) throws IOException, InterruptedException {
        // The ports are found free, then bound by nats-server: another test JVM may take one in between
        // (three run at once). A node that exits with "address already in use" means new ports, not a failure.
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(size);
            } catch (IllegalStateException e) {
                if (attempt == 3 || e.getMessage() == null || !e.getMessage().contains("address already in use")) {
                    throw e;
                }
            }
        }
    }

    private static NatsCluster startOnce(int size) throws IOException, InterruptedException {
        Path binary = NatsTestServer.findBinary();
        if (binary == null) {
            throw new IllegalStateException("NatsCluster needs the nats-server binary (apt-get install nats-server, "
                    + "or set NATS_SERVER_PATH)");
        }
        Path root = Files.createTempDirectory("gaia-nats-cluster");
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            nodes.add(new Node(i, NatsTestServer.freePort(), NatsTestServer.freePort(), NatsTestServer.freePort(),
                    root.resolve("n" + i)));
        }
        NatsCluster cluster = new NatsCluster(binary, root, nodes);
        try {
            for (Node node : nodes) {
                cluster.launch(node);
            }
            cluster.awaitJetStreamReady(nodes);
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    public int size() {
        return nodes.size();
    }

    /** Every node's client URL, comma-joined: what {@link Options.Builder#server(String)} takes for a cluster. */
    public String urls() {
        return nodes.stream().map(Node::url).collect(Collectors.joining(","));
    }

    /** {@code nats://127.0.0.1:<port>} of node {@code i}. */
    public String url(int i) {
        return node(i).url();
    }

    public String serverName(int i) {
        return node(i).name();
    }

    public boolean isRunning(int i) {
        Process process = node(i).process;
        return process != null && process.isAlive();
    }

    /** The operating-system process id of node {@code i}, for checks that nothing outlives a test. */
    public long pid(int i) {
        Process process = node(i).process;
        if (process == null) {
            throw new IllegalStateException(node(i).name() + " is not running");
        }
        return process.pid();
    }

    /** A client connection that knows every node and reconnects forever; the caller closes it. */
    public Connection connect() throws IOException, InterruptedException {
        return Nats.connect(options().build());
    }

    /** Options for a client of the whole cluster: all nodes, quick reconnects, no give-up. */
    public Options.Builder options() {
        return new Options.Builder()
                .servers(nodes.stream().map(Node::url).toArray(String[]::new))
                .connectionTimeout(Duration.ofSeconds(2))
                .reconnectWait(Duration.ofMillis(100))
                .maxReconnects(-1);
    }

    /**
     * The index of the node that leads JetStream stream {@code stream} now (from its cluster info), or -1
     * while the stream has no leader or does not exist.
     */
    public int streamLeader(String stream) throws IOException, InterruptedException {
        try (Connection nc = connect()) {
            var info = nc.jetStreamManagement().getStreamInfo(stream).getClusterInfo();
            String leader = info == null ? null : info.getLeader();
            for (Node node : nodes) {
                if (node.name().equals(leader)) {
                    return node.index();
                }
            }
            return -1;
        } catch (io.nats.client.JetStreamApiException noSuchStream) {
            return -1;
        }
    }

    /** The JetStream streams (KV buckets included, as {@code KV_<bucket>}) whose leader is node {@code i} now. */
    public List<String> streamsLedBy(int i) throws IOException, InterruptedException {
        String name = node(i).name();
        List<String> led = new ArrayList<>();
        try (Connection nc = connect()) {
            var jsm = nc.jetStreamManagement();
            for (String stream : jsm.getStreamNames()) {
                var info = jsm.getStreamInfo(stream).getClusterInfo();
                if (info != null && name.equals(info.getLeader())) {
                    led.add(stream);
                }
            }
        } catch (io.nats.client.JetStreamApiException e) {
            led.add("? (" + e.getMessage() + ")");
        }
        return led;
    }

    /** SIGKILL: the node dies at once, without telling its peers or clients. */
    public void kill(int i) throws InterruptedException {
        end(node(i), true);
    }

    /** SIGTERM: the node shuts down cleanly. */
    public void stop(int i) throws InterruptedException {
        end(node(i), false);
    }

    /** Starts node {@code i} again on its ports and store, and waits until it is back in the JetStream cluster. */
    public void restart(int i) throws IOException, InterruptedException {
        Node node = node(i);
        if (isRunning(i)) {
            throw new IllegalStateException(node.name() + " is still running");
        }
        launch(node);
        awaitJetStreamReady(List.of(node));
    }

    /** The meta leader's server name as node {@code i} sees it ({@code ""} while there is none). */
    public String metaLeader(int i) {
        try {
            JsonNode jsz = json.readTree(get(node(i), "/jsz"));
            JsonNode leader = jsz.path("meta_cluster").path("leader");
            return leader.isMissingNode() || leader.isNull() ? "" : leader.asString();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Node node : nodes) {
            end(node, true);
        }
        Folders.deleteQuietly(root);
    }

    private Node node(int i) {
        if (i < 0 || i >= nodes.size()) {
            throw new IllegalArgumentException("no node " + i + " in a cluster of " + nodes.size());
        }
        return nodes.get(i);
    }

    private void launch(Node node) throws IOException {
        Files.createDirectories(node.store());
        String routes = nodes.stream().filter(other -> other != node)
                .map(other -> "nats://127.0.0.1:" + other.clusterPort()).collect(Collectors.joining(","));
        List<String> command = List.of(binary.toString(),
                "-a", "127.0.0.1", "-p", String.valueOf(node.clientPort()),
                "-m", String.valueOf(node.monitorPort()),
                "-js", "-sd", node.store().toString(),
                "--server_name", node.name(),
                "--cluster_name", CLUSTER_NAME,
                "--cluster", "nats://127.0.0.1:" + node.clusterPort(),
                "--routes", routes);
        node.process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(node.log().toFile()))
                .start();
    }

    private void end(Node node, boolean kill) throws InterruptedException {
        Process process = node.process;
        if (process == null) {
            return;
        }
        if (kill) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        if (!process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        node.process = null;
    }

    /**
     * Waits until each given node answers its monitoring port, has JetStream running and reports the same
     * meta leader. (A restarted node's streams may still be catching up: clients ride that out.)
     */
    private void awaitJetStreamReady(List<Node> waitFor) throws InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (true) {
            List<String> leaders = waitFor.stream().map(node -> metaLeader(node.index())).toList();
            boolean healthy = waitFor.stream().allMatch(this::healthy);
            if (healthy && leaders.stream().noneMatch(String::isEmpty) && leaders.stream().distinct().count() == 1) {
                return;
            }
            for (Node node : waitFor) {
                if (node.process == null || !node.process.isAlive()) {
                    throw new IllegalStateException(node.name() + " exited while starting:\n" + logTail(node));
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("JetStream cluster not ready within " + READY_TIMEOUT
                        + " (meta leaders seen: " + leaders + "); log of " + waitFor.get(0).name() + ":\n"
                        + logTail(waitFor.get(0)));
            }
            Thread.sleep(100);
        }
    }

    private boolean healthy(Node node) {
        try {
            HttpResponse<String> response = http.send(request(node, "/healthz?js-server-only=true"), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String get(Node node, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request(node, path), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(path + " answered " + response.statusCode());
        }
        return response.body();
    }

    private static HttpRequest request(Node node, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.monitorPort() + path))
                .timeout(Duration.ofSeconds(1)).GET().build();
    }

    private static String logTail(Node node) {
        try {
            List<String> lines = Files.readAllLines(node.log(), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }


    private static final class Node {
        private final int index;
        private final int clientPort;
        private final int clusterPort;
        private final int monitorPort;
        private final Path dir;
        private volatile Process process;

        Node(int index, int clientPort, int clusterPort, int monitorPort, Path dir) {
            this.index = index;
            this.clientPort = clientPort;
            this.clusterPort = clusterPort;
            this.monitorPort = monitorPort;
            this.dir = dir;
        }

        int index() {
            return index;
        }

        String name() {
            return "n" + index;
        }

        String url() {
            return "nats://127.0.0.1:" + clientPort;
        }

        int clientPort() {
            return clientPort;
        }

        int clusterPort() {
            return clusterPort;
        }

        int monitorPort() {
            return monitorPort;
        }

        Path store() {
            return dir.resolve("store");
        }

        Path log() {
            return dir.resolve("server.log");
        }
    }
}
