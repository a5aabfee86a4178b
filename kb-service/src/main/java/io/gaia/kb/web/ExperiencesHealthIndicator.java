package io.gaia.kb.web;

import io.gaia.kb.experience.ExperienceCatalog;
import io.gaia.kb.nats.KbResponder;
import io.gaia.kb.ownership.OwnershipManager;
import io.gaia.kb.publish.NatsDeltaSink;
import io.gaia.kb.publish.WorldUpdatesStream;
import io.gaia.kb.world.EngineRegistry;
import io.gaia.support.nats.NatsHealthIndicator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Each experience's load state in {@code /actuator/health} ({@code experiences}): loaded (with its
 * model and interest scope, and {@code restart_required} when the folder holds a change the running
 * engine refused), or refused with the content errors naming file and field, or stopped with the reason. A broken experience
 * makes the service DEGRADED (still 200: the others keep serving). Also shows the delta stream and
 * the publish circuit, whether this instance serves each experience ({@code served_here}) and, with
 * ownership, this instance's id, what it owns and the live instances it sees ({@code ownership}).
 */
@Component("experiences")
class ExperiencesHealthIndicator implements HealthIndicator {

    private final ExperienceCatalog catalog;
    private final EngineRegistry engines;
    private final WorldUpdatesStream stream;
    private final NatsDeltaSink sink;
    private final KbResponder responder;
    private final OwnershipManager ownership;

    ExperiencesHealthIndicator(ExperienceCatalog catalog, EngineRegistry engines, WorldUpdatesStream stream,
                               NatsDeltaSink sink, KbResponder responder, ObjectProvider<OwnershipManager> ownership) {
        this.catalog = catalog;
        this.engines = engines;
        this.stream = stream;
        this.sink = sink;
        this.responder = responder;
        this.ownership = ownership.getIfAvailable();
    }

    @Override
    public Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        Map<String, String> failures = engines.failures();
        Map<String, String> restartRequired = engines.restartRequired();
        boolean allGood = true;
        for (ExperienceCatalog.Entry entry : catalog.entries()) {
            Map<String, Object> e = new LinkedHashMap<>();
            String failure = failures.get(entry.id());
            if (!entry.loaded()) {
                e.put("state", "refused");
                e.put("errors", entry.errors());
                allGood = false;
            } else if (failure != null) {
                e.put("state", "stopped");
                e.put("errors", java.util.List.of(failure));
                allGood = false;
            } else {
                e.put("state", "loaded");
                e.put("model", entry.content().config().model().wireName());
                e.put("interest", entry.content().config().interest().wireName());
                String waiting = restartRequired.get(entry.id());
                if (waiting != null) {
                    // the folder holds a change the running engine refused: what is shown above is not what runs
                    e.put("restart_required", waiting);
                    allGood = false;
                }
                engines.engine(entry.id()).ifPresent(engine -> e.put("queue", engine.queueDepth()));
                e.put("served_here", responder.serves(entry.id()));
                if (!entry.content().refusedCommands().isEmpty()) {
                    // a command page with errors: that command is refused, the rest of the experience serves
                    e.put("refused_commands", entry.content().refusedCommands());
                    allGood = false;
                }
            }
            details.put(entry.id(), e);
        }
        Health.Builder builder = allGood ? Health.up() : Health.status(NatsHealthIndicator.DEGRADED);
        if (ownership != null) {
            builder.withDetail("ownership", Map.of("instance", ownership.instanceId(),
                    "owned", new java.util.TreeSet<>(ownership.owned()),
                    "live_instances", new java.util.TreeSet<>(ownership.liveInstances())));
        }
        return builder.withDetail("experiences", details).withDetail("content_dir", catalog.root().toString())
                .withDetail("world_updates_stream", stream.status())
                .withDetail("publish_circuit", sink.circuitState().name()).build();
    }
}
