package io.gaia.bench;

import io.gaia.testsupport.ServiceProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A service under benchmark as an OS process on loopback, with production JVM flags (full JIT;
 * the test fixture's process runner favours start-up time instead).
 */
final class BenchProcess implements AutoCloseable {

    private final Process process;
    private final int port;

    private BenchProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static BenchProcess start(String module, String heap, Map<String, String> properties) throws Exception {
        Path root = ServiceProcess.repositoryRoot();
        Path jar = jar(root, module);
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms" + heap, "-Xmx" + heap, "-XX:+UseG1GC", "-jar", jar.toString(),
                "--server.port=" + port, "--server.address=127.0.0.1", "--logging.level.root=WARN"));
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        Path log = Files.createDirectories(root.resolve("bench/target")).resolve(module + "-" + port + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        BenchProcess service = new BenchProcess(process, port);
        service.awaitHealthy(module, log);
        return service;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    private void awaitHealthy(String module, Path log) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest health = HttpRequest.newBuilder(URI.create(url() + "/actuator/health")).timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(module + " exited; see " + log);
            }
            try {
                if (client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(module + " did not start; see " + log);
    }

    private static Path jar(Path root, String module) throws IOException {
        try (Stream<Path> files = Files.list(root.resolve(module).resolve("target"))) {
            return files.filter(p -> p.getFileName().toString().matches(module + "-[0-9].*-exec\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("build first: mvn -pl bench -am package -DskipTests"));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
