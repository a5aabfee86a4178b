package io.gaia.session.message;

import io.gaia.events.ChatText;
import io.gaia.events.CodecException;
import io.gaia.events.ErrorCodes;
import io.gaia.events.GaiaJson;
import io.gaia.events.socket.ServerMessages;
import io.gaia.events.socket.SocketTypes;
import io.gaia.events.socket.Versions;
import io.gaia.session.chat.ChatRelay;
import io.gaia.session.connection.ClientConnection;
import io.gaia.session.delta.GapFiller;
import io.gaia.session.kb.AreaOfInterestFrame;
import io.gaia.support.kb.KbClient;
import io.gaia.support.kb.KbException;
import io.gaia.session.metrics.SessionMetrics;
import io.gaia.support.jwt.AuthenticatedUser;
import io.gaia.support.jwt.InvalidTokenException;
import io.gaia.support.jwt.JwtValidator;
import io.gaia.support.web.RequestIds;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

/**
 * Reads one text frame from a client and serves it by its {@code type}. A bad frame is answered
 * with an {@code error} frame naming a documented code; the socket always stays open.
 */
@Component
public class FrameDispatcher {

    private static final Logger log = LoggerFactory.getLogger(FrameDispatcher.class);
    private static final int MAX_ID_LENGTH = 128;

    private final GaiaJson json;
    private final ActionRelay actions;
    private final KbClient kb;
    private final ChatRelay chat;
    private final GapFiller gaps;
    private final JwtValidator jwt;
    private final SessionMetrics metrics;

    FrameDispatcher(GaiaJson json, ActionRelay actions, KbClient kb, ChatRelay chat, GapFiller gaps,
                    JwtValidator jwt, SessionMetrics metrics) {
        this.json = json;
        this.actions = actions;
        this.kb = kb;
        this.chat = chat;
        this.gaps = gaps;
        this.jwt = jwt;
        this.metrics = metrics;
    }

    public Mono<Void> handle(ClientConnection connection, String text) {
        metrics.frameIn();
        if (!connection.tryAcceptFrame()) {
            metrics.rateLimited();
            connection.send(new ServerMessages.SocketError(ErrorCodes.RATE_LIMITED,
                    "too many frames; slow down", droppedRequestId(text), null));
            return Mono.empty();
        }
        String requestId = null;
        try {
            JsonNode frame = parse(text);
            requestId = requestId(frame);
            String id = requestId == null ? UUID.randomUUID().toString() : requestId;
            return route(connection, frame, id)
                    .onErrorResume(BadFrame.class, e -> reject(connection, e, id))
                    // kb-service calls made for this frame carry its id (X-Request-Id)
                    .contextWrite(RequestIds.context(id));
        } catch (BadFrame e) {
            return reject(connection, e, requestId);
        } catch (RuntimeException e) {
            log.error("frame from {} failed", connection.id(), e);
            connection.send(new ServerMessages.SocketError(ErrorCodes.INTERNAL_ERROR, "internal error", requestId, null));
            return Mono.empty();
        }
    }

    /** The request id of a frame dropped by the rate limit, so the client knows which one (null if none or bad). */
    private String droppedRequestId(String text) {
        try {
            JsonNode frame = json.readTree(text);
            String id = frame.isObject() && frame.path("request_id").isString() ? frame.path("request_id").asString() : null;
            return RequestIds.isSafe(id) ? id : null;
        } catch (CodecException e) {
            return null;
        }
    }

    /** A client's request_id follows the one rule of {@link RequestIds}; a bad one is refused, never echoed. */
    private static String requestId(JsonNode frame) {
        String id = Fields.optionalText(frame, "request_id", RequestIds.MAX_LENGTH);
        if (id != null && !RequestIds.isSafe(id)) {
            throw new BadFrame(ErrorCodes.INVALID_FIELD, "request_id", "request_id must be " + RequestIds.RULE);
        }
        return id;
    }

