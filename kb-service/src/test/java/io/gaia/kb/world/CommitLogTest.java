package io.gaia.kb.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commit log: records come back in order across segments; a torn tail is dropped, damage before the end is refused. */
class CommitLogTest {

    static final long SMALL = 1024;

    @TempDir
    Path dir;

    @Test
    void recordsComeBackInOrderAcrossSegments() throws Exception {
        try (CommitLog log = CommitLog.openEmpty(dir, SMALL)) {
            for (long seq = 1; seq <= 40; seq++) {
                log.append(seq, payload(seq, 100));
            }
        }
        assertThat(CommitLog.segments(dir)).hasSizeGreaterThan(3);
        List<CommitLog.Entry> entries = CommitLog.replay(dir);
        assertThat(entries).extracting(CommitLog.Entry::seq).containsExactlyElementsOf(range(1, 40));
        assertThat(CommitLog.text(entries.get(39))).startsWith("record 40 ");
    }

    @Test
    void aRecordLargerThanASegmentGetsASegmentOfItsOwn() throws Exception {
        try (CommitLog log = CommitLog.openEmpty(dir, SMALL)) {
            log.append(1, payload(1, 10));
            log.append(2, payload(2, 5_000));
            log.append(3, payload(3, 10));
        }
        assertThat(CommitLog.replay(dir)).extracting(e -> e.payload().length).containsExactly(10, 5_000, 10);
    }

    @Test
    void aTornLastRecordIsDroppedAndEverythingBeforeItKept() throws Exception {
        try (CommitLog log = CommitLog.openEmpty(dir, 1 << 20)) {
            for (long seq = 1; seq <= 5; seq++) {
                log.append(seq, payload(seq, 50));
            }
        }
        Path segment = CommitLog.segments(dir).get(0);
        long lastRecordPayloadByte = 4 * (20 + 50) + 20 + 10;
        flipByte(segment, lastRecordPayloadByte);
        assertThat(CommitLog.replay(dir)).extracting(CommitLog.Entry::seq).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void damageBeforeTheEndOfTheLogIsRefusedRatherThanSkipped() throws Exception {
        try (CommitLog log = CommitLog.openEmpty(dir, SMALL)) {
            for (long seq = 1; seq <= 40; seq++) {
                log.append(seq, payload(seq, 100));
            }
        }
        flipByte(CommitLog.segments(dir).get(1), 30);
        assertThatThrownBy(() -> CommitLog.replay(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining("damaged").hasMessageContaining("refusing to guess");
    }

    @Test
    void releaseDeletesOnlyFullSegmentsWhoseRecordsAreAllFolded() throws Exception {
        try (CommitLog log = CommitLog.openEmpty(dir, SMALL)) {
            for (long seq = 1; seq <= 40; seq++) {
                log.append(seq, payload(seq, 100));
            }
            int before = log.segmentCount();
            log.release(20);
            assertThat(log.segmentCount()).isLessThan(before);
            assertThat(CommitLog.replay(dir).get(0).seq()).isLessThanOrEqualTo(21);
            log.release(40);
            assertThat(log.segmentCount()).isEqualTo(1);
            log.append(41, payload(41, 100));
        }
        assertThat(CommitLog.replay(dir)).extracting(CommitLog.Entry::seq).contains(41L).doesNotContain(1L);
    }

    @Test
    void aSparePreparedAheadIsTheNextSegmentAndLeavesReplayUnchanged() throws Exception {
        try (CommitLog log = CommitLog.openEmpty(dir, SMALL)) {
            log.prepareSpare();
            assertThat(log.segmentCount()).as("no spare while the active segment is nearly empty").isEqualTo(1);
            for (long seq = 1; seq <= 5; seq++) {
                log.append(seq, payload(seq, 100));
            }
            log.prepareSpare();
            assertThat(log.segmentCount()).isEqualTo(2);
            assertThat(CommitLog.replay(dir)).hasSize(5);
            for (long seq = 6; seq <= 12; seq++) {
                log.append(seq, payload(seq, 100));
            }
            assertThat(log.segmentCount()).isEqualTo(2);
        }
        assertThat(CommitLog.replay(dir)).extracting(CommitLog.Entry::seq).containsExactlyElementsOf(range(1, 12));
    }

    @Test
    void openingAgainStartsAnEmptyLogAfterTheReplayedOne() throws Exception {
        try (CommitLog log = CommitLog.openEmpty(dir, SMALL)) {
            log.append(1, payload(1, 10));
        }
        try (CommitLog log = CommitLog.openEmpty(dir, SMALL)) {
            assertThat(CommitLog.replay(dir)).isEmpty();
            log.append(2, payload(2, 10));
        }
        assertThat(CommitLog.replay(dir)).extracting(CommitLog.Entry::seq).containsExactly(2L);
    }

    private static byte[] payload(long seq, int length) {
        byte[] bytes = new byte[length];
        java.util.Arrays.fill(bytes, (byte) 'x');
        byte[] label = ("record " + seq + " ").getBytes(StandardCharsets.UTF_8);
        System.arraycopy(label, 0, bytes, 0, Math.min(label.length, length));
        return bytes;
    }

    private static void flipByte(Path file, long at) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, at);
            one.put(0, (byte) (one.get(0) ^ 0x5A)).rewind();
            channel.write(one, at);
        }
    }

    private static List<Long> range(long from, long to) {
        return java.util.stream.LongStream.rangeClosed(from, to).boxed().toList();
    }
}
