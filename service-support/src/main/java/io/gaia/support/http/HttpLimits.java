package io.gaia.support.http;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits every GAIA service's HTTP server applies to its connections ({@code gaia.http.*}), so a
 * client that opens connections and never finishes a request cannot hold the server's file
 * descriptors: {@code request-head-timeout} — a new connection must have sent a complete request
 * head (request line and headers) within this time, however slowly it trickles bytes;
 * {@code idle-timeout} — a keep-alive connection between requests is closed after this long, and
 * the next request head must be complete within it; {@code max-connections} — connections beyond
 * this many open ones are closed as soon as they are accepted.
 */
@ConfigurationProperties("gaia.http")
public record HttpLimits(
        @DefaultValue("10s") Duration requestHeadTimeout,
        @DefaultValue("60s") Duration idleTimeout,
        @DefaultValue("16384") int maxConnections) {
}
