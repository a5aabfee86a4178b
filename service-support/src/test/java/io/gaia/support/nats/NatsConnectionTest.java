package io.gaia.support.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gaia.testsupport.NatsTestServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class NatsConnectionTest {

    @RegisterExtension
    static final NatsTestServer nats = new NatsTestServer();

    private static NatsConnection connectTo(String url) {
        return new NatsConnection(new NatsProperties(url, Duration.ofSeconds(1), Duration.ofMillis(200), "test"), "test");
    }

    @Test
    void connectsAndReportsUpInHealth() throws Exception {
        NatsConnection connection = connectTo(nats.url());
        try {
            await().atMost(Duration.ofSeconds(5)).until(connection::isConnected);
            var health = new NatsHealthIndicator(connection).health();
            assertThat(health.getStatus().getCode()).isEqualTo("UP");
            assertThat(health.getDetails()).containsEntry("connected", true).containsEntry("url", nats.url());
        } finally {
            connection.destroy();
        }
    }

    @Test
    void keepsRunningWithoutNatsAndReconnectsWhenItComesBack() throws Exception {
        NatsConnection connection = connectTo(nats.url());
        try {
            await().atMost(Duration.ofSeconds(5)).until(connection::isConnected);
            nats.stop();
            await().atMost(Duration.ofSeconds(5)).until(() -> !connection.isConnected());
            assertThat(new NatsHealthIndicator(connection).health().getStatus()).isEqualTo(NatsHealthIndicator.DEGRADED);

            nats.start();
            await().atMost(Duration.ofSeconds(10)).until(connection::isConnected);
            assertThat(new NatsHealthIndicator(connection).health().getStatus().getCode()).isEqualTo("UP");
        } finally {
            connection.destroy();
            if (!nats.isRunning()) {
                nats.start();
            }
        }
    }

    @Test
    void startsEvenWhenNatsHasNeverBeenReachable() throws Exception {
        NatsConnection connection = connectTo("nats://127.0.0.1:" + freePort());
        try {
            assertThat(connection.isConnected()).isFalse();
            assertThat(new NatsHealthIndicator(connection).health().getStatus()).isEqualTo(NatsHealthIndicator.DEGRADED);
        } finally {
            connection.destroy();
        }
    }

    private static int freePort() throws java.io.IOException {
        try (var socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
