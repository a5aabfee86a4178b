package io.gaia.testsupport.stack;

import io.gaia.testsupport.NatsTestServer;
import io.gaia.testsupport.ServiceProcess;
import io.gaia.testsupport.TestTokens;
import io.gaia.testsupport.socket.SocketUrl;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * GAIA as it runs in production, on loopback: a real nats-server with JetStream ({@link NatsTestServer}),
 * kb-service, optionally chat-service, and 0..N session-service instances, each a process from its
 * packaged jar ({@link ServiceProcess}) with health waits and its log under {@code target/service-logs/}.
 * Each service can be stopped, killed ({@code SIGKILL}) and started again on the same port;
 * {@link #close()} stops everything this stack started (and any process left alive when the JVM
 * exits is killed by {@link ServiceProcess}). A test that runs session-service or chat-service in its
 * own JVM starts the stack with {@code sessions(0)} and binds {@link #sessionProperties()} or
 * {@link #chatProperties()}.
 *
 * <pre>{@code
 * try (GaiaStack stack = GaiaStack.builder().withChat().sessions(2).start()) {
 *     TestSocket socket = TestSocket.open(stack.socketUrl().experience("wylding-woods").token(t).build());
 * }
 * }</pre>
 */
public final class GaiaStack implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Builder settings;
    private final NatsTestServer nats;
    private final boolean ownsNats;
    private final String externalNatsUrl;
    private final Path work;
    private final Path conversations;
    private final Path experiences;
    private final Path state;
    private ServiceProcess kb;
    private ServiceProcess chat;
    private final List<ServiceProcess> sessions = new ArrayList<>();

    private GaiaStack(Builder settings) throws IOException {
        this.settings = settings;
        this.externalNatsUrl = settings.natsUrl;
        this.ownsNats = settings.nats == null && settings.natsUrl == null;
        this.nats = ownsNats ? new NatsTestServer() : settings.nats;
        this.work = Files.createTempDirectory("gaia-stack");
        this.conversations = Files.createDirectories(work.resolve("conversations"));
        if (settings.experiencesWriter != null) {
            this.experiences = Files.createDirectories(work.resolve("experiences"));
            settings.experiencesWriter.write(experiences);
        } else {
            this.experiences = settings.experiences != null ? settings.experiences
                    : ServiceProcess.repositoryRoot().resolve("experiences");
        }
        this.state = settings.state != null ? settings.state : work.resolve("kb-state");
    }

    /** Writes experiences into the empty folder kb-service will serve. */
    @FunctionalInterface
    public interface ExperiencesWriter {
        void write(Path folder) throws IOException;
    }

    public static Builder builder() {
        return new Builder();
    }

    private void boot() throws Exception {
        if (ownsNats) {
            nats.beforeAll(null); // the extension's start, outside a test class: a stack may outlive one
        }
        startKb();
        if (settings.withChat) {
            startChat(Map.of());
        }
        for (int i = 0; i < settings.sessions; i++) {
            startSession(Map.of());
        }
    }

    /** Starts kb-service on the stack's experiences and state (stopping the one running, if any). */
    public ServiceProcess startKb() throws Exception {
        if (kb != null) {
            kb.stop();
        }
        Map<String, String> properties = new LinkedHashMap<>(settings.everyService);
        properties.put("gaia.nats.url", natsUrl());
        properties.put("gaia.kb.experiences-dir", experiences.toString());
        properties.put("gaia.kb.state-dir", state.toString());
        properties.putAll(settings.kb);
        kb = ServiceProcess.start("kb-service", properties, settings.jvm);
        return kb;
    }

    /**
     * Starts chat-service with the stack's settings plus {@code extra} (stopping the one running, if any);
     * session-service instances started later relay chat to it.
     */
    public ServiceProcess startChat(Map<String, String> extra) throws Exception {
        if (chat != null) {
            chat.stop();
        }
        Map<String, String> properties = new LinkedHashMap<>(settings.everyService);
        properties.putAll(chatProperties());
        properties.putAll(settings.chat);
        properties.putAll(extra);
        chat = ServiceProcess.start("chat-service", properties, settings.jvm);
        return chat;
    }

    /** Starts one more session-service instance with the stack's settings plus {@code extra}. */
    public ServiceProcess startSession(Map<String, String> extra) throws Exception {
        Map<String, String> properties = new LinkedHashMap<>(settings.everyService);
        properties.putAll(settings.session);
        properties.putAll(extra);
        properties.putAll(sessionProperties());
        ServiceProcess session = ServiceProcess.start("session-service", properties, settings.jvm);
        sessions.add(session);
        return session;
    }

    /**
     * What a session-service needs to join this stack: NATS (where it also reaches kb-service), and
     * chat-service when it runs.
     * For one started in a test's own JVM, e.g. {@code stack.sessionProperties().forEach(registry::add)}.
     */
    public Map<String, String> sessionProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("gaia.nats.url", natsUrl());
        if (chat != null) {
            properties.put("gaia.session.chat-url", chat.url());
        }
        return properties;
    }

    /** What a chat-service needs to join this stack (its conversations go to a folder of the stack). */
    public Map<String, String> chatProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("gaia.nats.url", natsUrl());
        properties.put("gaia.chat.conversations.dir", conversations.toString());
        return properties;
    }

    /** The stack's nats-server (stop and start it to test faults); null when it was given only as a URL. */
    public NatsTestServer nats() {
        return nats;
    }

    public String natsUrl() {
        return externalNatsUrl != null ? externalNatsUrl : nats.url();
    }

    public ServiceProcess kb() {
        return kb;
    }

    /** chat-service, or null when the stack runs without it. */
    public ServiceProcess chat() {
        return chat;
    }

    /** The first session-service instance. */
    public ServiceProcess session() {
        return session(0);
    }

    public ServiceProcess session(int index) {
        return sessions.get(index);
    }

    public List<ServiceProcess> sessions() {
        return List.copyOf(sessions);
    }

    /** The first session-service's socket address; add the query with the returned builder. */
    public SocketUrl socketUrl() {
        return SocketUrl.of(session().url());
    }

    /** chat-service's conversation logs (an empty folder until one is written). */
    public Path conversationsDir() {
        return conversations;
    }

    /** The first session-service's socket for {@code user} (a development player token) in {@code experience}. */
    public String socketUrl(String experience, String user) {
        return socketUrl().experience(experience).token(TestTokens.development().player(user)).build();
    }

    public Path experiencesDir() {
        return experiences;
    }

    /** kb-service's state folder (state files, commit records, git history). */
    public Path stateDir() {
        return state;
    }

    /** Stops and starts {@code service} again on the same port, with the same settings. */
    public void restart(ServiceProcess service) throws Exception {
        service.stop();
        service.start();
    }

    /** Deletes kb-service's whole state folder (stop kb-service first): an operator's "fresh state". */
    public void wipeState() throws IOException {
        deleteTree(state);
    }

    /**
     * Puts {@code experience} back as authored (every item in place, every player removed) with the
     * admin line {@code @reset experience CONFIRM} over kb-service's HTTP API.
     */
    public void reset(String experience) throws IOException, InterruptedException {
        String body = "{\"experience\":\"" + experience + "\",\"action\":\"@reset experience CONFIRM\",\"params\":{}}";
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(kb.url() + "/actions"))
                .header("Authorization", "Bearer " + TestTokens.development().admin("stack-admin"))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("reset failed: " + response.statusCode() + " " + response.body());
        }
    }

    /** Stops every service this stack started (sessions first, kb-service last), then NATS if the stack started it. */
    @Override
    public void close() throws Exception {
        try {
            for (int i = sessions.size() - 1; i >= 0; i--) {
                sessions.get(i).stop();
            }
            if (chat != null) {
                chat.stop();
            }
            if (kb != null) {
                kb.stop();
            }
        } finally {
            if (ownsNats) {
                nats.afterAll(null);
            }
            deleteTree(work);
        }
    }

    /** Copies {@code folder} (one experience) into {@code into}, e.g. inside an {@link ExperiencesWriter}. */
    public static void copyExperience(Path folder, Path into) throws IOException {
        Path to = into.resolve(folder.getFileName().toString());
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(folder.relativize(file).toString());
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

    /** The settings callers vary; {@link #start()} boots the stack. */
    public static final class Builder {
        private NatsTestServer nats;
        private String natsUrl;
        private Path experiences;
        private ExperiencesWriter experiencesWriter;
        private Path state;
        private boolean withChat;
        private int sessions = 1;
        private List<String> jvm = ServiceProcess.TEST_JVM;
        private final Map<String, String> everyService = new LinkedHashMap<>();
        private final Map<String, String> kb = new LinkedHashMap<>();
        private final Map<String, String> chat = new LinkedHashMap<>();
        private final Map<String, String> session = new LinkedHashMap<>();

        private Builder() {
        }

        /** Use this (started) server instead of one of the stack's own; the stack then leaves it running. */
        public Builder nats(NatsTestServer nats) {
            this.nats = nats;
            return this;
        }

        /** Use a NATS someone else runs (e.g. a test's own monitored server); the stack neither starts nor stops it. */
        public Builder natsUrl(String url) {
            this.natsUrl = url;
            return this;
        }

        /** kb-service's experiences folder (default: the repository's {@code experiences/}). */
        public Builder experiences(Path experiences) {
            this.experiences = experiences;
            return this;
        }

        /** kb-service serves a folder of the stack's own (deleted on close) that {@code writer} fills. */
        public Builder experiences(ExperiencesWriter writer) {
            this.experiencesWriter = writer;
            return this;
        }

        /** kb-service's state folder (default: a fresh temporary one, deleted on close). */
        public Builder state(Path state) {
            this.state = state;
            return this;
        }

        /** Runs chat-service too; session-service instances relay chat to it. */
        public Builder withChat() {
            this.withChat = true;
            return this;
        }

        /** How many session-service processes (default 1; 0 when the test runs session-service itself). */
        public Builder sessions(int count) {
            this.sessions = count;
            return this;
        }

        /** JVM flags of every service (default {@link ServiceProcess#TEST_JVM}). */
        public Builder jvm(List<String> flags) {
            this.jvm = List.copyOf(flags);
            return this;
        }

        public Builder everyService(Map<String, String> properties) {
            everyService.putAll(properties);
            return this;
        }

        public Builder kbProperties(Map<String, String> properties) {
            kb.putAll(properties);
            return this;
        }

        public Builder chatProperties(Map<String, String> properties) {
            chat.putAll(properties);
            return this;
        }

        public Builder sessionProperties(Map<String, String> properties) {
            session.putAll(properties);
            return this;
        }

        /** Starts NATS (unless given) and the services; on any failure stops what it started and rethrows. */
        public GaiaStack start() throws Exception {
            GaiaStack stack = new GaiaStack(this);
            try {
                stack.boot();
            } catch (Exception | Error e) {
                try {
                    stack.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
            return stack;
        }
    }
}
