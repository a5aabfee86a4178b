package io.gaia.session.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutboundQueueTest {

    private static Frame frame(String text) {
        return new Frame(text.getBytes(StandardCharsets.UTF_8), 0);
    }

    private static List<String> takeAll(OutboundQueue queue) {
        List<String> taken = new ArrayList<>();
        for (Frame next = queue.take(); next != null; next = queue.take()) {
            taken.add(new String(next.bytes(), StandardCharsets.UTF_8));
        }
        return taken;
    }

    @Test
    void framesNotYetTakenCountByBytesAndTheBoundRefusesMore() {
        OutboundQueue queue = new OutboundQueue(1_000, 10_000);
        int accepted = 0;
        while (queue.offer(frame("x".repeat(1_000)), OutboundQueue.Kind.FRAME)) {
            accepted++;
        }
        assertThat(accepted).isEqualTo(10);
        assertThat(queue.byteCount()).isEqualTo(10_000);
        queue.take();
        queue.take();
        assertThat(queue.byteCount()).isEqualTo(8_000);
        assertThat(queue.offer(frame("y".repeat(1_000)), OutboundQueue.Kind.FRAME)).isTrue();
    }

    @Test
    void aFrameBiggerThanTheBoundStillGoesWhenNothingElseIsPending() {
        OutboundQueue queue = new OutboundQueue(1_000, 10_000);
        assertThat(queue.offer(frame("s".repeat(50_000)), OutboundQueue.Kind.SNAPSHOT)).isTrue();
        assertThat(queue.offer(frame("s".repeat(50_000)), OutboundQueue.Kind.FRAME)).as("a second oversized frame").isFalse();
    }

    @Test
    void framesQueuedBehindAnOversizedFrameAreBoundedByTheirOwnBytes() {
        OutboundQueue queue = new OutboundQueue(1_000, 10_000);
        assertThat(queue.offer(frame("s".repeat(50_000)), OutboundQueue.Kind.SNAPSHOT)).isTrue();

        assertThat(queue.offer(frame("ping"), OutboundQueue.Kind.FRAME)).as("a ping behind a big area of interest").isTrue();
        int accepted = 0;
        while (queue.offer(frame("x".repeat(1_000)), OutboundQueue.Kind.FRAME)) {
            accepted++;
        }
        assertThat(accepted).isEqualTo(9);
        assertThat(queue.byteCount()).isEqualTo(50_000 + 4 + 9_000);

        queue.take(); // the big frame is written: the others count as before
        assertThat(queue.byteCount()).isEqualTo(4 + 9_000);
        assertThat(queue.offer(frame("s".repeat(50_000)), OutboundQueue.Kind.SNAPSHOT)).isFalse();
    }

    @Test
    void theFrameCountStillBounds() {
        OutboundQueue queue = new OutboundQueue(3, 10_000_000);
        assertThat(queue.offer(frame("a"), OutboundQueue.Kind.FRAME)).isTrue();
        assertThat(queue.offer(frame("b"), OutboundQueue.Kind.FRAME)).isTrue();
        assertThat(queue.offer(frame("c"), OutboundQueue.Kind.FRAME)).isTrue();
        assertThat(queue.offer(frame("d"), OutboundQueue.Kind.FRAME)).isFalse();
    }

    @Test
    void aNewerSnapshotReplacesOneStillWaitingAtTheTail() {
        OutboundQueue queue = new OutboundQueue(1_000, 10_000_000);
        queue.offer(frame("delta 1"), OutboundQueue.Kind.FRAME);
        long before = queue.byteCount();
        for (int i = 0; i < 100; i++) {
            assertThat(queue.offer(frame("snapshot " + i + " " + "z".repeat(10_000)), OutboundQueue.Kind.SNAPSHOT)).isTrue();
        }
        assertThat(queue.frameCount()).isEqualTo(2);
        assertThat(queue.byteCount()).isEqualTo(before + frame("snapshot 99 " + "z".repeat(10_000)).bytes().length);

        // a frame behind a snapshot ends the replacement: order is never changed
        queue.offer(frame("pong"), OutboundQueue.Kind.FRAME);
        queue.offer(frame("snapshot 100"), OutboundQueue.Kind.SNAPSHOT);
        assertThat(queue.frameCount()).isEqualTo(4);

        assertThat(takeAll(queue)).extracting(text -> {
            String[] words = text.split(" ");
            return words.length == 1 ? words[0] : words[0] + " " + words[1];
        }).containsExactly("delta 1", "snapshot 99", "pong", "snapshot 100");
    }

    @Test
    void aSnapshotAlreadyTakenIsNeverReplaced() {
        OutboundQueue queue = new OutboundQueue(1_000, 10_000_000);
        queue.offer(frame("walk 1"), OutboundQueue.Kind.SNAPSHOT);
        assertThat(takeAll(queue)).containsExactly("walk 1");
        queue.offer(frame("walk 2"), OutboundQueue.Kind.SNAPSHOT);
        assertThat(queue.byteCount()).isEqualTo(6);
        assertThat(takeAll(queue)).containsExactly("walk 2");
    }

    @Test
    void aPlainSnapshotNeverReplacesAWaitingResyncSnapshotSoTheClientStillLearnsItsHistoryWasReplaced() {
        OutboundQueue queue = new OutboundQueue(1_000, 10_000_000);
        queue.offer(frame("delta"), OutboundQueue.Kind.FRAME);
        queue.offer(frame("resync 1"), OutboundQueue.Kind.RESYNC_SNAPSHOT); // the reset's snapshot
        queue.offer(frame("walk 1"), OutboundQueue.Kind.SNAPSHOT);          // a walk's, right behind it
        queue.offer(frame("walk 2"), OutboundQueue.Kind.SNAPSHOT);          // replaces the plain one only
        queue.offer(frame("resync 2"), OutboundQueue.Kind.RESYNC_SNAPSHOT); // a resync replaces any
        queue.offer(frame("walk 3"), OutboundQueue.Kind.SNAPSHOT);

        assertThat(takeAll(queue)).containsExactly("delta", "resync 1", "resync 2", "walk 3");
    }

    @Test
    void discardingDropsWaitingFramesAtOnceAndFinishes() {
        OutboundQueue queue = new OutboundQueue(1_000, 10_000_000);
        for (int i = 0; i < 50; i++) {
            queue.offer(frame("f".repeat(1_000)), OutboundQueue.Kind.FRAME);
        }
        queue.discard();
        assertThat(queue.frameCount()).isZero();
        assertThat(queue.byteCount()).isZero();
        assertThat(queue.finished()).isTrue();
        assertThat(queue.offer(frame("late"), OutboundQueue.Kind.FRAME)).isTrue(); // ignored once closing
        assertThat(queue.frameCount()).isZero();
    }

    @Test
    void completingLetsEveryQueuedFrameGoFirst() {
        OutboundQueue queue = new OutboundQueue(1_000, 10_000_000);
        for (int i = 0; i < 20; i++) {
            queue.offer(frame("f" + i), OutboundQueue.Kind.FRAME);
        }
        queue.complete();
        assertThat(queue.finished()).isFalse();
        assertThat(takeAll(queue)).hasSize(20);
        assertThat(queue.finished()).isTrue();
        assertThat(queue.frameCount()).isZero();
    }
}
