package io.gaia.session.connection;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closes a socket so that what the server wrote last (a close frame: 1009 for a frame over the limit, 1008,
 * 1001...) reaches a peer that is still sending. Closing a TCP socket whose unread input is not empty makes
 * the kernel send a reset, and a reset makes the peer's kernel drop what it had received but not yet read,
 * close frame included: the client saw 1006 instead of 1009 for a 1 MB frame. So a close first shuts down
 * the output (the peer reads everything written, then the end of the stream), then keeps reading and
 * discarding the peer's bytes until the peer closes its side, and closes at the latest after {@code linger}.
 * Installed first in each socket's pipeline, so it sees every close and the raw bytes before the WebSocket
 * decoder. A close while the event loop shuts down closes at once.
 */
public final class LingeringClose extends ChannelDuplexHandler {

    public static final String NAME = "gaia.lingeringClose";
    /** How long a closing socket waits for its peer to close its side (it reads and drops what arrives). */
    public static final Duration LINGER = Duration.ofSeconds(2);

    private final long lingerNanos;
    private boolean lingering;

    LingeringClose(Duration linger) {
        this.lingerNanos = linger.toNanos();
    }

    /** Puts the handler first in {@code channel}'s pipeline (once). */
    public static void install(Channel channel) {
        install(channel, LINGER);
    }

    static void install(Channel channel, Duration linger) {
        ChannelPipeline pipeline = channel.pipeline();
        if (pipeline.get(NAME) == null) {
            pipeline.addFirst(NAME, new LingeringClose(linger));
        }
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        Channel channel = ctx.channel();
        if (lingering) {
            channel.closeFuture().addListener(closed -> promise.trySuccess());
            return;
        }
        if (!(channel instanceof DuplexChannel duplex) || !channel.isActive() || duplex.isOutputShutdown()
                || ctx.executor().isShuttingDown()) {
            ctx.close(promise);
            return;
        }
        lingering = true;
        var deadline = ctx.executor().schedule(() -> ctx.close(), lingerNanos, TimeUnit.NANOSECONDS);
        channel.closeFuture().addListener(closed -> {
            deadline.cancel(false);
            promise.trySuccess();
        });
        duplex.shutdownOutput().addListener(shut -> {
            if (!shut.isSuccess()) {
                ctx.close();
            }
        });
        channel.config().setAutoRead(true);
        ctx.read();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (lingering) {
            ReferenceCountUtil.release(msg);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (lingering && event instanceof io.netty.channel.socket.ChannelInputShutdownEvent) {
            ctx.close(); // the peer closed its side: nothing more will arrive
            return;
        }
        ctx.fireUserEventTriggered(event);
    }
}
