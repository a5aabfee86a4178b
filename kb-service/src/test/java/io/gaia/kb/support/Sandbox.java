package io.gaia.kb.support;

import io.gaia.events.ActionRequest;
import io.gaia.events.ActionResponse;
import io.gaia.events.GaiaJson;
import io.gaia.kb.command.ActionMetrics;
import io.gaia.kb.command.ActionService;
import io.gaia.kb.command.CommandRegistry;
import io.gaia.kb.experience.ExperienceCatalog;
import io.gaia.kb.experience.ExperienceLoader;
import io.gaia.kb.world.AreaOfInterest;
import io.gaia.kb.world.Delta;
import io.gaia.kb.world.DeltaSink;
import io.gaia.kb.world.EngineRegistry;
import io.gaia.kb.world.ExperienceEngine;
import io.gaia.kb.world.ProfileStore;
import io.gaia.support.jwt.AuthenticatedUser;
import io.gaia.testsupport.ServiceProcess;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.json.JsonMapper;

/**
 * kb-service's real engine stack without Spring or NATS: content from a folder, state in a
 * temporary folder with real durable writes, deltas recorded in memory. Commands run exactly as
 * over HTTP (through {@link ActionService}).
 */
public final class Sandbox implements AutoCloseable {

    public final List<Delta> published = new CopyOnWriteArrayList<>();
    public final List<io.gaia.events.ExperienceLifecycleEvent> lifecycle = new CopyOnWriteArrayList<>();
    public final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ExperienceCatalog catalog;
    private final EngineRegistry engines;
    private final ActionService actions;
    private final JsonMapper mapper = GaiaJson.withMaxBytes(64 * 1024 * 1024).mapper();

    public Sandbox(Path experiencesDir, Path stateDir) {
        this(experiencesDir, stateDir, ExperienceEngine.Settings.DEFAULT);
    }

    public Sandbox(Path experiencesDir, Path stateDir, ExperienceEngine.Settings settings) {
        this(experiencesDir, stateDir, settings, io.gaia.kb.world.Journal.Factory.file(
                io.gaia.kb.world.CommitLog.DEFAULT_SEGMENT_BYTES));
    }

    /** As above, with commit records going to {@code journals} (e.g. a JetStream journal). */
    public Sandbox(Path experiencesDir, Path stateDir, ExperienceEngine.Settings settings,
                   io.gaia.kb.world.Journal.Factory journals) {
        this(experiencesDir, stateDir, settings, journals, io.gaia.kb.world.BackupRetention.DEFAULT);
    }

    /** As above, keeping backups as {@code retention} says. */
    public Sandbox(Path experiencesDir, Path stateDir, ExperienceEngine.Settings settings,
                   io.gaia.kb.world.Journal.Factory journals, io.gaia.kb.world.BackupRetention retention) {
        CommandRegistry commands = CommandRegistry.standard();
        catalog = new ExperienceCatalog(experiencesDir, new ExperienceLoader(GaiaJson.create(), commands.names()));
        DeltaSink sink = new DeltaSink() {
            @Override
            public void publish(List<Delta> deltas) {
                published.addAll(deltas);
            }

            @Override
            public void lifecycle(io.gaia.events.ExperienceLifecycleEvent event) {
                lifecycle.add(event);
            }
        };
        engines = new EngineRegistry(stateDir, mapper, sink, settings, new ProfileStore(stateDir, mapper),
                System::currentTimeMillis, journals, io.gaia.kb.world.RememberedAnswers.Limits.DEFAULT, retention);
        catalog.onLoaded(engines::contentLoaded);
        catalog.refresh();
        actions = new ActionService(catalog, engines, commands, new ActionMetrics(meters, commands.names()),
                System::currentTimeMillis);
    }

    /** The repository's own {@code experiences/} folder. */
    public static Path repositoryExperiences() throws IOException {
        return ServiceProcess.repositoryRoot().resolve("experiences");
    }

    public static AuthenticatedUser player(String userId) {
        return new AuthenticatedUser(userId, false, null, "test");
    }

    public static AuthenticatedUser admin(String userId) {
        return new AuthenticatedUser(userId, true, null, "test");
    }

    public ActionResponse act(String userId, String experience, String action, Map<String, Object> params) {
        return act(player(userId), experience, action, params);
    }

    public ActionResponse act(AuthenticatedUser user, String experience, String action, Map<String, Object> params) {
        return act(user, experience, action, params, null);
    }

    /** An action with a request id: a repeat of the same user's request id runs nothing and gets the first answer. */
    public ActionResponse act(AuthenticatedUser user, String experience, String action, Map<String, Object> params,
                              String requestId) {
        return actions.perform(user, new ActionRequest(experience, action, params, requestId)).join();
    }

    public ActionResponse interact(String userId, String experience, String message) {
        return actions.interact(player(userId), experience, message).join();
    }

    /** The player's area of interest as the JSON object it is written as. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> areaOfInterest(String userId, String experience) {
        return io.gaia.events.GaiaJson.create().mapper().convertValue(areaOfInterestRecord(userId, experience), Map.class);
    }

    public io.gaia.events.kb.AreaOfInterest areaOfInterestRecord(String userId, String experience) {
        return actions.run(actions.engineFor(experience), player(userId), null, AreaOfInterest::build).join().value();
    }

    public ExperienceCatalog catalog() {
        return catalog;
    }

    public EngineRegistry engines() {
        return engines;
    }

    public ActionService actions() {
        return actions;
    }

    public JsonMapper mapper() {
        return mapper;
    }

    @Override
    public void close() {
        engines.close();
    }
}
