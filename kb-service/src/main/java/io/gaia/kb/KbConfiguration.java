package io.gaia.kb;

import io.gaia.events.GaiaJson;
import io.gaia.kb.api.KbApi;
import io.gaia.kb.command.ActionMetrics;
import io.gaia.kb.command.ActionService;
import io.gaia.kb.command.CommandRegistry;
import io.gaia.kb.experience.ExperienceCatalog;
import io.gaia.kb.experience.ExperienceLoader;
import io.gaia.kb.experience.ExperienceWatcher;
import io.gaia.kb.nats.KbRequests;
import io.gaia.kb.nats.KbResponder;
import io.gaia.kb.ownership.OwnershipProperties;
import io.gaia.kb.serving.AnyInstance;
import io.gaia.support.kb.KbClient;
import io.gaia.support.kb.KbClientSettings;
import io.gaia.kb.publish.NatsDeltaSink;
import io.gaia.kb.publish.WorldUpdatesStream;
import io.gaia.kb.world.EngineRegistry;
import io.gaia.kb.world.ExperienceEngine;
import io.gaia.kb.world.ProfileStore;
import io.gaia.support.jwt.JwtValidator;
import io.gaia.kb.world.Journal;
import io.gaia.kb.world.RememberedAnswers;
import io.gaia.kb.journal.JetStreamJournals;
import io.gaia.support.nats.NatsConnection;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** Wires content, engines, publishing and commands together. */
@Configuration(proxyBeanMethods = false)
class KbConfiguration {

    private static final Logger log = LoggerFactory.getLogger(KbConfiguration.class);
    /** State documents and the commit record may be far larger than a wire message. */
    private static final int STATE_MAX_BYTES = 256 * 1024 * 1024;

    @Bean
    CommandRegistry commandRegistry() {
        return CommandRegistry.standard();
    }

    @Bean
    ExperienceCatalog experienceCatalog(KbProperties properties, GaiaJson json, CommandRegistry commands) {
        ExperienceCatalog catalog = new ExperienceCatalog(properties.resolvedExperiencesDir(),
                new ExperienceLoader(json, commands.names()));
        log.info("experiences from {}, state in {}", catalog.root(), properties.stateDir().toAbsolutePath());
        return catalog;
    }

    @Bean
    NatsDeltaSink natsDeltaSink(NatsConnection nats, GaiaJson json, KbProperties properties, MeterRegistry registry) {
        return new NatsDeltaSink(nats, json, properties.publish(), registry);
    }

    @Bean(destroyMethod = "close")
    WorldUpdatesStream worldUpdatesStream(NatsConnection nats, KbProperties properties) {
        return new WorldUpdatesStream(nats, properties.stream());
    }

    /** Starts an engine for every experience that loads, now and whenever content changes. */
    @Bean(destroyMethod = "close")
    EngineRegistry engineRegistry(KbProperties properties, ExperienceCatalog catalog, NatsDeltaSink sink,
                                  MeterRegistry registry, NatsConnection nats, OwnershipProperties ownership) {
        JsonMapper stateMapper = GaiaJson.withMaxBytes(STATE_MAX_BYTES).mapper();
        ExperienceEngine.Settings settings = new ExperienceEngine.Settings(properties.maxBatch(), properties.maxQueue(),
                properties.foldInterval().toNanos());
        EngineRegistry engines = new EngineRegistry(properties.stateDir().toAbsolutePath(), stateMapper, sink, settings,
                new ProfileStore(properties.stateDir().toAbsolutePath(), stateMapper), System::currentTimeMillis,
                journals(properties, nats, stateMapper), new RememberedAnswers.Limits(properties.idempotency().window(),
                properties.idempotency().maxEntries(), properties.idempotency().maxBytes().toBytes()),
                new io.gaia.kb.world.BackupRetention(properties.backups().keep(), properties.backups().maxBytes().toBytes()));
        if (ownership.enabled()) {
            engines.openOnlyWhenAsked(); // engines open when this instance acquires an experience's lease
        }
        if (properties.journal() == KbProperties.JournalKind.JETSTREAM && !ownership.enabled()) {
            // experiences that could not open while NATS was away open when it connects (with ownership,
            // OwnedServing reopens what this instance still owns: an open here could fence out a new owner)
            nats.whenConnected(connection -> {
                Thread retry = new Thread(engines::retryFailed, "kb-journal-retry");
                retry.setDaemon(true);
                retry.start();
            });
        }
        catalog.onLoaded(content -> {
            engines.contentLoaded(content);
            io.gaia.kb.world.EngineMeters.register(registry, engines, content.id());
        });
        catalog.refresh();
        return engines;
    }

