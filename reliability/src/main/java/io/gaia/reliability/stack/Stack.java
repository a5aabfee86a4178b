package io.gaia.reliability.stack;

import io.gaia.testsupport.NatsTestServer;
import io.gaia.testsupport.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The system under test as real processes on loopback: a nats-server with JetStream, kb-service
 * (the repository's experiences plus the generated {@link DrillExperience}, state in a temp folder)
 * and session-service. Each part can be stopped, killed and started again on the same port.
 */
public final class Stack implements AutoCloseable {

    private final NatsTestServer nats = new NatsTestServer();
    private final Path work;
    private final Path state;
    private ServiceProcess kb;
    private ServiceProcess chat;
    private ServiceProcess session;

    private Stack(Path work) {
        this.work = work;
        this.state = work.resolve("state");
    }

    /** Starts everything for {@code players} drill players; {@code sessionProperties} tune session-service. */
    public static Stack start(int players, Map<String, String> sessionProperties) throws Exception {
        return start(players, sessionProperties, Map.of(), false);
    }

    /**
     * As {@link #start(int, Map)}, with {@code everyService} properties given to each service, and
     * chat-service too when {@code withChat} (session-service's chat relay then points at it).
     */
    public static Stack start(int players, Map<String, String> sessionProperties, Map<String, String> everyService,
                              boolean withChat) throws Exception {
        Stack stack = new Stack(Files.createTempDirectory("gaia-reliability"));
        try {
            stack.boot(players, sessionProperties, everyService, withChat);
        } catch (Exception e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    private void boot(int players, Map<String, String> sessionProperties, Map<String, String> everyService,
                      boolean withChat) throws Exception {
        nats.beforeAll(null);
        Path experiences = work.resolve("experiences");
        Files.createDirectories(experiences);
        Path repository = ServiceProcess.repositoryRoot().resolve("experiences");
        copyTree(repository.resolve("wylding-woods"), experiences.resolve("wylding-woods"));
        DrillExperience.write(experiences, players);
        Map<String, String> kbProperties = new LinkedHashMap<>(everyService);
        kbProperties.putAll(Map.of(
                "gaia.nats.url", nats.url(),
                "gaia.kb.experiences-dir", experiences.toString(),
                "gaia.kb.state-dir", state.toString(),
                "gaia.kb.fold-interval", "500ms",
                "gaia.kb.history.interval", "1s"));
        kb = ServiceProcess.start("kb-service", kbProperties);
        Map<String, String> session = new LinkedHashMap<>(everyService);
        if (withChat) {
            Map<String, String> chatProperties = new LinkedHashMap<>(everyService);
            chatProperties.putAll(Map.of("gaia.nats.url", nats.url(), "gaia.chat.conversations.dir", work.resolve("conversations").toString()));
            chat = ServiceProcess.start("chat-service", chatProperties);
            session.put("gaia.session.chat-url", chat.url());
        }
        session.putAll(sessionProperties);
        session.put("gaia.nats.url", nats.url());
        this.session = ServiceProcess.start("session-service", session);
    }

    public NatsTestServer nats() {
        return nats;
    }

    public ServiceProcess kb() {
        return kb;
    }

    public ServiceProcess session() {
        return session;
    }

    /** chat-service, or null when the stack was started without it. */
    public ServiceProcess chat() {
        return chat;
    }

    /** kb-service's state folder for one experience (state files, commit records, git history above it). */
    public Path stateOf(String experience) {
        return state.resolve(experience);
    }

    public Path stateRoot() {
        return state;
    }

    /** Deletes kb-service's whole state folder (stop kb-service first): an operator's "fresh state". */
    public void wipeState() throws IOException {
        deleteTree(state);
    }

    public String sessionSocketUrl() {
        return session.url().replaceFirst("^http", "ws") + "/ws/experience";
    }

    @Override
    public void close() throws Exception {
        try {
            if (session != null) {
                session.stop();
            }
            if (chat != null) {
                chat.stop();
            }
            if (kb != null) {
                kb.stop();
            }
        } finally {
            nats.afterAll(null);
            deleteTree(work);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
