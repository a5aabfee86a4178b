package io.gaia.session.message;

import io.gaia.events.ActionRequest;
import io.gaia.events.ActionResponse;
import io.gaia.events.ErrorCodes;
import io.gaia.events.GaiaJson;
import io.gaia.events.VersionScope;
import io.gaia.events.WorldUpdateEvent;
import io.gaia.events.kb.QuestUpdate;
import io.gaia.events.socket.ServerMessages;
import io.gaia.events.socket.SocketTypes;
import io.gaia.events.socket.Versions;
import io.gaia.session.connection.ClientConnection;
import io.gaia.session.delta.Delta;
import io.gaia.support.kb.KbClient;
import io.gaia.support.kb.KbException;
import io.gaia.session.metrics.SessionMetrics;
import io.gaia.support.web.RequestIds;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * {@code action} frames: relayed to kb-service as the connected user, answered with exactly one
 * {@code action_response}. The deltas the action published (in the reply) go through the delta
 * pipeline first, so the client sees the world change before the response, and then a
 * {@code quest_update}/{@code quest_complete} when a quest hook fired.
 */
@Component
class ActionRelay {

    private static final Logger log = LoggerFactory.getLogger(ActionRelay.class);

    /** Frame fields that are not command parameters. */
    private static final Set<String> RESERVED = Set.of("type", "action", "request_id", "experience", "params");
    private static final int MAX_ACTION_LENGTH = 512;

    private final KbClient kb;
    private final GaiaJson json;
    private final SessionMetrics metrics;
    private final io.gaia.session.delta.GapFiller gaps;

    ActionRelay(KbClient kb, GaiaJson json, SessionMetrics metrics, io.gaia.session.delta.GapFiller gaps) {
        this.kb = kb;
        this.json = json;
        this.metrics = metrics;
        this.gaps = gaps;
    }

    Mono<Void> handle(ClientConnection connection, JsonNode frame, String requestId) {
        JsonNode action = frame.get("action");
        if (action == null || action.isNull() || (action.isString() && action.asString().isBlank())) {
            throw new BadFrame(ErrorCodes.MISSING_ACTION, "action", "an action frame needs 'action' (the command name)");
        }
        String name = Fields.requiredText(frame, "action", MAX_ACTION_LENGTH);
        ActionRequest request = new ActionRequest(connection.experience(), name, params(frame), requestId);
        long start = System.nanoTime();
        return kb.action(request, connection.token())
                .doOnNext(response -> {
                    metrics.kbRelay(start);
                    deliver(connection, response, requestId);
                    logAction(connection, requestId, name, response.success() ? "ok" : response.code(), response.events().size(), start);
                })
                .onErrorResume(KbException.class, e -> {
                    connection.send(new ServerMessages.ActionResult(name, false, e.getMessage(), e.code(), Map.of(),
                            null, System.currentTimeMillis(), requestId));
                    logAction(connection, requestId, name, e.code(), 0, start);
                    return Mono.empty();
                })
                .then();
    }

    /** One line per relayed action (silence with logging.level.io.gaia.session.message.ActionRelay=warn). */
    private static void logAction(ClientConnection connection, String requestId, String action, String outcome, int deltas,
                                  long startNanos) {
        if (log.isInfoEnabled()) {
            RequestIds.logWith(requestId, () -> log.info("action {} from {} on {}: {} ({} deltas, {} ms)", action,
                    connection.userId(), connection.id(), outcome, deltas, (System.nanoTime() - startNanos) / 1_000_000));
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> params(JsonNode frame) {
        Map<String, Object> params = new LinkedHashMap<>();
        JsonNode nested = frame.get("params");
        if (nested != null && !nested.isNull()) {
            if (!nested.isObject()) {
                throw new BadFrame(ErrorCodes.INVALID_FIELD, "params", "field 'params' must be an object");
            }
            params.putAll(json.convert(nested, Map.class));
        }
        frame.properties().forEach(field -> {
            if (!RESERVED.contains(field.getKey())) {
                params.put(field.getKey(), json.convert(field.getValue(), Object.class));
            }
        });
        return params;
    }

    private void deliver(ClientConnection connection, ActionResponse response, String requestId) {
        Versions required = Versions.UNKNOWN;
        String zone = response.zone();
        String epoch = response.epoch();
        boolean sameHistory = epoch == null || connection.epoch() == null || epoch.equals(connection.epoch());
        // An answer of another history (a reset or restore crossed it) says nothing of where the player
        // stands in the socket's: that history's snapshot moves the socket, not this answer.
        if (sameHistory && zone != null && !zone.equals(connection.zone())) {
            // The action left the player in another zone than the socket follows: follow it first (its
            // snapshot follows), so the answer's deltas and world version are read in that zone's chain.
            gaps.zoneChanged(connection, zone);
        }
        for (WorldUpdateEvent event : response.events()) {
            if (!connection.experience().equals(event.experience()) || !concerns(connection, event)) {
                continue;
            }
            Delta delta = new Delta(event, json.write(event));
            connection.offer(delta);
            // only links of chains this socket follows: another zone's (a change visible everywhere moves every
            // chain) never reaches it, so the answer must not wait for that chain's number in its own
            if (sameHistory && connection.follows(event.zone()) && delta.sequenced() && delta.snapshot() > delta.base()) {
                VersionScope scope = delta.scope();
                Long before = required.of(scope);
                required = required.with(scope, before == null ? delta.snapshot() : Math.max(before, delta.snapshot()));
            }
        }
        if (sameHistory && connection.follows(zone)) {
            connection.expect(response.versions());
        }
        long now = System.currentTimeMillis();
        connection.sendAfter(new ServerMessages.ActionResult(response.action(), response.success(), response.message(),
                response.code(), response.metadata(), response.itemId(),
                response.timestamp() == null ? now : response.timestamp(), requestId), required);
        for (QuestUpdate update : response.questUpdates()) {
            connection.sendAfter(new ServerMessages.QuestEvent(SocketTypes.QUEST_UPDATE, response.action(), update,
                    requestId, now), required);
            if (update.questComplete()) {
                connection.sendAfter(new ServerMessages.QuestEvent(SocketTypes.QUEST_COMPLETE, response.action(),
                        update, requestId, now), required);
            }
        }
    }

    /**
     * Whether a delta of the reply is this socket's: shared-world deltas are everyone's; player
     * deltas (and private worlds) only their owner's. An admin command may change other players;
     * their deltas reach them on their own subjects, never this socket's sequence.
     */
    private static boolean concerns(ClientConnection connection, WorldUpdateEvent event) {
        boolean shared = event.scope() == VersionScope.WORLD
                && !io.gaia.events.EventMetadata.ISOLATED.equals(event.metadata().stateModel());
        return shared || event.userId() == null || connection.userId().equals(event.userId());
    }

}
