package io.gaia.session.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class SocketWriterTest {

    /** Counts flushes, and holds them back while {@code stalled} (a peer that does not read). */
    private static final class Flushes extends ChannelOutboundHandlerAdapter {
        int count;
        boolean stalled;

        @Override
        public void flush(ChannelHandlerContext ctx) {
            count++;
            if (!stalled) {
                ctx.flush();
            }
        }

        void resume(EmbeddedChannel channel) {
            stalled = false;
            channel.pipeline().context(this).flush();
            channel.runPendingTasks();
        }
    }

    private final Flushes flushes = new Flushes();
    private final EmbeddedChannel channel = new EmbeddedChannel(flushes);
    private final OutboundQueue queue = new OutboundQueue(1_000, 1_000_000);
    private final List<Frame> told = new ArrayList<>();
    private final SocketWriter writer = new SocketWriter(queue, channel, told::add);

    private static Frame text(String text) {
        return new Frame(text.getBytes(StandardCharsets.UTF_8), 0);
    }

    private List<String> written() {
        List<String> out = new ArrayList<>();
        for (Object next = channel.readOutbound(); next != null; next = channel.readOutbound()) {
            WebSocketFrame frame = (WebSocketFrame) next;
            String kind = frame instanceof PingWebSocketFrame ? "ping:" : frame instanceof TextWebSocketFrame ? "" : "?";
            out.add(kind + frame.content().toString(StandardCharsets.UTF_8));
            frame.release();
        }
        return out;
    }

    /** Set once the writer completes. */
    private AtomicBoolean completion() {
        AtomicBoolean done = new AtomicBoolean();
        writer.done().subscribe(null, null, () -> done.set(true));
        return done;
    }

    @Test
    void framesQueuedBeforeTheWriterRunsGoOutInOrderWithOneFlush() {
        queue.offer(text("a"), OutboundQueue.Kind.FRAME);
        queue.offer(text("b"), OutboundQueue.Kind.FRAME);
        queue.offer(new Frame("seq1".getBytes(StandardCharsets.UTF_8), 0, true), OutboundQueue.Kind.FRAME);
        writer.wake();
        writer.wake(); // already due: no second run
        channel.runPendingTasks();

        assertThat(written()).containsExactly("a", "b", "ping:seq1");
        assertThat(flushes.count).isEqualTo(1);
        assertThat(told).hasSize(3);
        assertThat(queue.byteCount()).isZero();
    }

    @Test
    void aBatchRunsEveryWokenWriterOfAnEventLoopInOneTask() {
        EmbeddedChannel other = new EmbeddedChannel();
        OutboundQueue otherQueue = new OutboundQueue(10, 10_000);
        SocketWriter otherWriter = new SocketWriter(otherQueue, other, frame -> { });
        queue.offer(text("mine"), OutboundQueue.Kind.FRAME);
        otherQueue.offer(text("theirs"), OutboundQueue.Kind.FRAME);
        WriteBatch batch = new WriteBatch();
        batch.wake(writer);
        batch.wake(otherWriter);
        assertThat((Object) channel.readOutbound()).as("nothing runs before the batch does").isNull();

        batch.run();
        channel.runPendingTasks();
        other.runPendingTasks();

        assertThat(written()).containsExactly("mine");
        assertThat(((TextWebSocketFrame) other.readOutbound()).text()).isEqualTo("theirs");
    }

    @Test
    void aPeerThatStopsReadingLeavesFramesInTheQueueUntilNettyHasWrittenWhatItHolds() {
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(200, 400));
        flushes.stalled = true;
        for (int i = 0; i < 20; i++) {
            queue.offer(text(String.format("%02d-", i) + "x".repeat(97)), OutboundQueue.Kind.FRAME); // 100 bytes each
        }
        writer.wake();
        channel.runPendingTasks();

        // Netty holds frames until its buffer passes the high-water mark; the rest still count here
        assertThat(queue.frameCount()).as("frames past the high-water mark (each counts 100 bytes plus Netty's entry overhead)").isBetween(10, 19);
        assertThat(queue.byteCount()).isEqualTo(queue.frameCount() * 100L);

        flushes.resume(channel); // the peer reads again: writing resumes by itself
        for (int i = 0; i < 10 && queue.frameCount() > 0; i++) {
            channel.flushOutbound();
            channel.runPendingTasks();
        }
        List<String> written = written();
        assertThat(written).hasSize(20);
        assertThat(written.get(0)).startsWith("00-");
        assertThat(written.get(19)).startsWith("19-");
        assertThat(queue.byteCount()).isZero();
    }

    @Test
    void theWriterCompletesOnlyAfterTheLastQueuedFrameOnceClosing() {
        AtomicBoolean done = completion();
        queue.offer(text("last words"), OutboundQueue.Kind.FRAME);
        queue.complete();
        assertThat(done).isFalse();

        writer.wake();
        channel.runPendingTasks();

        assertThat(written()).containsExactly("last words");
        assertThat(done).isTrue();
    }

    @Test
    void aClosedChannelDropsWhatWaitsAndCompletes() {
        AtomicBoolean done = completion();
        queue.offer(text("never sent"), OutboundQueue.Kind.FRAME);
        channel.close();

        writer.wake();
        channel.runPendingTasks();

        assertThat(done).isTrue();
        assertThat(queue.frameCount()).isZero();
        assertThat(queue.byteCount()).isZero();
    }
}
