package io.gaia.testsupport.stack;

import io.gaia.events.GaiaJson;
import io.gaia.testsupport.NatsCluster;
import io.gaia.testsupport.NatsTestServer;
import io.gaia.testsupport.Folders;
import io.gaia.testsupport.JvmLaunch;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

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
 * <p>{@link Builder#clustered()} is the clustered layout of docker-compose.cluster.yml and
 * {@code ./gaia up --cluster}: a 3-node {@link NatsCluster} and three kb-service instances that share the
 * experiences through leases, each with a state folder of its own, their journal in JetStream (R3);
 * {@link #servingKb(String)} finds the instance that owns an experience now.
 *
 * <pre>{@code
 * try (GaiaStack stack = GaiaStack.builder().withChat().sessions(2).start()) {
 *     TestSocket socket = TestSocket.open(stack.socketUrl().experience("wylding-woods").token(t).build());
 * }
 * }</pre>
 */
public final class GaiaStack implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final GaiaJson JSON = GaiaJson.create();
    /** What every kb-service instance of {@link Builder#clustered()} adds to the stack's kb properties. */
    public static final Map<String, String> CLUSTERED_KB = Map.of(
            "gaia.kb.journal", "jetstream",
            "gaia.kb.jetstream.replicas", "3",
            "gaia.kb.stream.replicas", "3",
            "gaia.kb.ownership.enabled", "true");

    private final Builder settings;
    private final NatsTestServer nats;
    private final boolean ownsNats;
    private NatsCluster cluster;
    private final String externalNatsUrl;
    private final Path work;
    private final Path conversations;
    private final Path experiences;
    private final Path state;
    private final List<ServiceProcess> kbs = new ArrayList<>();
    private ServiceProcess chat;
    private final List<ServiceProcess> sessions = new ArrayList<>();

    private GaiaStack(Builder settings) throws IOException {
        this.settings = settings;
        this.externalNatsUrl = settings.natsUrl;
        this.ownsNats = settings.nats == null && settings.natsUrl == null;
        this.nats = ownsNats && settings.natsNodes == 0 ? new NatsTestServer() : settings.nats;
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
        if (ownsNats && settings.natsNodes > 0) {
            cluster = NatsCluster.start(settings.natsNodes);
        } else if (ownsNats) {
            nats.beforeAll(null); // the extension's start, outside a test class: a stack may outlive one
        }
        if (settings.kbInstances == 1) {
            startKb();
        } else {
            startKbInstances();
        }
        if (settings.withChat) {
            startChat(Map.of());
        }
        for (int i = 0; i < settings.sessions; i++) {
            startSession(Map.of());
        }
    }

    /** Starts kb-service on the stack's experiences and state (stopping the one running, if any). */
    public ServiceProcess startKb() throws Exception {
        if (!kbs.isEmpty()) {
            kbs.remove(0).stop();
        }
        ServiceProcess kb = ServiceProcess.start("kb-service", kbProperties(state, null), settings.jvm);
        kbs.add(0, kb);
        return kb;
    }

    /** Starts instances kb-1..kb-n side by side (each start mostly waits), in order in {@link #kbs()}. */
    private void startKbInstances() throws Exception {
        List<java.util.concurrent.CompletableFuture<ServiceProcess>> starting = new ArrayList<>();
        for (int n = 1; n <= settings.kbInstances; n++) {
            Map<String, String> properties = kbProperties(stateDir(n), "kb-" + n);
            starting.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return ServiceProcess.start("kb-service", properties, settings.jvm);
                } catch (Exception e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            }));
        }
        Exception failed = null;
        for (var start : starting) {
            try {
                kbs.add(start.join());
            } catch (java.util.concurrent.CompletionException e) {
                failed = failed == null ? new IllegalStateException("a kb-service instance did not start", e.getCause()) : failed;
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    /** One kb-service instance's properties: its own state folder and, when several run, its ownership id. */
    private Map<String, String> kbProperties(Path stateDir, String instanceId) {
        Map<String, String> properties = new LinkedHashMap<>(settings.everyService);
        properties.put("gaia.nats.url", natsUrl());
        properties.put("gaia.kb.experiences-dir", experiences.toString());
        properties.put("gaia.kb.state-dir", stateDir.toString());
        if (instanceId != null) {
            properties.put("gaia.kb.ownership.instance-id", instanceId);
        }
        properties.putAll(settings.kb);
        return properties;
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

    /** Stops the chat-service started by {@link #startChat}, if any; later session-service instances relay no chat. */
    public void stopChat() throws Exception {
        if (chat != null) {
            chat.stop();
            chat = null;
        }
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

    /** The stack's nats-server (stop and start it to test faults); null when it was given only as a URL or is a cluster. */
    public NatsTestServer nats() {
        return nats;
    }

    /** The stack's NATS cluster (kill and restart its nodes to test faults); null unless {@link Builder#natsCluster(int)}. */
    public NatsCluster natsCluster() {
        return cluster;
    }

    /** The URL services connect to: every node's, comma-joined, for a cluster. */
    public String natsUrl() {
        return externalNatsUrl != null ? externalNatsUrl : cluster != null ? cluster.urls() : nats.url();
    }

    /** The (first) kb-service instance. */
    public ServiceProcess kb() {
        return kbs.get(0);
    }

    /** Every kb-service instance, in start order (instance {@code i} has ownership id {@code kb-<i+1>} when several run). */
    public List<ServiceProcess> kbs() {
        return List.copyOf(kbs);
    }

    /**
     * The live kb-service instance that serves {@code experience} now ({@code served_here} in its health
     * details); empty while none does (ownership moving, or nobody up).
     */
    public Optional<ServiceProcess> servingKb(String experience) {
        return servingKbs(experience).stream().findFirst();
    }

    /** Every live kb-service instance that says it serves {@code experience}: one when ownership is settled. */
    public List<ServiceProcess> servingKbs(String experience) {
        return kbs.stream().filter(kb -> kb.isAlive() && servesHere(kb, experience)).toList();
    }

    private static boolean servesHere(ServiceProcess kb, String experience) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(kb.url() + "/actuator/health/details"))
                    .header("Authorization", "Bearer " + TestTokens.development().admin("stack-admin"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            JsonNode details = JSON.readTree(response.body()).path("components").path("experiences").path("details");
            return details.path("experiences").path(experience).path("served_here").asBoolean(false);
        } catch (IOException | RuntimeException notNow) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
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

    /** kb-service's state folder (state files, commit records, git history); the first instance's when several run. */
    public Path stateDir() {
        return kbs.size() > 1 || settings.kbInstances > 1 ? stateDir(1) : state;
    }

    /** The state folder of instance {@code kb-<n>} when several run (each has one of its own). */
    public Path stateDir(int n) {
        return state.resolveSibling(state.getFileName() + "-" + n);
    }

    /** Stops and starts {@code service} again on the same port, with the same settings. */
    public void restart(ServiceProcess service) throws Exception {
        service.stop();
        service.start();
    }

    /** Deletes kb-service's whole state folder (stop kb-service first): an operator's "fresh state". */
    public void wipeState() throws IOException {
        Folders.delete(state);
    }

    /**
     * Puts {@code experience} back as authored (every item in place, every player removed) with the
     * admin line {@code @reset experience CONFIRM} over kb-service's HTTP API.
     */
    public void reset(String experience) throws IOException, InterruptedException {
        String body = "{\"experience\":\"" + experience + "\",\"action\":\"@reset experience CONFIRM\",\"params\":{}}";
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(kb().url() + "/actions"))
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
            for (ServiceProcess kb : kbs) {
                kb.stop();
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            } else if (ownsNats) {
                nats.afterAll(null);
            }
            Folders.deleteQuietly(work);
        }
    }

    /** Copies {@code folder} (one experience) into {@code into}, e.g. inside an {@link ExperiencesWriter}. */
    public static void copyExperience(Path folder, Path into) throws IOException {
        Folders.copy(folder, into.resolve(folder.getFileName().toString()));
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
        private int natsNodes;
        private int kbInstances = 1;
        private JvmLaunch jvm = JvmLaunch.TEST;
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

        /** The stack runs a JetStream cluster of {@code nodes} nats-servers ({@link NatsCluster}) instead of one server. */
        public Builder natsCluster(int nodes) {
            this.natsNodes = nodes;
            return this;
        }

        /**
         * How many kb-service processes (default 1). With several, instance {@code n} (from 1) has the
         * ownership id {@code kb-<n>} and the state folder {@link GaiaStack#stateDir(int)}; give them
         * ownership and a shared journal ({@link #clustered()}) or they would all serve everything.
         */
        public Builder kbInstances(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("at least one kb-service instance, not " + count);
            }
            this.kbInstances = count;
            return this;
        }

        /**
         * The clustered layout (docker-compose.cluster.yml, {@code ./gaia up --cluster}): a 3-node NATS
         * cluster and three kb-service instances with ownership and the JetStream journal, replicas 3
         * ({@link #CLUSTERED_KB}).
         */
        public Builder clustered() {
            natsCluster(3);
            kbInstances(3);
            return kbProperties(CLUSTERED_KB);
        }

        /** How many session-service processes (default 1; 0 when the test runs session-service itself). */
        public Builder sessions(int count) {
            this.sessions = count;
            return this;
        }

        /** How every service's JVM is launched (default {@link JvmLaunch#TEST}). */
        public Builder jvm(JvmLaunch launch) {
            this.jvm = launch;
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
