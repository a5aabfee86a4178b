package io.gaia.support.web;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

/**
 * Works around a Reactor Netty 1.3.7 bug (reactor/reactor-netty#4361, fix in PR #4347): on a
 * keep-alive HTTP/1.1 connection, a request that arrives while the previous one is still
 * finishing is queued; when the queued request is then answered at once, the queue can drain
 * without anyone asking the channel to read again, and every later request on that connection
 * waits forever (seen here as a kb-service GET left unread in the socket's receive queue until the
 * client timed out). After each finished exchange this handler asks for one more read, queued
 * behind Reactor Netty's own drain, so a connection never stalls. An extra read is harmless: the
 * traffic handler still buffers what arrives early. Remove once Reactor Netty ships the fix.
 */
@ChannelHandler.Sharable
public final class KeepAliveReadResume extends ChannelInboundHandlerAdapter {

    static final String NAME = "gaia.keepAliveReadResume";
    private static final String TERMINATED = "reactor.netty.http.server.HttpServerOperationsTerminatedEvent";
    private static final KeepAliveReadResume INSTANCE = new KeepAliveReadResume();

    private KeepAliveReadResume() {
    }

    /** Installs the handler on every connection {@code server} accepts. */
    public static HttpServer install(HttpServer server) {
        return server.doOnChannelInit((observer, channel, address) -> addTo(channel));
    }

    static void addTo(Channel channel) {
        if (channel.pipeline().get(NettyPipeline.HttpTrafficHandler) != null && channel.pipeline().get(NAME) == null) {
            channel.pipeline().addAfter(NettyPipeline.HttpTrafficHandler, NAME, INSTANCE);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (TERMINATED.equals(event.getClass().getName())) {
            ctx.executor().execute(() -> {
                if (ctx.channel().isActive()) {
                    ctx.read();
                }
            });
        }
        ctx.fireUserEventTriggered(event);
    }
}
