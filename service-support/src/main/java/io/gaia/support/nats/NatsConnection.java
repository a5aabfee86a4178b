package io.gaia.support.nats;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * The service's one NATS connection. Connecting never blocks startup and never gives up: when
 * NATS is absent the service runs on, and jnats reconnects by itself (forever) when it returns.
 * Subscriptions made through jnats dispatchers survive reconnects.
 */
public class NatsConnection implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(NatsConnection.class);

    private final NatsProperties properties;
    private final List<Consumer<Connection>> onConnected = new CopyOnWriteArrayList<>();
    private volatile Connection connection;
    private volatile ConnectionListener.Events lastEvent;

    public NatsConnection(NatsProperties properties, String serviceName) {
        this.properties = properties;
        Options options = new Options.Builder()
                .server(properties.url())
                .connectionName(properties.connectionName() + "-" + serviceName)
                .connectionTimeout(properties.connectionTimeout())
                .reconnectWait(properties.reconnectWait())
                .maxReconnects(-1)
                .connectionListener(this::onEvent)
                .errorListener(new ErrorListener() {
                    // the server's reason for closing a connection (e.g. slow consumer, max payload) is otherwise lost
                    @Override
                    public void errorOccurred(Connection conn, String error) {
                        log.warn("NATS server error: {}", error);
                    }

                    @Override
                    public void exceptionOccurred(Connection conn, Exception exp) {
                        if (exp instanceof java.net.ConnectException) {
                            log.debug("NATS reconnect attempt failed: {}", exp.toString()); // "disconnected" was logged
                            return;
                        }
                        log.warn("NATS connection problem: {}", exp.toString());
                    }

                    @Override
                    public void slowConsumerDetected(Connection conn, io.nats.client.Consumer consumer) {
                        log.warn("NATS slow consumer: messages dropped for a subscription of this service");
                    }
                })
                .build();
        try {
            Nats.connectAsynchronously(options, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the NATS connection", e);
        }
    }

    private void onEvent(Connection conn, ConnectionListener.Events event) {
        connection = conn;
        lastEvent = event;
        switch (event) {
            case CONNECTED, RECONNECTED, RESUBSCRIBED -> {
                log.info("NATS {} at {}", event.name().toLowerCase(), properties.url());
                if (event != ConnectionListener.Events.RESUBSCRIBED) {
                    onConnected.forEach(listener -> listener.accept(conn));
                }
            }
            case DISCONNECTED -> log.warn("NATS disconnected from {}; reconnecting in the background", properties.url());
            default -> log.debug("NATS event {}", event);
        }
    }

    /** The live connection, if connected right now. */
    public Optional<Connection> connected() {
        Connection conn = connection;
        return conn != null && conn.getStatus() == Connection.Status.CONNECTED ? Optional.of(conn) : Optional.empty();
    }

    /** The connection object once it exists (connected or reconnecting); jnats buffers publishes while reconnecting. */
    public Optional<Connection> current() {
        return Optional.ofNullable(connection);
    }

    public boolean isConnected() {
        return connected().isPresent();
    }

    /** Runs {@code listener} on every (re)connect, and now if already connected (e.g. to create streams). */
    public void whenConnected(Consumer<Connection> listener) {
        onConnected.add(listener);
        connected().ifPresent(listener);
    }

    public String url() {
        return properties.url();
    }

    public String status() {
        Connection conn = connection;
        return conn == null ? "CONNECTING" : conn.getStatus().name();
    }

    public ConnectionListener.Events lastEvent() {
        return lastEvent;
    }

    public Duration reconnectWait() {
        return properties.reconnectWait();
    }

    @Override
    public void destroy() throws InterruptedException {
        Connection conn = connection;
        if (conn != null) {
            conn.close();
        }
    }
}