    @Bean(destroyMethod = "close")
    ExperienceWatcher experienceWatcher(ExperienceCatalog catalog, EngineRegistry engines, KbProperties properties) {
        return new ExperienceWatcher(catalog, properties.reloadInterval());
    }

    @Bean(destroyMethod = "close")
    io.gaia.kb.world.StateHistory stateHistory(EngineRegistry engines, KbProperties properties) {
        return new io.gaia.kb.world.StateHistory(properties.stateDir().toAbsolutePath(), engines,
                properties.history().enabled(), properties.history().interval(),
                new io.gaia.kb.world.HistoryPacking.Limits(properties.history().packAbove().toBytes(),
                        properties.history().packAboveObjects()),
                new io.gaia.kb.world.HistorySegments.Limits(properties.history().segmentAbove().toBytes(),
                        properties.history().keepClosed().toBytes()));
    }

    @Bean
    ActionService actionService(ExperienceCatalog catalog, EngineRegistry engines, CommandRegistry commands,
                                MeterRegistry registry, io.gaia.kb.interpret.InterpreterProperties interpreter,
                                GaiaJson json) {
        io.gaia.kb.interpret.LanguageModel model = io.gaia.kb.interpret.HostedLanguageModel.of(interpreter);
        return new ActionService(catalog, engines, commands, new ActionMetrics(registry, commands.names()),
                System::currentTimeMillis, model == null ? null
                        : new io.gaia.kb.interpret.Interpreter(model, json, interpreter.timeout()));
    }

    @Bean
    KbApi kbApi(ExperienceCatalog catalog, ActionService actions) {
        return new KbApi(catalog, actions);
    }

    /**
     * Answers kb requests over NATS: for every experience that loads, now and when content changes; with
     * {@code gaia.kb.ownership.enabled}, only for those this instance owns ({@code serving.OwnedServing}).
     */
    @Bean(destroyMethod = "close")
    KbResponder kbResponder(NatsConnection nats, KbApi api, JwtValidator jwt, GaiaJson json, KbProperties properties,
                            ExperienceCatalog catalog, EngineRegistry engines, OwnershipProperties ownership) {
        KbResponder responder = new KbResponder(nats, new KbRequests(api, jwt, json,
                (int) Math.min(Integer.MAX_VALUE, properties.maxRequestSize().toBytes())), json);
        if (!ownership.enabled()) {
            catalog.onLoaded(content -> responder.serve(content.id()));
            catalog.entries().stream().filter(ExperienceCatalog.Entry::loaded).forEach(entry -> responder.serve(entry.id()));
        }
        return responder;
    }

    /** HTTP calls that need an engine: here, or (with ownership) forwarded to the experience's owner. */
    @Bean
    AnyInstance anyInstance(KbApi api, KbResponder responder, OwnershipProperties ownership, NatsConnection nats,
                            GaiaJson json, KbProperties properties, MeterRegistry registry) {
        KbProperties.Forward forward = properties.forward();
        KbClient owner = !ownership.enabled() ? null : new KbClient(nats, json, new KbClientSettings(forward.timeout(),
                (int) Math.min(Integer.MAX_VALUE, forward.maxResponseSize().toBytes()), forward.retryWindow()), registry);
        return new AnyInstance(api, responder, owner);
    }

    private static Journal.Factory journals(KbProperties properties, NatsConnection nats, JsonMapper mapper) {
        if (properties.journal() == KbProperties.JournalKind.FILE) {
            return Journal.Factory.file(io.gaia.kb.world.CommitLog.DEFAULT_SEGMENT_BYTES);
        }
        KbProperties.JetStreamSettings js = properties.jetstream();
        log.info("state journal: JetStream stream {} ({} replicas)", io.gaia.events.Subjects.KB_JOURNAL_STREAM, js.replicas());
        return new JetStreamJournals(nats::connected, new JetStreamJournals.Settings(js.replicas(), js.snapshotInterval(),
                js.purgeMargin(), js.timeout(), js.connectWait(), js.appendWindow()), mapper);
    }

}
