package io.gaia.support.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import reactor.netty.NettyPipeline;

/**
 * Closes a connection whose request head is not complete in time. A read-idle timer is reset by
 * every byte, so a client trickling one header line every few seconds would never trip it; this is
 * a deadline instead: armed when the connection opens ({@code first}) and again when an exchange
 * ends on a keep-alive connection with nothing else in flight ({@code next}), cancelled when a
 * complete request head has been decoded. Once a connection is upgraded to a WebSocket (the HTTP
 * codec is gone) the deadline no longer applies.
 */
final class RequestHeadTimeout extends ChannelDuplexHandler {

    static final String NAME = "gaia.requestHeadTimeout";
    private static final String TERMINATED = "reactor.netty.http.server.HttpServerOperationsTerminatedEvent";

    private final long firstNanos;
    private final long nextNanos;
    private ScheduledFuture<?> deadline;
    private int inFlight;

    RequestHeadTimeout(Duration first, Duration next) {
        this.firstNanos = first.toNanos();
        this.nextNanos = next.toNanos();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        arm(ctx, firstNanos);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest) {
            inFlight++;
            cancel();
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (TERMINATED.equals(event.getClass().getName())) {
            inFlight = Math.max(0, inFlight - 1);
            if (inFlight == 0 && isHttp(ctx)) {
                arm(ctx, nextNanos);
            }
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    private void arm(ChannelHandlerContext ctx, long nanos) {
        cancel();
        deadline = ctx.executor().schedule(() -> {
            if (inFlight == 0 && isHttp(ctx) && ctx.channel().isActive()) {
                ctx.close();
            }
        }, nanos, TimeUnit.NANOSECONDS);
    }

    private void cancel() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    private static boolean isHttp(ChannelHandlerContext ctx) {
        return ctx.pipeline().get(NettyPipeline.HttpCodec) != null;
    }
}
