package io.gaia.session.ws;

import io.gaia.events.ErrorCodes;
import io.gaia.events.GaiaJson;
import io.gaia.events.SubjectToken;
import io.gaia.events.Subjects;
import io.gaia.events.socket.CloseCodes;
import io.gaia.events.socket.ServerMessages;
import io.gaia.session.config.SessionProperties;
import io.gaia.session.connection.ClientConnection;
import io.gaia.session.connection.CloseStatuses;
import io.gaia.session.connection.ConnectionRegistry;
import io.gaia.session.connection.NettySockets;
import io.gaia.session.delta.DeltaSubscriptions;
import io.gaia.session.delta.GapFiller;
import io.gaia.events.kb.AreaOfInterest;
import io.gaia.session.kb.AreaOfInterestFrame;
import io.gaia.support.kb.KbClient;
import io.gaia.support.kb.KbException;
import io.gaia.session.lifecycle.Draining;
import io.gaia.session.message.FrameDispatcher;
import io.gaia.session.metrics.SessionMetrics;
import io.gaia.support.jwt.AuthenticatedUser;
import io.gaia.support.jwt.InvalidTokenException;
import io.gaia.support.jwt.JwtValidator;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code /ws/experience}: authenticates the socket, subscribes the player's subjects, bootstraps
 * the player at kb-service, sends {@code connected} and the starting {@code area_of_interest} (or
 * replays from the versions the client resumes from), then serves frames until either side closes.
 */
public class ExperienceSocketHandler implements WebSocketHandler {

    private static final Logger log = LoggerFactory.getLogger(ExperienceSocketHandler.class);
    private static final int MAX_EXPERIENCE_LENGTH = 128;

    private final JwtValidator jwt;
    private final KbClient kb;
    private final GaiaJson json;
    private final ConnectionRegistry registry;
    private final DeltaSubscriptions subscriptions;
    private final GapFiller gaps;
    private final io.gaia.session.delta.ZoneInterest zones;
    private final FrameDispatcher frames;
    private final SessionMetrics metrics;
    private final Draining draining;
    private final ClientConnection.ConnectionLimits limits;
    private final int maxFrameBytes;
    private final SessionProperties.Sockets caps;

    public ExperienceSocketHandler(JwtValidator jwt, KbClient kb, GaiaJson json, ConnectionRegistry registry,
                                   DeltaSubscriptions subscriptions, GapFiller gaps,
                                   io.gaia.session.delta.ZoneInterest zones, FrameDispatcher frames,
                                   SessionMetrics metrics, Draining draining, SessionProperties properties) {
        this.jwt = jwt;
        this.kb = kb;
        this.json = json;
        this.registry = registry;
        this.subscriptions = subscriptions;
        this.gaps = gaps;
        this.zones = zones;
        this.frames = frames;
        this.metrics = metrics;
        this.draining = draining;
        this.limits = new ClientConnection.ConnectionLimits(properties.outboundBuffer(),
                properties.outboundBufferBytes().toBytes(), properties.delivery().pendingLimit(), properties.rateLimit().burst(), properties.rateLimit().perSecond());
        this.maxFrameBytes = properties.maxFrameBytes();
        this.caps = properties.sockets();
    }

    @Override
    public Mono<Void> handle(WebSocketSession session) {
        NettySockets.lingerOnClose(session); // every close frame, refusals' included, reaches a peer still sending
        if (draining.isDraining()) {
            return session.close(CloseStatuses.of(CloseCodes.GOING_AWAY, "server shutting down"));
        }
        ConnectRequest request = ConnectRequest.from(session.getHandshakeInfo());
        AuthenticatedUser user;
        try {
            user = jwt.validate(request.token());
        } catch (InvalidTokenException e) {
            metrics.authFailure();
            return session.close(CloseStatuses.of(CloseCodes.POLICY_VIOLATION, e.code() + ": " + e.getMessage()));
        }
        String experience = request.experience();
        if (experience == null || experience.isBlank() || experience.length() > MAX_EXPERIENCE_LENGTH
                || !SubjectToken.isPlain(experience)) {
            return refuse(session, ErrorCodes.UNKNOWN_EXPERIENCE, "query parameter 'experience' must name an experience",
                    CloseCodes.UNKNOWN_EXPERIENCE);
        }
        if (request.invalidResume() != null) {
            return refuse(session, ErrorCodes.INVALID_FIELD, request.invalidResume(), CloseCodes.POLICY_VIOLATION);
        }
        ClientConnection connection = new ClientConnection(newId(), user, experience, session, json, limits,
                request.legacyDeltas(), gaps);
        ConnectionRegistry.Refusal refusal = registry.tryAdd(connection, caps.perUser(), caps.perInstance());
        if (refusal != ConnectionRegistry.Refusal.NONE) {
            metrics.socketRefused(refusal == ConnectionRegistry.Refusal.USER_CAP ? "user_cap" : "instance_cap");
            String message = refusal == ConnectionRegistry.Refusal.USER_CAP
                    ? "this user already holds " + caps.perUser() + " sockets (the most allowed); close one first"
                    : "this server holds its most sockets (" + caps.perInstance() + "); retry later";
            return refuse(session, ErrorCodes.TOO_MANY_SOCKETS, message, CloseCodes.TOO_MANY_SOCKETS);
        }
        return serve(session, connection, request);
    }

