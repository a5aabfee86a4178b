package io.gaia.session.delta;

import io.gaia.events.GaiaJson;
import io.gaia.events.Subjects;
import io.gaia.events.VersionScope;
import io.gaia.events.socket.CloseCodes;
import io.gaia.events.socket.ServerMessages;
import io.gaia.events.socket.Versions;
import io.gaia.session.config.SessionProperties;
import io.gaia.session.connection.ClientConnection;
import io.gaia.events.kb.AreaOfInterest;
import io.gaia.session.kb.AreaOfInterestFrame;
import io.gaia.support.kb.KbClient;
import io.gaia.session.metrics.SessionMetrics;
import io.gaia.support.nats.NatsConnection;
import io.nats.client.Connection;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * Closes a connection's gaps so no client ever misses a delta silently: first by replaying the
 * missed deltas from JetStream (same epoch, unbroken chain only), and when that cannot close the
 * gap by sending a fresh {@code area_of_interest} marked {@code resync: true}. Also serves resume
 * requests and experience lifecycle events (reset/restore: one snapshot per socket).
 *
 * <p>Budget per socket ({@link GapBudget}): one fill in flight at a time (requests meanwhile fold
 * into one follow-up), snapshots spaced by exponential backoff (at most the first step while the
 * client's own answer is held behind the gap), and a socket that still is not in
 * line after {@link GapBudget.Settings#maxUnconverged} snapshots within the window is closed with
 * {@link CloseCodes#RESYNC_FAILED}. So one bad message costs at most a handful of snapshots.
 */
public final class GapFiller implements ClientConnection.Listener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GapFiller.class);
    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final int MAX_RESYNC_ATTEMPTS = 5;
    private static final int VERIFY_CONCURRENCY = 16;
    /** Fresh snapshots fetched in place of a stale one before the last is adopted whatever it holds. */
    static final int STALE_REFETCHES = 3;
    /** kb-service fetches in flight for one lifecycle event (each holds one area of interest in memory). */
    static final int LIFECYCLE_CONCURRENCY = 8;

    private final NatsConnection nats;
    private final JetStreamReplay replay;
    private final RecentDeltas recent;
    private final ZoneInterest zones;
    private final KbClient kb;
    private final GaiaJson json;
    private final SessionMetrics metrics;
    private final Duration grace;
    private final int replayLimit;
    /**
     * Its own few threads for the blocking part (JetStream replays): a burst of gap fills (a lifecycle event,
     * a NATS reconnect with thousands of sockets) queues here instead of occupying the shared bounded-elastic
     * pool that health checks and socket bootstraps wait on. At most one fill per socket is queued
     * ({@link GapBudget}), so the queue is bounded by the sockets.
     */
    private final Scheduler blocking = Schedulers.newBoundedElastic(
            Math.max(4, 2 * Runtime.getRuntime().availableProcessors()), 100_000, "gap-fill", 60, true);
    /**
     * Where kb-service's snapshots are applied (a frame built, versions adopted): apart from the replays, so
     * that a snapshot that arrived never waits behind other sockets' JetStream reads. After a reset under
     * load, 200 sockets' replays queued on the four threads above kept a few sockets' new-epoch snapshots
     * waiting 15 s after kb-service had answered.
     */
    private final Scheduler snapshots = Schedulers.newBoundedElastic(
            Math.max(2, Runtime.getRuntime().availableProcessors()), 100_000, "gap-snapshot", 60, true);

    public GapFiller(NatsConnection nats, JetStreamReplay replay, RecentDeltas recent, ZoneInterest zones, KbClient kb,
                     GaiaJson json, SessionMetrics metrics, SessionProperties properties) {
        this.nats = nats;
        this.replay = replay;
        this.recent = recent;
        this.zones = zones;
        this.kb = kb;
        this.json = json;
        this.metrics = metrics;
        this.grace = properties.delivery().gapGrace();
        this.replayLimit = properties.delivery().replayLimit();
    }

    @Override
    public void close() {
        blocking.dispose();
        snapshots.dispose();
    }

    /** A gap opened: give the racing path a moment to deliver the missing delta, then fill it. */
    @Override
    public void gapOpened(ClientConnection connection) {
        request(connection, grace);
    }

    @Override
    public void overflowed(ClientConnection connection) {
        metrics.slowConsumerClose();
        connection.closeNow(CloseCodes.SLOW_CONSUMER, "slow consumer: outbound buffer full");
    }

    /** Counts a refused delta; one that may mean the socket is behind or in an old epoch asks for a (budgeted) snapshot. */
    @Override
    public void rejected(ClientConnection connection, Delta delta, DeltaSequencer.Rejection rejection) {
        metrics.deltaRejected(rejection.reason());
        if (rejection.snapshotAdvised()) {
            connection.gapBudget().wantSnapshot(delta.event().epoch());
            request(connection, grace);
        }
    }

    /**
     * The socket's player walked into another zone: follow it (subscribed before the snapshot is asked
     * for), then send that zone's snapshot. While an {@code update_location} is being answered, its own
     * snapshot is the one sent (one snapshot per move, not two). Not counted against the gap budget: a
     * walk is not a gap.
     */
    @Override
    public void zoneChanged(ClientConnection connection, String zone) {
        ZoneInterest.Entered entered = zones.enter(connection, zone);
        if (!entered.changed()) {
            return;
        }
        metrics.zoneChange();
        log.debug("socket {} follows zone {} now (locating: {}, subscribed now: {})", connection.id(), zone,
                connection.isLocating(), entered.subscribedNow());
        if (connection.isLocating()) {
            // that answer's snapshot was built before this instance listened to the zone: check it once more
            applied(connection, entered);
            return;
        }
        zoneSnapshot(connection);
    }

    /** Fetches and sends the snapshot of the zone the socket now follows (the player's, as kb-service has it now). */
    public void zoneSnapshot(ClientConnection connection) {
        fetchSnapshot(connection, fresh -> adopt(connection, fresh, false))
                .subscribe(null, e -> {
                    log.warn("snapshot of {}'s new zone failed: {}", connection.id(), e.toString());
                    connection.gapBudget().wantSnapshot(null);
                    request(connection, RETRY);
                });
    }

    /**
     * Sends {@code snapshot} (an {@code area_of_interest}, marked {@code resync} if asked) and adopts its
     * versions and zone. One built before something the socket was already sent (a delta overtook the
     * answer that carried it, or the player walked on meanwhile) would take the client back and have
     * deltas it holds sent again: it is left out and a fresh one fetched instead, up to
     * {@link #STALE_REFETCHES} times; the last is adopted whatever it holds (a replay then closes what it lacks).
     */
    public void adopt(ClientConnection connection, AreaOfInterest snapshot, boolean resync) {
        adopt(connection, snapshot, resync, 0);
    }

    private void adopt(ClientConnection connection, AreaOfInterest snapshot, boolean resync, int refetched) {
        ZoneInterest.Entered entered = zones.apply(connection, snapshot, resync, refetched >= STALE_REFETCHES);
        if (!entered.stale()) {
            applied(connection, entered);
            return;
        }
        metrics.staleSnapshot();
        log.debug("socket {} left out a stale snapshot (versions {}); fetching a fresh one", connection.id(),
                snapshot.versions());
        if (!connection.isOpen()) {
            return;
        }
        fetchSnapshot(connection, fresh -> adopt(connection, fresh, resync, refetched + 1))
                .subscribe(null, e -> {
                    log.warn("fresh snapshot for {} failed: {}", connection.id(), e.toString());
                    connection.gapBudget().wantSnapshot(null);
                    request(connection, RETRY);
                });
    }

    /**
     * Asks kb-service for the area of interest of the socket's player and hands it to {@code use} on the
     * gap-fill threads, the socket's deltas waiting from the request until {@code use} has run (see
     * {@link #withDeltasWaiting}).
     */
    private Mono<AreaOfInterest> fetchSnapshot(ClientConnection connection, Consumer<AreaOfInterest> use) {
        return withDeltasWaiting(connection,
                () -> kb.areaOfInterest(connection.experience(), connection.token()).publishOn(snapshots), use);
    }

    /**
     * Runs {@code request}, whose answer is a snapshot of the socket's player, with the socket's deltas
     * waiting ({@link ClientConnection#awaitSnapshot}) from the moment it is sent until {@code use} has
     * applied the answer, or it failed or was cancelled. kb-service builds the answer after every delta the
     * socket was sent, so it can never be older than what the client holds, however busy the zone: a
     * snapshot and the deltas travel different paths, and one that arrived behind a delta the socket had
     * already sent would take the client back (a taken bottle showing again until the delta comes again).
     * Downstream sees the answer after the deltas that waited went out.
     */
    public <T> Mono<T> withDeltasWaiting(ClientConnection connection, Supplier<Mono<T>> request, Consumer<T> use) {
        return Mono.defer(() -> {
            ClientConnection.SnapshotWait wait = connection.awaitSnapshot();
            return request.get()
                    .doOnNext(answer -> {
                        try {
                            use.accept(answer);
                        } finally {
                            wait.settle();
                        }
                    })
                    .doOnError(e -> wait.settle())
                    .doFinally(signal -> wait.settle());
        });
    }

    /**
     * After a snapshot was applied: when the socket follows its zone only from now on (a new socket, or a walk
     * the snapshot showed), a delta of that zone published between the snapshot and now went to the zone's
     * other sockets but not to this one, and so did every delta while this instance's subscription to the zone
     * was on its way, if it subscribed just now. The next delta would show the gap, but a quiet zone may send
     * none for a long time (the reliability drill caught a client one version behind through its whole
     * audit, after a session-service restart). So the versions are checked once more against kb-service (a
     * replay closes what is missing).
     */
    public void applied(ClientConnection connection, ZoneInterest.Entered entered) {
        if (entered.changed()) {
            verify(connection).subscribe();
        }
    }

    /**
     * An experience's history broke (reset, restore, fresh state): every socket of it not already
     * in {@code epoch} gets one snapshot, {@link #LIFECYCLE_CONCURRENCY} kb-service fetches at a time.
     */
    public Mono<Void> resyncAll(Collection<ClientConnection> connections, String epoch) {
        return Flux.fromIterable(List.copyOf(connections))
                .filter(connection -> {
                    boolean behind = connection.isOpen() && !Objects.equals(epoch, connection.epoch());
                    if (!behind) {
                        log.debug("socket {} left out of the resync to epoch {}: open {}, holds epoch {}", connection.id(),
                                epoch, connection.isOpen(), connection.epoch());
                    }
                    return behind;
                })
                .flatMap(connection -> lifecycleSnapshot(connection, epoch), LIFECYCLE_CONCURRENCY)
                .then();
    }

    private Mono<Void> lifecycleSnapshot(ClientConnection connection, String epoch) {
        GapBudget budget = connection.gapBudget();
        if (!budget.tryStart()) {
            budget.wantSnapshot(epoch); // the fill in flight takes it afterwards
            return Mono.empty();
        }
        java.util.concurrent.atomic.AtomicBoolean failed = new java.util.concurrent.atomic.AtomicBoolean();
        return fetchSnapshot(connection, fresh -> snapshot(connection, fresh))
                .doOnNext(fresh -> taken(connection))
                .onErrorResume(e -> {
                    // e.g. kb-service announced its new epoch before its HTTP side is up: try again shortly
                    log.warn("resync of {} after a lifecycle event failed: {}", connection.id(), e.toString());
                    budget.wantSnapshot(epoch);
                    failed.set(true);
                    return Mono.empty();
                })
                .doFinally(signal -> {
                    done(connection, Duration.ZERO);
                    if (failed.get() && connection.isOpen()) {
                        request(connection, RETRY.multipliedBy(Math.min(budget.failed(), 30)));
                    }
                })
                .then();
    }

    /** Starts a fill after {@code delay}, unless one is in flight (then it runs once more when that one ends). */
    private void request(ClientConnection connection, Duration delay) {
        if (!connection.gapBudget().tryStart()) {
            return;
        }
        Mono.delay(delay).publishOn(blocking).subscribe(tick -> fill(connection));
    }

    private void done(ClientConnection connection, Duration delay) {
        boolean again = connection.gapBudget().finish();
        connection.gapHandled();
        if (again && connection.isOpen()) {
            request(connection, delay);
        }
    }

    private void fill(ClientConnection connection) {
        GapBudget budget = connection.gapBudget();
        if (!connection.isOpen()) {
            budget.finish();
            return;
        }
        String wish = budget.takeSnapshotWish();
        boolean wanted = wish != null && (wish.isEmpty() || !wish.equals(connection.epoch()));
        log.debug("socket {} fill: snapshot wished {} (holds epoch {}), gap {}", connection.id(), wish,
                connection.epoch(), connection.hasGap());
        if (!wanted && connection.hasGap() && !connection.needsSnapshot()) {
            replayMissed(connection);
        }
        if (!wanted && !connection.hasGap()) {
            budget.converged();
            done(connection, grace);
            return;
        }
        long now = System.currentTimeMillis();
        if (budget.exhausted(now)) {
            metrics.resyncFailedClose();
            log.warn("socket {} did not converge after repeated snapshots; closing with {}", connection.id(),
                    CloseCodes.RESYNC_FAILED);
            connection.closeNow(CloseCodes.RESYNC_FAILED, "could not converge; reconnect");
            budget.finish();
            return;
        }
        Mono.delay(Duration.ofMillis(budget.delayMillis(now, connection.holdsAnswers())))
                .then(fetchSnapshot(connection, fresh -> snapshot(connection, fresh)))
                .subscribe(fresh -> {
                    taken(connection);
                    done(connection, grace);
                }, e -> {
                    int failures = budget.failed();
                    log.warn("resync of {} failed ({}): {}", connection.id(), failures, e.toString());
                    if (failures >= MAX_RESYNC_ATTEMPTS) {
                        connection.releaseHeld();
                    }
                    budget.wantSnapshot(null);
                    budget.finish();
                    request(connection, RETRY.multipliedBy(Math.min(failures, 30)));
                });
    }

    /**
     * Serves a resume: the client holds {@code from} in {@code epoch}; {@code current} is kb-service's
     * area of interest fetched just now. Another (or no) epoch gets one snapshot and no replay;
     * otherwise what is missing is replayed, else resynced. Then says what it did ({@code resumed}).
     */
    public void resume(ClientConnection connection, Versions requested, String epoch, String zone,
                       AreaOfInterest current) {
        metrics.resume();
        // The socket follows the player's zone; a client that held another zone's chain (it walked while
        // away) gets that zone's snapshot. A client that names no zone is taken to hold the current one's.
        ZoneInterest.Entered entered = zones.enter(connection, ZoneInterest.zoneOf(current));
        boolean otherZone = zone != null && !zone.equals(ZoneInterest.zoneOf(current));
        Versions latest = current.versions();
        String currentEpoch = current.epoch();
        // A scope the client did not name is taken as current: it asked for nothing there.
        Versions from = new Versions(requested.world() != null ? requested.world() : latest.world(),
                requested.player() != null ? requested.player() : latest.player());
        int replayed = 0;
        // Versions of another history mean nothing here; and a client claiming versions kb never
        // reached gets a snapshot too (its claim as a baseline would be a gap no delta can close).
        // A socket that followed another zone until now waits for this zone's snapshot: versions alone
        // would leave its world deltas parked for good.
        boolean resync = (currentEpoch != null && !currentEpoch.equals(epoch)) || aheadOf(from, latest) || otherZone
                || connection.awaitsZoneSnapshot();
        if (!resync) {
            connection.baseline(from, currentEpoch, null);
            connection.expect(latest);
            if (connection.hasGap()) {
                replayed = replayMissed(connection);
                resync = connection.hasGap();
            }
        }
        if (resync) {
            // adopted whatever it holds: the resumed frame below reports what this snapshot left the socket at
            metrics.resync();
            applied(connection, zones.apply(connection, current, true, true));
        }
        connection.send(new ServerMessages.Resumed(from, connection.delivered(), replayed, resync,
                System.currentTimeMillis(), connection.epoch()));
        connection.gapHandled();
        applied(connection, entered);
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
                .publishOn(snapshots)
                .doOnNext(current -> {
                    String epoch = current.epoch();
                    if (epoch != null && !epoch.equals(connection.epoch())) {
                        connection.gapBudget().wantSnapshot(epoch);
                        request(connection, Duration.ZERO);
                        return;
                    }
                    String zone = ZoneInterest.zoneOf(current);
                    if (connection.isBehind(current.versions(), epoch, zone)) {
                        return; // built before what the socket holds (the player walked on meanwhile): says nothing new
                    }
                    if (zone != null && !zone.equals(connection.zone())) {
                        zoneChanged(connection, zone); // its versions are another zone's chain
                        return;
                    }
                    connection.expect(current.versions());
                })
                .onErrorResume(e -> {
                    log.warn("could not check {} against kb-service after a NATS outage: {}", connection.id(), e.toString());
                    return Mono.empty();
                })
                .then();
    }

    /** Blocking. Replays the unbroken chain of same-epoch deltas after what the socket holds; returns how many. */
    private int replayMissed(ClientConnection connection) {
        Optional<Connection> live = nats.connected();
        Versions at = connection.delivered();
        String epoch = connection.epoch();
        int total = 0;
        try {
            for (VersionScope scope : VersionScope.values()) {
                Long from = at.of(scope);
                if (from == null) {
                    continue;
                }
                for (String subject : subjectsOf(connection, scope)) {
                    // first what this instance still holds of the zone: no round trip to nats-server
                    List<Delta> kept = scope == VersionScope.WORLD
                            ? recent.chainAfter(subject, connection.experience(), epoch, from, replayLimit) : List.of();
                    long next = offerChain(connection, kept, from);
                    if (!kept.isEmpty()) {
                        log.debug("socket {}: replayed {} deltas of {} from memory", connection.id(), kept.size(), subject);
                    }
                    total += (int) (next - from);
                    if (live.isEmpty() || (!kept.isEmpty() && !connection.hasGap())) {
                        continue;
                    }
                    JetStreamReplay.Result result = replay.replay(live.get(), subject, connection.experience(), scope,
                            next, replayLimit - kept.size(), epoch);
                    if (result.truncated()) {
                        return total; // too far behind: a snapshot is cheaper than a long replay
                    }
                    total += (int) (offerChain(connection, result.deltas(), next) - next);
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

    /**
     * Offers the deltas of {@code deltas} that continue the chain after version {@code after} (a stray delta in
     * the stream is not replayed); returns the version the chain reached. Each link moves it by exactly one.
     */
    private static long offerChain(ClientConnection connection, List<Delta> deltas, long after) {
        long next = after;
        for (Delta delta : deltas) {
            if (delta.base() == next) {
                connection.offer(delta);
                next = delta.snapshot();
            }
        }
        return next;
    }

    /**
     * World deltas are on the subject of the zone the socket follows (shared model) or the user's
     * (isolated model); player deltas on the user's. A socket whose new zone's snapshot is on its way
     * has no world chain to replay.
     */
    private static String[] subjectsOf(ClientConnection connection, VersionScope scope) {
        String user = Subjects.userUpdates(connection.userId());
        if (scope != VersionScope.WORLD) {
            return new String[] {user};
        }
        String zone = connection.zone();
        if (connection.awaitsZoneSnapshot()) {
            return new String[0];
        }
        return zone == null ? new String[] {user}
                : new String[] {Subjects.zoneUpdates(connection.experience(), zone), user};
    }

    /** Sends a fetched snapshot, unless the socket already holds exactly that (then nothing is sent). */
    private void snapshot(ClientConnection connection, AreaOfInterest fresh) {
        String epoch = fresh.epoch();
        boolean same = Objects.equals(epoch, connection.epoch())
                && Objects.equals(ZoneInterest.zoneOf(fresh), connection.zone())
                && fresh.versions().equals(connection.delivered()) && !connection.hasGap()
                && !connection.awaitsZoneSnapshot();
        log.debug("socket {} fetched a snapshot in epoch {} at {}: {}", connection.id(), epoch, fresh.versions(),
                same ? "it holds exactly that" : "sent");
        if (!same) {
            sendSnapshot(connection, fresh);
        }
    }

    /** A fetched snapshot counts against the socket's budget; converged when no gap is left once the deltas that waited went out. */
    private static void taken(ClientConnection connection) {
        connection.gapBudget().snapshotTaken(System.currentTimeMillis(), !connection.hasGap());
    }

    private void sendSnapshot(ClientConnection connection, AreaOfInterest current) {
        metrics.resync();
        adopt(connection, current, true);
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