    private JsonNode parse(String text) {
        JsonNode frame;
        try {
            frame = json.readTree(text);
        } catch (CodecException e) {
            throw new BadFrame(e.code(), null, e.getMessage());
        }
        if (!frame.isObject()) {
            throw new BadFrame(ErrorCodes.INVALID_JSON, null, "a frame must be a JSON object");
        }
        JsonNode type = frame.get("type");
        if (type == null || type.isNull() || (type.isString() && type.asString().isBlank())) {
            throw new BadFrame(ErrorCodes.MISSING_TYPE, "type", "a frame needs a 'type'");
        }
        if (!type.isString()) {
            throw new BadFrame(ErrorCodes.INVALID_FIELD, "type", "field 'type' must be a string");
        }
        return frame;
    }

    private Mono<Void> route(ClientConnection connection, JsonNode frame, String requestId) {
        String type = frame.get("type").asString();
        return switch (type) {
            case SocketTypes.ACTION -> actions.handle(connection, frame, requestId);
            case SocketTypes.PING -> pong(connection, frame);
            case SocketTypes.GET_COMMANDS -> commands(connection, requestId);
            case SocketTypes.UPDATE_LOCATION -> location(connection, frame, requestId);
            case SocketTypes.CHAT -> chat(connection, frame, requestId);
            case SocketTypes.REFRESH_TOKEN -> refresh(connection, frame, requestId);
            case SocketTypes.RESUME -> resume(connection, frame, requestId);
            default -> throw new BadFrame(ErrorCodes.UNKNOWN_MESSAGE_TYPE, "type",
                    "unknown message type '" + abbreviate(type) + "'");
        };
    }

    /** A chat turn streams for seconds: it runs beside the socket's frames instead of holding them up. */
    private Mono<Void> chat(ClientConnection connection, JsonNode frame, String requestId) {
        String text = Fields.requiredText(frame, "text", ChatText.MAX_CHARS);
        String conversationId = Fields.optionalText(frame, "conversation_id", MAX_ID_LENGTH);
        chat.relay(connection, text, conversationId, requestId).subscribe();
        return Mono.empty();
    }

    private Mono<Void> pong(ClientConnection connection, JsonNode frame) {
        JsonNode timestamp = frame.get("timestamp");
        // only a number that fits a long is echoed: asLong() throws on 1e999 or a 30-digit integer (found by fuzzing)
        Long echoed = timestamp != null && timestamp.isNumber() && timestamp.canConvertToLong() ? timestamp.asLong() : null;
        connection.send(new ServerMessages.Pong(echoed, System.currentTimeMillis()));
        return Mono.empty();
    }

    private Mono<Void> commands(ClientConnection connection, String requestId) {
        long start = System.nanoTime();
        return kb.commands(connection.experience(), connection.token())
                .doOnNext(schema -> {
                    metrics.kbRelay(start);
                    connection.send(new ServerMessages.CommandsSchema(schema.commands(), System.currentTimeMillis()));
                })
                .onErrorResume(KbException.class, e -> upstreamError(connection, e, requestId))
                .then();
    }

    /**
     * One area of interest per location the client has read up to: while the last one is unread (or
     * being fetched) a new location is kept, the newest replacing older ones, and fetched once the
     * client's pong shows it read the last ({@link #pong}).
     */
    private Mono<Void> location(ClientConnection connection, JsonNode frame, String requestId) {
        double lat = Fields.requiredNumber(frame, "lat", -90, 90);
        double lng = Fields.requiredNumber(frame, "lng", -180, 180);
        if (!connection.startLocating(new ClientConnection.Location(lat, lng, requestId))) {
            metrics.locationDeferred();
            return Mono.empty();
        }
        return locate(connection, lat, lng, requestId);
    }

    private Mono<Void> locate(ClientConnection connection, double lat, double lng, String requestId) {
        long start = System.nanoTime();
        // An area of interest is a snapshot: the client adopts its versions (and its zone), so the pipeline
        // does too; the socket's deltas wait for it, so it is never older than what the client holds.
        return Mono.defer(() -> gaps.withDeltasWaiting(connection, () -> kb.updateLocation(connection.experience(),
                        lat, lng, connection.token()), area -> {
                    metrics.kbRelay(start);
                    gaps.adopt(connection, area, false);
                }))
                .onErrorResume(KbException.class, e -> upstreamError(connection, e, requestId))
                .doFinally(signal -> {
                    connection.located();
                    if (connection.awaitsZoneSnapshot()) {
                        gaps.zoneSnapshot(connection); // the move's own snapshot did not come
                    }
                })
                .then();
    }

