package io.gaia.session.config;

import java.time.Duration;
import org.springframework.util.unit.DataSize;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * session-service settings ({@code gaia.session.*}). Defaults suit one instance serving ~10,000
 * sockets on a small machine; tests shrink the timings.
 */
@ConfigurationProperties("gaia.session")
public record SessionProperties(
        @DefaultValue("http://127.0.0.1:8002") String chatUrl,
        @DefaultValue("5s") Duration kbTimeout,
        /*
         * Largest kb-service answer read (an area of interest of a 10,000-item zone is about 2-3 MB).
         * A bigger one: error payload_too_large, and on connect close 4413.
         */
        @DefaultValue("16MB") DataSize kbMaxResponseSize,
        /*
         * How long a kb-service call keeps trying while no kb-service serves the experience (a restart,
         * or the experience moving to another instance); then upstream_unavailable.
         */
        @DefaultValue("5s") Duration kbRetryWindow,
        /* Largest inbound frame; bigger ones close the socket with 1009. */
        @DefaultValue("65536") int maxFrameBytes,
        /* Frames queued for one client before it counts as a slow consumer and is closed (4429). */
        @DefaultValue("1024") int outboundBuffer,
        /* Bytes queued for one client before it counts as a slow consumer and is closed (4429). */
        @DefaultValue("4MB") DataSize outboundBufferBytes,
        /*
         * A client that still sends but has not answered a ping (so has not read what was queued
         * before it) for this long is a slow consumer and is closed (4429), whatever the byte bound.
         */
        @DefaultValue("10s") Duration outboundStallTimeout,
        @DefaultValue Sockets sockets,
        @DefaultValue RateLimit rateLimit,
        @DefaultValue Heartbeat heartbeat,
        @DefaultValue Delivery delivery,
        /* Warn this long before a token expires ({@code token_expiring}). */
        @DefaultValue("60s") Duration tokenExpiryWarning,
        /* On SIGTERM: how long to wait for closed sockets to drain. */
        @DefaultValue("10s") Duration drainTimeout) {

    /**
     * Socket caps: a user may hold {@code per-user} sockets on this instance, the instance
     * {@code per-instance} in all; a socket beyond either is refused (error frame, then close 4409).
     */
    public record Sockets(@DefaultValue("8") int perUser, @DefaultValue("20000") int perInstance) {
    }

    /** Per-connection token bucket: {@code burst} frames at once, refilled at {@code per-second}. */
    public record RateLimit(@DefaultValue("40") int burst, @DefaultValue("20") double perSecond) {
    }

    /** Server pings every {@code interval}; a peer silent for {@code timeout} is closed as dead. */
    public record Heartbeat(@DefaultValue("15s") Duration interval, @DefaultValue("45s") Duration timeout) {
    }

    /**
     * Delta ordering: a delta whose predecessor has not arrived waits {@code gap-grace} (NATS and
     * the HTTP reply race) before the gap is filled ({@code replay-limit} deltas at most) from the last
     * deltas of each zone this instance received ({@code recent-deltas} and {@code recent-delta-bytes}
     * per zone), then from JetStream, or, failing that, by a fresh area of interest.
     */
    public record Delivery(@DefaultValue("250ms") Duration gapGrace, @DefaultValue("2000") int replayLimit,
                           @DefaultValue("2000") int pendingLimit, @DefaultValue("256") int recentDeltas,
                           @DefaultValue("256KB") DataSize recentDeltaBytes) {
    }

    /** How this service calls kb-service (over NATS; there is no kb URL). */
    public io.gaia.support.kb.KbClientSettings kbClient() {
        return new io.gaia.support.kb.KbClientSettings(kbTimeout,
                (int) Math.min(Integer.MAX_VALUE - 8, kbMaxResponseSize.toBytes()), kbRetryWindow);
    }
}
