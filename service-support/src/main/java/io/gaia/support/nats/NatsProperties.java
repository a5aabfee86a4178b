package io.gaia.support.nats;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Where NATS is ({@code gaia.nats.*}, e.g. {@code GAIA_NATS_URL}) and how hard to keep reconnecting. */
@ConfigurationProperties("gaia.nats")
public record NatsProperties(
        @DefaultValue("nats://127.0.0.1:4222") String url,
        @DefaultValue("2s") Duration connectionTimeout,
        @DefaultValue("500ms") Duration reconnectWait,
        @DefaultValue("gaia") String connectionName) {
}
