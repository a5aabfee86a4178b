package io.gaia.session.game;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gaia.events.Change;
import io.gaia.events.EventMetadata;
import io.gaia.events.GaiaJson;
import io.gaia.events.StatePaths;
import io.gaia.events.Subjects;
import io.gaia.events.WorldUpdateEvent;
import io.gaia.events.socket.CloseCodes;
import io.gaia.session.connection.ClientConnection;
import io.gaia.session.connection.ConnectionRegistry;
import io.gaia.session.metrics.SessionMetrics;
import io.gaia.session.support.KbBackedTest;
import io.gaia.session.support.Player;
import io.gaia.session.support.SilentSocket;
import io.nats.client.Connection;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Sockets that stop reading while big frames keep coming are closed by the byte bound of their
 * outbound buffer (the frame bound is set out of reach here), their memory is let go, and a
 * reading player's pings keep being answered at once meanwhile.
 */
// (gaia.test.* system properties let a measuring run change the scale, e.g. 50 slow readers)
@TestPropertySource(properties = {
        "gaia.session.outbound-buffer=${gaia.test.outbound-frames:1000000}",
        "gaia.session.outbound-buffer-bytes=${gaia.test.outbound-bytes:1MB}",
        // the stall bound (StalledReadersTest) out of reach too: this is the byte bound's test
        "gaia.session.outbound-stall-timeout=10m"})
class SlowReadersTest extends KbBackedTest {

    private static final GaiaJson json = GaiaJson.create();
    private static final long BOUND = 1024 * 1024;
    /** Big frames, like the area of interest of a large zone (the TCP buffers must fill before we hold anything). */
    private static final String PADDING = "x".repeat(200 * 1024);

    @Autowired
    SessionMetrics metrics;

    @Autowired
    ConnectionRegistry registry;

    private static byte[] bigDelta(String userId) {
        // unversioned (as a v0.3 producer sends): forwarded as it comes, whatever the socket holds
        WorldUpdateEvent event = new WorldUpdateEvent(null, WorldUpdateEvent.LEGACY_VERSION, Player.WOODS, userId,
                null, null, null, List.of(Change.update(StatePaths.INVENTORY, "bottle_joy", Change.Location.NOWHERE,
                Map.of("note", PADDING))), System.currentTimeMillis(), EventMetadata.EMPTY);
        return json.write(event);
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private long maxQueuedBytes() {
        return registry.all().stream().mapToLong(ClientConnection::queuedBytes).max().orElse(0);
    }

    @Test
    void readersThatStopAreClosedByTheByteBoundWhileOthersPingsStayFast() throws Exception {
        int slowCount = Integer.getInteger("gaia.test.slow-readers", 5);
        double before = metrics.count("gaia.session.closes", "reason", "slow_consumer");
        List<SilentSocket> slow = new ArrayList<>();
        try (Player hare = join("hare"); Connection bus = nats.connect()) {
            long heapBefore = usedHeapAfterGc();
            for (int i = 0; i < slowCount; i++) {
                slow.add(new SilentSocket(port, Player.WOODS, "sloth-" + i));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> registry.size() == slowCount + 1);
            long maxQueued = 0;
            long worstPing = 0;
            for (int round = 0; round < 200
                    && metrics.count("gaia.session.closes", "reason", "slow_consumer") < before + slowCount; round++) {
                for (int i = 0; i < slowCount; i++) {
                    bus.publish(Subjects.userUpdates("sloth-" + i), bigDelta("sloth-" + i));
                    // the frozen app's GPS timer keeps asking for its area of interest
                    slow.get(i).sendText("{\"type\":\"update_location\",\"lat\":37.906512,\"lng\":-122.544217}");
                }
                maxQueued = Math.max(maxQueued, maxQueuedBytes());
                long sent = System.nanoTime();
                hare.socket().send(Map.of("type", "ping", "timestamp", round));
                int expected = round;
                hare.await(f -> "pong".equals(Player.type(f)) && f.path("timestamp").asInt() == expected, "pong");
                worstPing = Math.max(worstPing, System.nanoTime() - sent);
                // (the bystander pings under its rate limit of 20 frames a second)
                Thread.sleep(50);
            }
            long heapAtFlood = usedHeapAfterGc();
            System.out.printf("slow readers: %d, at the end of the flood: heap after GC %d MB (before %d MB), "
                    + "max queued per socket %d bytes%n", slowCount, heapAtFlood >> 20, heapBefore >> 20, maxQueued);
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    metrics.count("gaia.session.closes", "reason", "slow_consumer") >= before + slowCount);
            await().atMost(Duration.ofSeconds(20)).until(() -> registry.size() == 1);
            long heapAfter = usedHeapAfterGc();
            System.out.printf("slow readers: %d, max queued per socket %d bytes, worst ping %d ms, "
                            + "heap after GC before %d MB, after %d MB%n", slowCount, maxQueued, worstPing / 1_000_000,
                    heapBefore >> 20, heapAfter >> 20);

            assertThat(maxQueued).isLessThanOrEqualTo(BOUND);
            assertThat(Duration.ofNanos(worstPing)).isLessThan(Duration.ofMillis(500));
            assertThat(hare.socket().isClosed()).isFalse();
            assertThat(registry.ofUser("hare")).hasSize(1);
            // nothing of the closed sockets is kept
            assertThat(metrics.gauge("gaia.session.outbound.bytes")).isLessThan(64 * 1024);
            assertThat(heapAfter - heapBefore).isLessThan(64L << 20);
        } finally {
            for (SilentSocket socket : slow) {
                socket.close();
            }
        }
    }

    @Test
    void aReaderThatStallsThenReadsAgainFindsTheSlowConsumerClose() throws Exception {
        double before = metrics.count("gaia.session.closes", "reason", "slow_consumer");
        try (SilentSocket sloth = new SilentSocket(port, Player.WOODS, "dozer"); Connection bus = nats.connect()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> !registry.ofUser("dozer").isEmpty());
            for (int i = 0; i < 200 && metrics.count("gaia.session.closes", "reason", "slow_consumer") == before; i++) {
                bus.publish(Subjects.userUpdates("dozer"), bigDelta("dozer"));
                bus.flush(Duration.ofSeconds(1));
                Thread.sleep(10);
            }
            assertThat(metrics.count("gaia.session.closes", "reason", "slow_consumer")).isGreaterThan(before);
            assertThat(sloth.readUntilClose()).isEqualTo(CloseCodes.SLOW_CONSUMER);
        }
    }
}
