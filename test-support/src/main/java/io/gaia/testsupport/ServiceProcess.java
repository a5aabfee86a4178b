package io.gaia.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A GAIA service as a real OS process ({@code java -jar <module>/target/<module>-*.jar}) on a free
 * loopback port, for tests that need another service or need to kill one ({@link #kill()} is
 * SIGKILL). The jar is the one the reactor build packaged before this module's tests ran (run
 * unpacked with the test flags: see {@link #runnableJar}); its
 * output goes to {@code target/service-logs/}, and the tail of it is in the message when the service
 * fails to start. A process still alive when the JVM exits is killed then ({@link ChildProcesses}).
 * Stacks of several services: {@link io.gaia.testsupport.stack.GaiaStack}.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);
    static {
        ChildProcesses.reapOnExit();
    }

    private final String module;
    private final Path jar;
    private final Map<String, String> properties;
    private final JvmLaunch launch;
    private final int port;
    private final Path log;
    private Process process;

    private ServiceProcess(String module, Map<String, String> properties, JvmLaunch launch) throws IOException {
        this.module = module;
        this.jar = findJar(module);
        this.properties = new LinkedHashMap<>(properties);
        this.launch = launch;
        this.port = NatsTestServer.freePort();
        Path logs = Path.of("target", "service-logs");
        Files.createDirectories(logs);
        this.log = logs.resolve(module + "-" + port + ".log");
    }

    /** Starts {@code module} (e.g. "kb-service") with Spring properties and waits until its health answers. */
    public static ServiceProcess start(String module, Map<String, String> properties) throws Exception {
        return start(module, properties, JvmLaunch.TEST);
    }

    /** As {@link #start(String, Map)}, launched as {@code launch} says (e.g. {@link JvmLaunch#production} for benchmarks). */
    public static ServiceProcess start(String module, Map<String, String> properties, JvmLaunch launch) throws Exception {
        ServiceProcess service = new ServiceProcess(module, properties, launch);
        service.start();
        return service;
    }

    public String module() {
        return module;
    }

    public synchronized void start() throws Exception {
        if (process != null && process.isAlive()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of(JvmLaunch.javaBinary()));
        command.addAll(launch.flags());
        command.addAll(List.of("-jar", runnableJar().toString(), "--server.port=" + port, "--server.address=127.0.0.1"));
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        awaitHealthy();
    }

    /** SIGKILL: no shutdown hooks, no flushing; what is on disk is what survives. */
    public synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor();
            process = null;
        }
    }

    /** SIGTERM and wait for a graceful exit. */
    public synchronized void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            process = null;
        }
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public Path logFile() {
        return log;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private void awaitHealthy() throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create(url() + "/actuator/health"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(module + " exited with " + process.exitValue() + "; see "
                        + log.toAbsolutePath() + logTail());
            }
            try {
                if (client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        kill();
        throw new IllegalStateException(module + " did not become healthy in " + STARTUP_TIMEOUT + "; see "
                + log.toAbsolutePath() + logTail());
    }

    private Path runnableJar() throws IOException, InterruptedException {
        return launch.unpacked() ? ExtractedJar.of(jar) : jar;
    }

    /** The last lines of the log, so a failed start explains itself in the test report. */
    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return "\n--- last lines of " + log.getFileName() + " ---\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException | RuntimeException unreadable) {
            return "";
        }
    }


    static Path findJar(String module) throws IOException {
        Path target = repositoryRoot().resolve(module).resolve("target");
        if (Files.isDirectory(target)) {
            try (Stream<Path> files = Files.list(target)) {
                var jar = files.filter(p -> p.getFileName().toString().matches(module + "-[0-9].*-exec\\.jar"))
                        .findFirst();
                if (jar.isPresent()) {
                    return jar.get();
                }
            }
        }
        throw new IllegalStateException("No runnable jar for " + module + " under " + target
                + ". Build it first: mvn -q -pl " + module + " -am package -DskipTests");
    }

    /** The monorepo root: the nearest folder upwards whose pom.xml lists the shared-events module. */
    public static Path repositoryRoot() throws IOException {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path pom = dir.resolve("pom.xml");
            if (Files.exists(pom) && Files.readString(pom).contains("<module>shared-events</module>")) {
                return dir;
            }
        }
        throw new IllegalStateException("not inside the GAIA repository: " + Path.of("").toAbsolutePath());
    }
}