    private Mono<Void> serve(WebSocketSession session, ClientConnection connection, ConnectRequest request) {
        String userSubject = Subjects.userUpdates(connection.userId());
        // (registered by handle.) Subscribe before asking kb-service for the state, so nothing published
        // in between is missed. The zone's subject follows the snapshot (see ZoneInterest).
        subscriptions.acquire(userSubject);

        Mono<Void> output = connection.writeTo(NettySockets.channel(session), frame -> metrics.frameOut(frame.eventTimestamp()))
                .onErrorResume(e -> Mono.empty())
                .then(Mono.defer(() -> session.isOpen() ? session.close(connection.closeStatus()) : Mono.empty()));

        Mono<Void> input = bootstrap(connection, request).onTerminateDetach()
                .thenMany(session.receive())
                .doOnNext(message -> {
                    connection.touch();
                    if (message.getType() == WebSocketMessage.Type.PONG) {
                        frames.pong(connection, pingSeq(message.getPayload()));
                    }
                })
                .filter(message -> message.getType() == WebSocketMessage.Type.TEXT
                        || message.getType() == WebSocketMessage.Type.BINARY)
                // One frame at a time: a client's actions reach kb-service in the order it sent them.
                // (Keep the default prefetch: with prefetch 1, frames stalled after a few actions.)
                // onTerminateDetach: concatMap keeps its last inner's subscription until the next frame, and
                // with it that frame's whole chain (a kb call's subscribers and the answer they carried, e.g.
                // a zone's snapshot): ~5 KB per idle socket, 21.3 KB instead of ~16 with 10,000 sockets.
                .concatMap(message -> serveFrame(connection, message).onTerminateDetach())
                .onErrorResume(e -> {
                    tooBigOrBroken(connection, e);
                    return Mono.empty();
                })
                .then(Mono.fromRunnable(() -> connection.closeAfterFlush(CloseCodes.NORMAL, "")));

        return Mono.when(input, output)
                .doFinally(signal -> {
                    registry.remove(connection);
                    subscriptions.release(userSubject);
                    zones.leave(connection);
                });
    }

    private Mono<Void> bootstrap(ClientConnection connection, ConnectRequest request) {
        return kb.areaOfInterest(connection.experience(), connection.token())
                .publishOn(Schedulers.boundedElastic())
                .doOnNext(current -> start(connection, request, current))
                .onErrorResume(KbException.class, e -> {
                    boolean unknown = ErrorCodes.UNKNOWN_EXPERIENCE.equals(e.code()) || e.status().value() == 404;
                    boolean tooLarge = ErrorCodes.PAYLOAD_TOO_LARGE.equals(e.code());
                    String code = unknown ? ErrorCodes.UNKNOWN_EXPERIENCE : e.code();
                    connection.send(new ServerMessages.SocketError(code, e.getMessage(), null, null));
                    connection.closeAfterFlush(unknown ? CloseCodes.UNKNOWN_EXPERIENCE
                            : tooLarge ? CloseCodes.AREA_TOO_LARGE : CloseCodes.SERVER_ERROR, e.getMessage());
                    return Mono.empty();
                })
                .onErrorResume(e -> {
                    log.error("bootstrap of {} failed", connection.id(), e);
                    connection.closeAfterFlush(CloseCodes.SERVER_ERROR, "internal error");
                    return Mono.empty();
                })
                .then();
    }

    private void start(ClientConnection connection, ConnectRequest request, AreaOfInterest current) {
        connection.send(new ServerMessages.Connected(connection.id(), connection.userId(), connection.experience(),
                System.currentTimeMillis(), current.versions(), current.epoch()));
        if (request.resumeFrom() != null) {
            gaps.resume(connection, request.resumeFrom(), request.epoch(), request.zone(), current);
        } else {
            gaps.adopt(connection, current, false);
        }
    }

    private Mono<Void> serveFrame(ClientConnection connection, WebSocketMessage message) {
        if (connection.isClosing()) {
            return Mono.empty();
        }
        int size = message.getPayload().readableByteCount();
        if (size > maxFrameBytes) {
            connection.closeNow(CloseCodes.MESSAGE_TOO_BIG, "frame of " + size + " bytes exceeds " + maxFrameBytes);
            return Mono.empty();
        }
        if (message.getType() == WebSocketMessage.Type.BINARY) {
            metrics.badFrame();
            connection.send(new ServerMessages.SocketError(ErrorCodes.INVALID_JSON, "send JSON as text frames", null, null));
            return Mono.empty();
        }
        return frames.handle(connection, message.getPayloadAsText());
    }

    private void tooBigOrBroken(ClientConnection connection, Throwable e) {
        if (isTooLong(e)) {
            connection.closeNow(CloseCodes.MESSAGE_TOO_BIG, "frame exceeds " + maxFrameBytes + " bytes");
        } else {
            log.debug("socket {} input ended: {}", connection.id(), e.toString());
            connection.closeNow(CloseCodes.SERVER_ERROR, "input failed");
        }
    }

    /** The sequence number a pong echoes (our pings carry 8 bytes), or -1 for any other payload. */
    private static long pingSeq(DataBuffer payload) {
        if (payload.readableByteCount() != Long.BYTES) {
            return -1;
        }
        long seq = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            seq = (seq << 8) | (payload.getByte(payload.readPosition() + i) & 0xff);
        }
        return seq;
    }

    private static boolean isTooLong(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String name = t.getClass().getSimpleName();
            if (name.contains("TooLongFrame") || name.contains("TooLong") || name.contains("CorruptedWebSocketFrame")) {
                return true;
            }
        }
        return false;
    }

    private Mono<Void> refuse(WebSocketSession session, String code, String message, int closeCode) {
        byte[] error = json.write(new ServerMessages.SocketError(code, message, null, null));
        return session.send(Mono.just(new WebSocketMessage(WebSocketMessage.Type.TEXT, session.bufferFactory().wrap(error))))
                .then(session.close(CloseStatuses.of(closeCode, message)));
    }

    private static String newId() {
        return Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
    }
}
