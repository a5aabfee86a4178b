package io.gaia.support.http;

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

    public ConnectionLimits(HttpLimits limits) {
        this.limits = limits;
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
