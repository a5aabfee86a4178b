package io.gaia.kb.nats;

import static org.awaitility.Awaitility.await;

import io.gaia.events.GaiaJson;
import io.gaia.support.kb.KbClient;
import io.gaia.support.kb.KbClientSettings;
import io.gaia.support.nats.NatsConnection;
import io.gaia.support.nats.NatsProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;

/** The shared {@link KbClient} on a NATS connection of its own, as session-service and chat-service build it. */
final class KbClients {

    static final int SIXTEEN_MIB = 16 * 1024 * 1024;

    private KbClients() {
    }

    static NatsConnection connect(String url) {
        NatsConnection connection = new NatsConnection(new NatsProperties(url, Duration.ofSeconds(2),
                Duration.ofMillis(200), "gaia"), "kb-client-test");
        await().atMost(Duration.ofSeconds(10)).until(connection::isConnected);
        return connection;
    }

    static KbClient client(NatsConnection connection, Duration retryWindow, int maxResponseBytes,
                           SimpleMeterRegistry meters) {
        return new KbClient(connection, GaiaJson.create(),
                new KbClientSettings(Duration.ofSeconds(5), maxResponseBytes, retryWindow), meters);
    }
}
