package io.gaia.session.connection;

import io.gaia.events.ErrorCodes;
import io.gaia.events.socket.CloseCodes;
import io.gaia.events.socket.ServerMessages;
import io.gaia.session.config.SessionProperties;
import io.gaia.session.metrics.SessionMetrics;
import java.time.Duration;
import java.time.Instant;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * One periodic sweep over all sockets instead of timers per socket (a timer each would cost memory
 * per idle connection): sends heartbeat pings, closes peers that stopped answering (4408), closes
 * peers that still send but have not read for {@code outbound-stall-timeout} (4429; a probe ping
 * follows frames sent, so a busy socket always has one in flight: it rides along behind the next frame
 * queued, or goes alone after a grace of a quarter of the timeout, so a stall is caught within 1.75
 * timeouts), warns before a token expires
 * ({@code token_expiring}) and closes at expiry (4401) unless the client sent {@code refresh_token}.
 */
@Component
public class Housekeeping implements InitializingBean, DisposableBean {

    /**
     * At most this long between sweeps. Each socket's pings come due on its own clock (its last ping),
     * so a short tick spreads them: with 10,000 sockets, pinging every due socket once a second sent
     * bursts of thousands of pings (and took as many pongs) at once, and the deltas queued behind them
     * waited: p99 320 ms where it is 18 ms without them (docs/benchmarks.md, "Heartbeats at 10,000 sockets").
     */
    private static final Duration MAX_TICK = Duration.ofMillis(200);

    private final ConnectionRegistry registry;
    private final SessionMetrics metrics;
    private final Duration pingInterval;
    private final Duration deadAfter;
    private final Duration expiryWarning;
    private final Duration stallTimeout;
    private final Duration probeEvery;
    private final Duration probeGrace;
    private final Duration tick;
    private Disposable sweeper;

    public Housekeeping(ConnectionRegistry registry, SessionMetrics metrics, SessionProperties properties) {
        this.registry = registry;
        this.metrics = metrics;
        this.pingInterval = properties.heartbeat().interval();
        this.deadAfter = properties.heartbeat().timeout();
        this.expiryWarning = properties.tokenExpiryWarning();
        this.stallTimeout = properties.outboundStallTimeout();
        // Half the stall timeout: a stall is still caught within 1.5 timeouts, and a busy socket costs a
        // ping and a pong every 5 s, not every 2.5 s (10,000 busy sockets: 2,000 pings a second, not 4,000).
        this.probeEvery = stallTimeout.dividedBy(2);
        // A due probe waits up to this long for a frame to ride along with (one write instead of two, and
        // no wakeup of its own); a socket sent a frame a second almost always has one by then.
        this.probeGrace = probeEvery.dividedBy(2);
        this.tick = shortest(pingInterval.dividedBy(4), probeEvery, MAX_TICK);
    }

    @Override
    public void afterPropertiesSet() {
        sweeper = Flux.interval(tick, Schedulers.parallel()).subscribe(n -> sweep());
    }

    @Override
    public void destroy() {
        if (sweeper != null) {
            sweeper.dispose();
        }
    }

    void sweep() {
        long now = System.nanoTime();
        Instant wallNow = Instant.now();
        for (ClientConnection connection : registry.all()) {
            if (connection.isClosing()) {
                if (connection.closingForNanos() > deadAfter.toNanos()) {
                    connection.closeNow(connection.closeStatus().getCode(), "close did not complete");
                }
                continue;
            }
            if (now - connection.lastSeenNanos() > deadAfter.toNanos()) {
                metrics.heartbeatClose();
                connection.closeNow(CloseCodes.HEARTBEAT_TIMEOUT, "no heartbeat answer");
                continue;
            }
            if (connection.readingStalled(now, stallTimeout.toNanos())) {
                metrics.slowConsumerClose();
                connection.closeNow(CloseCodes.SLOW_CONSUMER,
                        "slow consumer: nothing read for " + stallTimeout.toMillis() + " ms");
                continue;
            }
            checkExpiry(connection, wallNow);
            long firstShift = connection.pingedBefore() ? 0 : firstHeartbeatShift(connection.id(), pingInterval);
            if (connection.heartbeatDue(now, pingInterval.toNanos(), firstShift)) {
                connection.ping();
            } else if (connection.probeDue(now, probeEvery.toNanos())) {
                connection.probeSoon(now, probeGrace.toNanos());
            }
        }
    }

    /**
     * How much sooner than a full interval after it opened a socket gets its first heartbeat: by its id,
     * spread evenly over the interval, so sockets that connected together (a reconnect wave, a load test)
     * do not come due in the same sweep, and stay apart afterwards.
     */
    static long firstHeartbeatShift(String socketId, Duration interval) {
        return Math.floorMod((long) socketId.hashCode() * 2_654_435_761L, interval.toNanos());
    }

    private static Duration shortest(Duration... durations) {
        Duration min = durations[0];
        for (Duration d : durations) {
            min = d.compareTo(min) < 0 ? d : min;
        }
        return min;
    }

    private void checkExpiry(ClientConnection connection, Instant now) {
        Instant expiresAt = connection.user().expiresAt();
        if (expiresAt == null) {
            return;
        }
        if (!now.isBefore(expiresAt)) {
            metrics.tokenExpiryClose();
            connection.send(new ServerMessages.SocketError(ErrorCodes.TOKEN_EXPIRED,
                    "token expired; reconnect with a fresh token", null, null));
            connection.closeAfterFlush(CloseCodes.TOKEN_EXPIRED, "token expired");
        } else if (!connection.expiryWarned() && !now.isBefore(expiresAt.minus(expiryWarning))) {
            connection.markExpiryWarned();
            connection.send(new ServerMessages.TokenExpiring(expiresAt.toEpochMilli(), System.currentTimeMillis()));
        }
    }
}
