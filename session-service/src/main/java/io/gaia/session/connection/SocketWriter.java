package io.gaia.session.connection;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Writes one socket's queued frames to its Netty channel, on the channel's event loop: every frame
 * waiting when the writer runs goes out in that one turn with a single flush (one {@code writev} for
 * the lot), so a socket sent many frames at once pays one syscall, and a lone frame is flushed in
 * its own turn (no added latency when idle). It takes frames only while the channel is writable
 * (Netty's write buffer under its high-water mark); otherwise they wait, and count, in the
 * {@link OutboundQueue}, and writing resumes once Netty has written out what it held.
 * <p>
 * Waking a writer costs nothing when it is already due to run. A {@link WriteBatch} runs many
 * claimed writers with one task per event loop (a delta fanned out to the sockets of a zone).
 */
final class SocketWriter {

    /** How soon to look again when the channel is not writable and no write of ours is pending. */
    private static final long RETRY_MILLIS = 10;
    /** Write-and-flush rounds in one turn before the writer yields its event loop to other sockets. */
    private static final int MAX_ROUNDS = 8;
    /**
     * For benchmarks only (docs/benchmarks.md, "Writes per socket"): flush after every frame, the
     * behaviour a flush per turn is measured against. Never set in production.
     */
    private static final boolean FLUSH_EACH_FRAME = Boolean.getBoolean("gaia.session.bench.flush-each-frame");

    private final OutboundQueue queue;
    private final Channel channel;
    private final Consumer<Frame> beforeWrite;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Sinks.Empty<Void> done = Sinks.empty();
    private final Runnable drainTask = this::drain;
    /** The last write handed to the channel (event loop only). */
    private ChannelFuture lastWrite;
    private boolean waitingForWritable;

    SocketWriter(OutboundQueue queue, Channel channel, Consumer<Frame> beforeWrite) {
        this.queue = queue;
        this.channel = channel;
        this.beforeWrite = beforeWrite;
    }

    /** Completes once the queue is finished and its last frame written (or the channel is gone). */
    Mono<Void> done() {
        return done.asMono();
    }

    EventExecutor loop() {
        return channel.eventLoop();
    }

    /** Makes the writer run soon on its event loop (no-op when it already is due to). */
    void wake() {
        if (claim()) {
            channel.eventLoop().execute(drainTask);
        }
    }

    /**
     * Marks the writer due to run and returns true, or false when it already is; whoever gets true
     * must see that {@link #drain} runs on {@link #loop} (a {@link WriteBatch} does).
     */
    boolean claim() {
        return scheduled.compareAndSet(false, true);
    }

    /** Writes what waits, while the channel takes it, and flushes once. Event loop only. */
    void drain() {
        scheduled.set(false);
        if (!channel.isActive()) {
            queue.discard();
            done.tryEmitEmpty();
            return;
        }
        for (int round = 0; ; round++) {
            boolean wrote = false;
            while (channel.isWritable()) {
                Frame frame = queue.take();
                if (frame == null) {
                    break;
                }
                beforeWrite.accept(frame);
                lastWrite = FLUSH_EACH_FRAME ? channel.writeAndFlush(toWebSocketFrame(frame))
                        : channel.write(toWebSocketFrame(frame));
                wrote = true;
            }
            if (!wrote) {
                break;
            }
            channel.flush(); // may make the channel writable again at once (the kernel took it all)
            if (!channel.isWritable() || !queue.hasWaiting()) {
                break;
            }
            if (round == MAX_ROUNDS) {
                wake(); // the loop's other sockets get their turn first
                return;
            }
        }
        if (queue.finished()) {
            done.tryEmitEmpty();
        } else if (!channel.isWritable() && queue.hasWaiting()) {
            resumeWhenWritten();
        }
    }

    /** Runs again once Netty has written out our last frame (or soon, if none of ours is pending). */
    private void resumeWhenWritten() {
        if (waitingForWritable) {
            return;
        }
        waitingForWritable = true;
        Runnable again = () -> {
            waitingForWritable = false;
            wake();
        };
        if (lastWrite != null && !lastWrite.isDone()) {
            lastWrite.addListener(future -> again.run());
        } else {
            channel.eventLoop().schedule(again, RETRY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private static WebSocketFrame toWebSocketFrame(Frame frame) {
        var payload = Unpooled.wrappedBuffer(frame.bytes());
        return frame.ping() ? new PingWebSocketFrame(payload) : new TextWebSocketFrame(payload);
    }
}
