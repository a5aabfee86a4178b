package io.gaia.kb.world;

import io.gaia.kb.experience.ExperienceContent;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * One {@link ExperienceEngine} per loaded experience, each with its own state folder
 * ({@code <state-dir>/<experience>/}). New content reaches a running engine without a restart; an
 * engine that cannot start (unreadable state) is reported and never affects the others.
 */
public final class EngineRegistry implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EngineRegistry.class);

    private final Path stateRoot;
    private final JsonMapper mapper;
    private final DeltaSink sink;
    private final ExperienceEngine.Settings settings;
    private final Tx.BootstrapListener bootstrapListener;
    private final LongSupplier clock;
    private final Map<String, ExperienceEngine> engines = new ConcurrentHashMap<>();
    private final Map<String, String> failures = new ConcurrentHashMap<>();
    /** Content of experiences whose engine could not start, for {@link #retryFailed}. */
    private final Map<String, ExperienceContent> unstarted = new ConcurrentHashMap<>();
    private final Journal.Factory journals;
    private final RememberedAnswers.Limits answerLimits;
    private final BackupRetention retention;
    /**
     * Per experience: why its latest content waits for a restart (a change a running engine refuses);
     * the next start of its engine (a restart, or a reopen when its ownership comes back) applies it.
     */
    private final Map<String, String> restartRequired = new ConcurrentHashMap<>();
    /** The latest content of every loaded experience, opened or not. */
    private final Map<String, ExperienceContent> contents = new ConcurrentHashMap<>();
    /** Per experience: the counts of every engine it has had here (ownership closes and reopens them). */
    private final Map<String, ExperienceEngine.BatchStats> stats = new ConcurrentHashMap<>();
    /** False when ownership decides what opens ({@link #open}/{@link #close(String)}); true: every loaded one. */
    private volatile boolean openOnLoad = true;

    public EngineRegistry(Path stateRoot, JsonMapper mapper, DeltaSink sink, ExperienceEngine.Settings settings,
                          Tx.BootstrapListener bootstrapListener, LongSupplier clock) {
        this(stateRoot, mapper, sink, settings, bootstrapListener, clock,
                Journal.Factory.file(CommitLog.DEFAULT_SEGMENT_BYTES), RememberedAnswers.Limits.DEFAULT);
    }

    public EngineRegistry(Path stateRoot, JsonMapper mapper, DeltaSink sink, ExperienceEngine.Settings settings,
                          Tx.BootstrapListener bootstrapListener, LongSupplier clock, Journal.Factory journals,
                          RememberedAnswers.Limits answerLimits) {
        this(stateRoot, mapper, sink, settings, bootstrapListener, clock, journals, answerLimits, BackupRetention.DEFAULT);
    }

    public EngineRegistry(Path stateRoot, JsonMapper mapper, DeltaSink sink, ExperienceEngine.Settings settings,
                          Tx.BootstrapListener bootstrapListener, LongSupplier clock, Journal.Factory journals,
                          RememberedAnswers.Limits answerLimits, BackupRetention retention) {
        this.retention = retention;
        this.journals = journals;
        this.answerLimits = answerLimits;
        this.stateRoot = stateRoot;
        this.mapper = mapper;
        this.sink = sink;
        this.settings = settings;
        this.bootstrapListener = bootstrapListener;
        this.clock = clock;
    }

    public Path stateRoot() {
        return stateRoot;
    }

    /** From now on, loaded content opens no engine by itself: only {@link #open} does (ownership). */
    public void openOnlyWhenAsked() {
        openOnLoad = false;
    }

    /** True without ownership: every loaded experience opens. */
    public boolean opensOnLoad() {
        return openOnLoad;
    }

    /**
     * Opens the engine of a loaded experience (recovering its state from the journal, which fences out
     * a previous writer); true when it runs. Slow (JetStream reads): never on an event loop or under a lock
     * another thread waits on.
     */
    public synchronized boolean open(String id) {
        ExperienceContent content = contents.get(id);
        if (content == null) {
            return false;
        }
        if (!engines.containsKey(id)) {
            start(content);
        }
        return engines.containsKey(id);
    }

    /** Stops and closes one experience's engine (its lease went elsewhere); its content stays known. */
    public synchronized void close(String id) {
        unstarted.remove(id);
        failures.remove(id);
        ExperienceEngine engine = engines.remove(id);
        if (engine != null) {
            engine.close();
        }
    }

    /**
     * One count of an experience's engines since this process started, across closes and reopens (so a
     * counter built on it only grows), e.g. {@code total(id, s -> s.commits.sum())}.
     */
    public long total(String id, java.util.function.ToLongFunction<ExperienceEngine.BatchStats> count) {
        ExperienceEngine.BatchStats counts = stats.get(id);
        return counts == null ? 0 : count.applyAsLong(counts);
    }

    /** Per experience: why its latest content waits for a restart (see {@link #contentLoaded}). */
    public Map<String, String> restartRequired() {
        return Map.copyOf(restartRequired);
    }

    /** Jobs waiting in the experience's engine now (0 when it is not open here). */
    public int queueDepth(String id) {
        ExperienceEngine engine = engines.get(id);
        return engine == null ? 0 : engine.queueDepth();
    }

    /** Starts the experience's engine, or hands it the new content. Called off the event loop (startup, watcher). */
    public synchronized void contentLoaded(ExperienceContent content) {
        contents.put(content.id(), content);
        ExperienceEngine engine = engines.get(content.id());
        if (engine != null) {
            String refused = engine.content().config().model() != content.config().model()
                    ? "changing state.model at runtime is refused; restart to apply it"
                    : engine.content().config().interest() != content.config().interest()
                    ? "changing state.interest at runtime is refused (every version chain would change its name "
                            + "under the clients); restart to apply it"
                    : null;
            if (refused != null) {
                restartRequired.put(content.id(), refused);
                log.error("experience '{}': {}", content.id(), refused);
                return;
            }
            restartRequired.remove(content.id());
            engine.updateContent(content);
            return;
        }
        restartRequired.remove(content.id());
        if (openOnLoad) {
            start(content);
        }
    }

    private void start(ExperienceContent content) {
        Journal journal = null;
        try {
            Path dir = stateRoot.resolve(content.id());
            journal = journals.open(content.id(), dir);
            engines.put(content.id(), new ExperienceEngine(content, new StateStore(dir, mapper, journal, answerLimits, retention),
                    mapper, sink, settings, bootstrapListener, clock,
                    stats.computeIfAbsent(content.id(), id -> new ExperienceEngine.BatchStats())));
            failures.remove(content.id());
            unstarted.remove(content.id());
            restartRequired.remove(content.id()); // a start (a restart, or a reopen when ownership moves) runs the latest
        } catch (Exception e) {
            closeQuietly(journal);
            failures.put(content.id(), "state could not be loaded: " + e.getMessage());
            unstarted.put(content.id(), content);
            log.error("experience '{}': state could not be loaded", content.id(), e);
        }
    }

    /** Tries again to start the engines that could not start (e.g. when NATS JetStream becomes reachable). */
    public synchronized void retryFailed() {
        for (ExperienceContent content : List.copyOf(unstarted.values())) {
            if (!engines.containsKey(content.id())) {
                start(content);
            }
        }
    }

    private static void closeQuietly(Journal journal) {
        if (journal != null) {
            try {
                journal.close();
            } catch (java.io.IOException | RuntimeException ignored) {
                // it never opened fully
            }
        }
    }

    public Optional<ExperienceEngine> engine(String id) {
        return Optional.ofNullable(engines.get(id));
    }

    public Collection<ExperienceEngine> engines() {
        return engines.values();
    }

    /** Experiences whose engine could not start or stopped, with the reason. */
    public Map<String, String> failures() {
        Map<String, String> out = new java.util.TreeMap<>(failures);
        engines.values().forEach(e -> {
            if (e.failure() != null) {
                out.put(e.experienceId(), e.failure());
            }
        });
        return out;
    }

    @Override
    public void close() {
        engines.values().forEach(ExperienceEngine::close);
    }
}
