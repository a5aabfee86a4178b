package io.gaia.support.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.Channel;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

/**
 * Applies {@link HttpLimits} to a Reactor Netty HTTP server: the idle timeout, the request-head
 * deadline ({@link RequestHeadTimeout}) and the cap on open connections.
 */
public final class ConnectionLimits {

    private static final Logger log = LoggerFactory.getLogger(ConnectionLimits.class);

    private final HttpLimits limits;
    private final AtomicInteger open = new AtomicInteger();
    private final Counter refused;

    public ConnectionLimits(HttpLimits limits) {
        this(limits, new SimpleMeterRegistry());
    }

    /** With the gauge {@code gaia.http.connections} and the counter {@code gaia.http.connections.refused}. */
    public ConnectionLimits(HttpLimits limits, MeterRegistry meters) {
        this.limits = limits;
        Gauge.builder("gaia.http.connections", open, AtomicInteger::get)
                .description("HTTP connections (WebSockets included) open on this instance").register(meters);
        this.refused = Counter.builder("gaia.http.connections.refused")
                .description("connections closed at accept because gaia.http.max-connections were open").register(meters);
    }

    public HttpServer apply(HttpServer server) {
        return server.idleTimeout(limits.idleTimeout()).doOnChannelInit((observer, channel, address) -> accept(channel));
    }

    /** Connections open now on this server. */
    public int open() {
        return open.get();
    }

    private void accept(Channel channel) {
        if (open.incrementAndGet() > limits.maxConnections()) {
            open.decrementAndGet();
            refused.increment();
            log.warn("refused a connection: {} are open (gaia.http.max-connections)", limits.maxConnections());
            channel.close();
            return;
        }
        channel.closeFuture().addListener(closed -> open.decrementAndGet());
        if (channel.pipeline().get(NettyPipeline.HttpCodec) != null && channel.pipeline().get(RequestHeadTimeout.NAME) == null) {
            channel.pipeline().addAfter(NettyPipeline.HttpCodec, RequestHeadTimeout.NAME,
                    new RequestHeadTimeout(limits.requestHeadTimeout(), limits.idleTimeout()));
        }
    }
}
