package io.gaia.session.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaia.session.connection.ClientConnection.Frame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.BaseSubscriber;

class OutboundQueueTest {

    private static Frame frame(String text) {
        return new Frame(text.getBytes(StandardCharsets.UTF_8), 0);
    }

    /** A socket that takes {@code n} frames when told to and never lets go of them until released. */
    private static final class Socket extends BaseSubscriber<Frame> {
        final List<Frame> taken = new ArrayList<>();
        boolean completed;

        @Override
        protected void hookOnSubscribe(org.reactivestreams.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        protected void hookOnNext(Frame value) {
            taken.add(value);
        }

        @Override
        protected void hookOnComplete() {
            completed = true;
        }
    }

    @Test
    void framesThatTheSocketHasNotTakenCountByBytesAndTheBoundRefusesMore() {
        OutboundQueue queue = new OutboundQueue(1_000, 10_000);
        Socket socket = new Socket();
        queue.frames().subscribe(socket);
        int accepted = 0;
        while (queue.offer(frame("x".repeat(1_000)), OutboundQueue.Kind.FRAME)) {
            accepted++;
        }
        // the socket holds a few frames (in flight, unreleased), the rest wait; all count
        assertThat(accepted).isEqualTo(10);
        assertThat(socket.taken).hasSize(OutboundQueue.MAX_IN_FLIGHT);
        assertThat(queue.byteCount()).isEqualTo(10_000);
        List.copyOf(socket.taken).forEach(queue::released);
        assertThat(queue.byteCount()).isEqualTo(2_000);
        assertThat(queue.offer(frame("y".repeat(1_000)), OutboundQueue.Kind.FRAME)).isTrue();
    }

    @Test
    void aFrameBiggerThanTheBoundStillGoesWhenNothingElseIsPending() {
        OutboundQueue queue = new OutboundQueue(1_000, 10_000);
        queue.frames().subscribe(new Socket());
        assertThat(queue.offer(frame("s".repeat(50_000)), OutboundQueue.Kind.SNAPSHOT)).isTrue();
        assertThat(queue.offer(frame("s".repeat(50_000)), OutboundQueue.Kind.SNAPSHOT)).as("a second oversized frame").isFalse();
    }

    @Test
    void framesQueuedBehindAnOversizedFrameAreBoundedByTheirOwnBytes() {
        OutboundQueue queue = new OutboundQueue(1_000, 10_000);
        Socket socket = new Socket();
        queue.frames().subscribe(socket);
        assertThat(queue.offer(frame("s".repeat(50_000)), OutboundQueue.Kind.SNAPSHOT)).isTrue();

        assertThat(queue.offer(frame("ping"), OutboundQueue.Kind.FRAME)).as("a ping behind a big area of interest").isTrue();
        int accepted = 0;
        while (queue.offer(frame("x".repeat(1_000)), OutboundQueue.Kind.FRAME)) {
            accepted++;
        }
        assertThat(accepted).isEqualTo(9);
        assertThat(queue.byteCount()).isEqualTo(50_000 + 4 + 9_000);

        queue.released(socket.taken.get(0)); // the big frame is written: the others count as before
        assertThat(queue.byteCount()).isEqualTo(4 + 9_000);
        assertThat(queue.offer(frame("s".repeat(50_000)), OutboundQueue.Kind.SNAPSHOT)).isFalse();
    }

    @Test
    void theFrameCountStillBounds() {
        OutboundQueue queue = new OutboundQueue(3, 10_000_000);
        queue.frames().subscribe(new Socket());
        assertThat(queue.offer(frame("a"), OutboundQueue.Kind.FRAME)).isTrue();
        assertThat(queue.offer(frame("b"), OutboundQueue.Kind.FRAME)).isTrue();
        assertThat(queue.offer(frame("c"), OutboundQueue.Kind.FRAME)).isTrue();
        assertThat(queue.offer(frame("d"), OutboundQueue.Kind.FRAME)).isFalse();
    }

    /** The socket holds {@link OutboundQueue#MAX_IN_FLIGHT} frames it has not let go of: the next ones wait. */
    private static void fillInFlight(OutboundQueue queue, Socket socket) {
        queue.frames().subscribe(socket);
        for (int i = 0; i < OutboundQueue.MAX_IN_FLIGHT; i++) {
            queue.offer(frame("delta " + i), OutboundQueue.Kind.FRAME);
        }
    }