    /** A pong to ping {@code seq}: the client read up to it; a location kept meanwhile is fetched now. */
    public void pong(ClientConnection connection, long seq) {
        connection.pong(seq);
        ClientConnection.Location next = connection.takeDeferredLocation();
        if (next != null) {
            locate(connection, next.lat(), next.lng(), next.requestId())
                    .contextWrite(RequestIds.context(next.requestId()))
                    .subscribe(null, e -> log.error("location of {} failed", connection.id(), e));
        }
    }

    private Mono<Void> refresh(ClientConnection connection, JsonNode frame, String requestId) {
        String token = Fields.requiredText(frame, "token", JwtValidator.MAX_TOKEN_LENGTH);
        AuthenticatedUser fresh;
        try {
            fresh = jwt.validate(token);
        } catch (InvalidTokenException e) {
            metrics.authFailure();
            throw new BadFrame(e.code(), "token", e.getMessage());
        }
        if (!fresh.userId().equals(connection.userId())) {
            throw new BadFrame(ErrorCodes.FORBIDDEN, "token", "a refreshed token must be for the same user");
        }
        connection.refresh(fresh);
        long expiresAt = fresh.expiresAt().toEpochMilli(); // every accepted token carries exp
        connection.send(new ServerMessages.TokenRefreshed(expiresAt, System.currentTimeMillis()));
        return Mono.empty();
    }

    private Mono<Void> resume(ClientConnection connection, JsonNode frame, String requestId) {
        JsonNode versions = frame.get("versions");
        if (versions == null || !versions.isObject()) {
            throw new BadFrame(ErrorCodes.MISSING_FIELD, "versions", "a resume frame needs 'versions' {world, player}");
        }
        Versions from = new Versions(Fields.optionalVersion(versions, "world", "versions.world"),
                Fields.optionalVersion(versions, "player", "versions.player"));
        if (from.isEmpty()) {
            throw new BadFrame(ErrorCodes.MISSING_FIELD, "versions", "'versions' needs 'world' and/or 'player'");
        }
        String epoch = resumeEpoch(frame);
        String zone = resumeZone(frame);
        return kb.areaOfInterest(connection.experience(), connection.token())
                .publishOn(Schedulers.boundedElastic())
                .doOnNext(current -> gaps.resume(connection, from, epoch, zone, current))
                .onErrorResume(KbException.class, e -> upstreamError(connection, e, requestId))
                .then();
    }

    /** The optional {@code epoch} of a resume frame (absent or another epoch: one snapshot, no replay). */
    private static String resumeEpoch(JsonNode frame) {
        JsonNode epoch = frame.get("epoch");
        if (epoch == null || epoch.isNull()) {
            return null;
        }
        if (!epoch.isString() || !epoch.asString().matches("[A-Za-z0-9_-]{1,40}")) {
            throw new BadFrame(ErrorCodes.INVALID_FIELD, "epoch", "'epoch' must match [A-Za-z0-9_-]{1,40}");
        }
        return epoch.asString();
    }

    /** The optional {@code zone} of a resume frame: the chain {@code versions.world} is of (absent: the current one's). */
    private static String resumeZone(JsonNode frame) {
        JsonNode zone = frame.get("zone");
        if (zone == null || zone.isNull()) {
            return null;
        }
        if (!zone.isString() || !io.gaia.events.ZoneChain.isName(zone.asString())) {
            throw new BadFrame(ErrorCodes.INVALID_FIELD, "zone", "'zone' must be " + io.gaia.events.ZoneChain.NAME_RULE);
        }
        return zone.asString();
    }

    private <T> Mono<T> upstreamError(ClientConnection connection, KbException e, String requestId) {
        connection.send(new ServerMessages.SocketError(e.code(), e.getMessage(), requestId, null));
        return Mono.empty();
    }

    private Mono<Void> reject(ClientConnection connection, BadFrame e, String requestId) {
        metrics.badFrame();
        connection.send(new ServerMessages.SocketError(e.code(), e.getMessage(), requestId, e.field()));
        return Mono.empty();
    }

    private static String abbreviate(String value) {
        return value.length() > 64 ? value.substring(0, 64) + "..." : value;
    }
}
