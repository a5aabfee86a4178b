package io.gaia.session.delta;

import io.gaia.events.GaiaJson;
import io.gaia.events.Subjects;
import io.gaia.events.VersionScope;
import io.gaia.events.socket.ServerMessages;
import io.gaia.events.socket.Versions;
import io.gaia.session.config.SessionProperties;
import io.gaia.session.connection.ClientConnection;
import io.gaia.session.kb.AreaOfInterest;
import io.gaia.session.kb.KbClient;
import io.gaia.session.metrics.SessionMetrics;
import io.gaia.support.nats.NatsConnection;
import io.nats.client.Connection;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;
import tools.jackson.databind.JsonNode;

/**
 * Closes a connection's gaps so no client ever misses a delta silently: first by replaying the
 * missed deltas from JetStream, and when that cannot close the gap (too much missed, not in the
 * stream, NATS away) by sending a fresh {@code area_of_interest} marked {@code resync: true}.
 * Also serves resume requests, which are the same problem starting from the client's versions.
 */
public final class GapFiller implements ClientConnection.Listener {

    private static final Logger log = LoggerFactory.getLogger(GapFiller.class);
    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final int MAX_RESYNC_ATTEMPTS = 5;
    private static final int VERIFY_CONCURRENCY = 16;

    private final NatsConnection nats;
    private final JetStreamReplay replay;
    private final KbClient kb;
    private final GaiaJson json;
    private final SessionMetrics metrics;
    private final Duration grace;
    private final int replayLimit;
    private final Scheduler blocking = Schedulers.boundedElastic();

    public GapFiller(NatsConnection nats, JetStreamReplay replay, KbClient kb, GaiaJson json, SessionMetrics metrics,
                     SessionProperties properties) {
        this.nats = nats;
        this.replay = replay;
        this.kb = kb;
        this.json = json;
        this.metrics = metrics;
        this.grace = properties.delivery().gapGrace();
        this.replayLimit = properties.delivery().replayLimit();
    }

    /** A gap opened: give the racing path a moment to deliver the missing delta, then fill it. */
    @Override
    public void gapOpened(ClientConnection connection) {
        Mono.delay(grace).publishOn(blocking).subscribe(tick -> fill(connection, 0));
    }

    @Override
    public void overflowed(ClientConnection connection) {
        metrics.slowConsumerClose();
        connection.closeNow(io.gaia.events.socket.CloseCodes.SLOW_CONSUMER, "slow consumer: outbound buffer full");
    }

    private void fill(ClientConnection connection, int attempt) {
        if (!connection.isOpen()) {
            return;
        }
        if (connection.hasGap() && !connection.needsSnapshot()) {
            replayMissed(connection);
        }
        if (connection.hasGap()) {
            resync(connection, null, attempt);
        } else {
            connection.gapHandled();
        }
    }

    /**
     * Serves a resume: the client holds {@code from}; {@code current} is kb-service's area of interest
     * fetched just now. Replays what is missing, else resyncs, then says what it did ({@code resumed}).
     */
    public void resume(ClientConnection connection, Versions requested, JsonNode current) {
        metrics.resume();
        Versions latest = AreaOfInterest.versions(current);
        // A scope the client did not name is taken as current: it asked for nothing there.
        Versions from = new Versions(requested.world() != null ? requested.world() : latest.world(),
                requested.player() != null ? requested.player() : latest.player());
        int replayed = 0;
        // A client claiming versions kb never reached gets a snapshot; taking its claim as a baseline
        // would leave a "known" version no delta can ever reach, and every snapshot would look like a gap.
        boolean resync = aheadOf(from, latest);
        if (!resync) {
            connection.baseline(from, null);
            connection.expect(latest);
            if (connection.hasGap()) {
                replayed = replayMissed(connection);
                resync = connection.hasGap();
            }
        }
        if (resync) {
            sendSnapshot(connection, current);
        }
        connection.send(new ServerMessages.Resumed(from, connection.delivered(), replayed, resync,
                System.currentTimeMillis()));
        connection.gapHandled();
    }

    /**
     * After NATS came back: ask kb-service how far each player's state went, and fill any gap. A few
     * sockets at a time, so a reconnect of thousands of sockets does not flood kb-service.
     */
    public void verifyAll(Collection<ClientConnection> connections) {
        Flux.fromIterable(List.copyOf(connections))
                .flatMap(this::verify, VERIFY_CONCURRENCY)
                .subscribe();
    }

    private Mono<Void> verify(ClientConnection connection) {
        if (!connection.isOpen()) {
            return Mono.empty();
        }
        return kb.areaOfInterest(connection.experience(), connection.token())
                .retryWhen(Retry.backoff(3, RETRY))
                .publishOn(blocking)
                .doOnNext(current -> {
                    connection.expect(AreaOfInterest.versions(current));
                    if (connection.hasGap()) {
                        fill(connection, 0);
                    }
                })
                .onErrorResume(e -> {
                    log.warn("could not check {} against kb-service after a NATS outage: {}", connection.id(), e.toString());
                    return Mono.empty();
                })
                .then();
    }

    /** Blocking. Returns how many deltas were replayed. */
    private int replayMissed(ClientConnection connection) {
        Optional<Connection> live = nats.connected();
        if (live.isEmpty()) {
            return 0;
        }
        Versions at = connection.delivered();
        int total = 0;
        try {
            for (VersionScope scope : VersionScope.values()) {
                Long from = at.of(scope);
                if (from == null) {
                    continue;
                }
                for (String subject : subjectsOf(connection, scope)) {
                    JetStreamReplay.Result result = replay.replay(live.get(), subject, connection.experience(), scope,
                            from, replayLimit);
                    if (result.truncated()) {
                        return total; // too far behind: a snapshot is cheaper than a long replay
                    }
                    result.deltas().forEach(connection::offer);
                    total += result.deltas().size();
                }
            }
        } catch (Exception e) {
            log.warn("replay for {} failed: {}", connection.id(), e.toString());
        } catch (Throwable t) {
            log.error("replay for {} failed", connection.id(), t);
        }
        metrics.replayed(total);
        return total;
    }

    /** World deltas are on the experience subject (shared model) or the user's (isolated model); player deltas on the user's. */
    private static String[] subjectsOf(ClientConnection connection, VersionScope scope) {
        String user = Subjects.userUpdates(connection.userId());
        return scope == VersionScope.WORLD
                ? new String[] {Subjects.experienceUpdates(connection.experience()), user}
                : new String[] {user};
    }

    private void resync(ClientConnection connection, JsonNode current, int attempt) {
        kb.areaOfInterest(connection.experience(), connection.token())
                .publishOn(blocking)
                .subscribe(fresh -> {
                    sendSnapshot(connection, fresh);
                    connection.gapHandled();
                }, e -> {
                    log.warn("resync of {} failed ({}): {}", connection.id(), attempt, e.toString());
                    if (attempt + 1 >= MAX_RESYNC_ATTEMPTS) {
                        connection.releaseHeld();
                    }
                    Mono.delay(RETRY).publishOn(blocking).subscribe(t -> fill(connection, attempt + 1));
                });
    }

    private void sendSnapshot(ClientConnection connection, JsonNode current) {
        metrics.resync();
        connection.baseline(AreaOfInterest.versions(current),
                AreaOfInterest.frame(json.mapper().createObjectNode(), current, true));
    }

    private static boolean aheadOf(Versions client, Versions server) {
        for (VersionScope scope : VersionScope.values()) {
            Long mine = client.of(scope);
            Long theirs = server.of(scope);
            if (mine != null && theirs != null && mine > theirs) {
                return true;
            }
        }
        return false;
    }
}