    @Test
    void aNewerSnapshotReplacesOneStillWaitingAtTheTail() {
        OutboundQueue queue = new OutboundQueue(1_000, 10_000_000);
        Socket socket = new Socket();
        fillInFlight(queue, socket);
        long inFlight = queue.byteCount();
        for (int i = 0; i < 100; i++) {
            assertThat(queue.offer(frame("snapshot " + i + " " + "z".repeat(10_000)), OutboundQueue.Kind.SNAPSHOT)).isTrue();
        }
        assertThat(queue.frameCount()).isEqualTo(OutboundQueue.MAX_IN_FLIGHT + 1);
        assertThat(queue.byteCount()).isEqualTo(inFlight + frame("snapshot 99 " + "z".repeat(10_000)).bytes().length);

        // a frame behind a snapshot ends the replacement: order is never changed
        queue.offer(frame("pong"), OutboundQueue.Kind.FRAME);
        queue.offer(frame("snapshot 100"), OutboundQueue.Kind.SNAPSHOT);
        assertThat(queue.frameCount()).isEqualTo(OutboundQueue.MAX_IN_FLIGHT + 3);

        new ArrayList<>(socket.taken).forEach(queue::released);
        assertThat(socket.taken.subList(OutboundQueue.MAX_IN_FLIGHT, socket.taken.size()))
                .extracting(f -> {
                    String[] words = new String(f.bytes(), StandardCharsets.UTF_8).split(" ");
                    return words.length == 1 ? words[0] : words[0] + " " + words[1];
                })
                .containsExactly("snapshot 99", "pong", "snapshot 100");
    }

    @Test
    void aPlainSnapshotNeverReplacesAWaitingResyncSnapshotSoTheClientStillLearnsItsHistoryWasReplaced() {
        OutboundQueue queue = new OutboundQueue(1_000, 10_000_000);
        Socket socket = new Socket();
        fillInFlight(queue, socket);
        queue.offer(frame("resync 1"), OutboundQueue.Kind.RESYNC_SNAPSHOT); // the reset's snapshot
        queue.offer(frame("walk 1"), OutboundQueue.Kind.SNAPSHOT);          // a walk's, right behind it
        queue.offer(frame("walk 2"), OutboundQueue.Kind.SNAPSHOT);          // replaces the plain one only
        queue.offer(frame("resync 2"), OutboundQueue.Kind.RESYNC_SNAPSHOT); // a resync replaces any
        queue.offer(frame("walk 3"), OutboundQueue.Kind.SNAPSHOT);

        new ArrayList<>(socket.taken).forEach(queue::released);
        assertThat(socket.taken.subList(OutboundQueue.MAX_IN_FLIGHT, socket.taken.size()))
                .extracting(f -> new String(f.bytes(), StandardCharsets.UTF_8))
                .containsExactly("resync 1", "resync 2", "walk 3");
    }

    @Test
    void discardingDropsWaitingFramesAtOnceAndCompletes() {
        OutboundQueue queue = new OutboundQueue(1_000, 10_000_000);
        Socket socket = new Socket();
        queue.frames().subscribe(socket);
        for (int i = 0; i < 50; i++) {
            queue.offer(frame("f".repeat(1_000)), OutboundQueue.Kind.FRAME);
        }
        queue.discard();
        assertThat(queue.frameCount()).isEqualTo(OutboundQueue.MAX_IN_FLIGHT);
        assertThat(socket.completed).isTrue();
        assertThat(queue.offer(frame("late"), OutboundQueue.Kind.FRAME)).isTrue(); // ignored once closing
        assertThat(queue.frameCount()).isEqualTo(OutboundQueue.MAX_IN_FLIGHT);
        List.copyOf(socket.taken).forEach(queue::released);
        assertThat(queue.byteCount()).isZero();
    }

    @Test
    void completingLetsEveryQueuedFrameGoFirst() {
        OutboundQueue queue = new OutboundQueue(1_000, 10_000_000);
        Socket socket = new Socket();
        queue.frames().subscribe(socket);
        for (int i = 0; i < 20; i++) {
            queue.offer(frame("f" + i), OutboundQueue.Kind.FRAME);
        }
        queue.complete();
        assertThat(socket.completed).isFalse();
        for (int released = 0; released < socket.taken.size(); released++) {
            queue.released(socket.taken.get(released));
        }
        assertThat(socket.completed).isTrue();
        assertThat(socket.taken).hasSize(20);
        assertThat(queue.frameCount()).isZero();
    }
}
