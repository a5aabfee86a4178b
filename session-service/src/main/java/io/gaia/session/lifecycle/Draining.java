package io.gaia.session.lifecycle;

import io.gaia.events.socket.CloseCodes;
import io.gaia.session.config.SessionProperties;
import io.gaia.session.connection.ClientConnection;
import io.gaia.session.connection.ConnectionRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Graceful shutdown (SIGTERM): before the web server's own graceful stop, refuse new sockets,
 * close every open one with 1001 (after the frames already queued for it) so clients reconnect to
 * another instance, and wait for them to drain, at most {@code gaia.session.drain-timeout}.
 */
@Component
public class Draining implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Draining.class);

    private final ConnectionRegistry registry;
    private final SessionProperties properties;
    private volatile boolean running;
    private volatile boolean draining;

    public Draining(ConnectionRegistry registry, SessionProperties properties) {
        this.registry = registry;
        this.properties = properties;
    }

    public boolean isDraining() {
        return draining;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        draining = true;
        int open = registry.size();
        log.info("draining {} sockets", open);
        for (ClientConnection connection : registry.all()) {
            connection.closeAfterFlush(CloseCodes.GOING_AWAY, "server shutting down");
        }
        long deadline = System.nanoTime() + properties.drainTimeout().toNanos();
        while (registry.size() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (ClientConnection connection : registry.all()) {
            connection.closeNow(CloseCodes.GOING_AWAY, "server shutting down");
        }
        log.info("drained; {} sockets were still open at the deadline", registry.size());
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops before the web server's graceful shutdown phase, so sockets are closed while the server still serves. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
