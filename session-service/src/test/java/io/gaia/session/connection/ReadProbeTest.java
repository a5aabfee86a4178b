package io.gaia.session.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.events.GaiaJson;
import io.gaia.support.jwt.AuthenticatedUser;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A read probe (the ping that tells whether a busy socket's client reads what it is sent) rides along
 * behind the next frame queued, in that frame's write and flush, instead of costing a write of its own;
 * with no frame to ride it goes alone once its grace is over. A real Netty channel (embedded).
 */
class ReadProbeTest {

    private static final long GRACE = 1_000_000_000L;

    private static final class Flushes extends ChannelOutboundHandlerAdapter {
        int count;

        @Override
        public void flush(ChannelHandlerContext ctx) {
            count++;
            ctx.flush();
        }
    }

    private final Flushes flushes = new Flushes();
    private final EmbeddedChannel channel = new EmbeddedChannel(flushes);
    private final ClientConnection connection = new ClientConnection("s1",
            new AuthenticatedUser("alice", false, Instant.now().plusSeconds(600), "token"), "wylding-woods", null,
            GaiaJson.create(), new ClientConnection.ConnectionLimits(1_000, 10_000_000, 100, 100, 100), false,
            new ClientConnection.Listener() {
                @Override
                public void gapOpened(ClientConnection c) {
                }

                @Override
                public void overflowed(ClientConnection c) {
                }
            });

    private List<String> written() {
        channel.runPendingTasks();
        List<String> out = new ArrayList<>();
        for (Object next = channel.readOutbound(); next != null; next = channel.readOutbound()) {
            WebSocketFrame frame = (WebSocketFrame) next;
            out.add(frame instanceof PingWebSocketFrame ? "ping" : frame instanceof TextWebSocketFrame
                    ? frame.content().toString(StandardCharsets.UTF_8) : "?");
            frame.release();
        }
        return out;
    }

    /** The socket was sent a frame, long enough ago that its probe is due. */
    private void sentAFrame() {
        connection.writeTo(channel, frame -> { });
        connection.send(Map.of("n", 1));
        assertThat(written()).containsExactly("{\"n\":1}");
        flushes.count = 0;
    }

    @Test
    void aDueProbeGoesBehindTheNextFrameInTheSameFlush() {
        sentAFrame();
        long now = System.nanoTime();
        assertThat(connection.probeDue(now + GRACE * 10, GRACE)).isTrue();

        assertThat(connection.probeSoon(now, GRACE)).isFalse();
        assertThat(written()).isEmpty();

        connection.send(Map.of("n", 2));
        assertThat(written()).containsExactly("{\"n\":2}", "ping");
        assertThat(flushes.count).isEqualTo(1);
        assertThat(connection.probeDue(System.nanoTime() + GRACE * 10, GRACE)).as("answered or not, one is out").isFalse();
    }

    @Test
    void aDueProbeWithNoFrameToRideGoesAloneOnceItsGraceIsOver() {
        sentAFrame();
        long now = System.nanoTime();

        assertThat(connection.probeSoon(now, GRACE)).isFalse();
        assertThat(connection.probeSoon(now + GRACE - 1, GRACE)).isFalse();
        assertThat(written()).isEmpty();

        assertThat(connection.probeSoon(now + GRACE, GRACE)).isTrue();
        assertThat(written()).containsExactly("ping");

        connection.send(Map.of("n", 2)); // the probe went: nothing rides along any more
        assertThat(written()).containsExactly("{\"n\":2}");
    }

    @Test
    void aHeartbeatSentMeanwhileIsTheProbeAndNothingElseRidesAlong() {
        sentAFrame();
        assertThat(connection.probeSoon(System.nanoTime(), GRACE)).isFalse();

        connection.ping(); // the sweep's heartbeat
        assertThat(written()).containsExactly("ping");

        connection.send(Map.of("n", 2));
        assertThat(written()).containsExactly("{\"n\":2}");
    }
}
