package io.gaia.kb.world;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The append-only commit log of one experience: segment files {@code commits/<n>.wal}, each
 * allocated in full (zero-filled and fsync'd) before the first record goes in, so appending a
 * record changes no file metadata and {@link FileChannel#force force(false)} (fdatasync) makes it
 * durable without creating a file, renaming one or touching a directory. (The earlier protocol
 * wrote one new file per commit; on ext4 creating an inode next to many recently deleted ones
 * cost the writer more CPU than the whole command.)
 *
 * <p>Record: {@code magic:int, length:int, seq:long, crc32c:int} (over seq and payload), then
 * {@code length} payload bytes. Reading a segment stops at zeros (the unused tail). A record that
 * does not check out is a write torn by a crash; it can only be the last one written, so anything
 * after it in a later segment means the log is damaged and {@link #replay} refuses to guess.
 *
 * <p>Threads: {@link #append} is called by the experience's writer only; {@link #prepareSpare}
 * and {@link #release} by the fold thread. A fresh segment is prepared in the background so the
 * writer rarely has to allocate one itself.
 */
public final class CommitLog implements AutoCloseable {

    public static final long DEFAULT_SEGMENT_BYTES = 4L * 1024 * 1024;
    static final String SUFFIX = ".wal";
    private static final String LEGACY_SUFFIX = ".json";
    private static final int MAGIC = 0x47414941; // "GAIA"
    private static final int HEADER = 4 + 4 + 8 + 4;
    private static final int ZEROS = 1 << 20;

    /** One record read back: its sequence number and payload. */
    public record Entry(long seq, byte[] payload) {
    }

    private record Segment(Path path, FileChannel channel, long size) {
    }

    private record Closed(Path path, long lastSeq) {
    }

    private final Path dir;
    private final long segmentBytes;
    private final Deque<Closed> closed = new ArrayDeque<>();
    private Segment active;
    private volatile long position;
    private long activeLastSeq;
    private Segment spare;
    private long nextNumber;

    private CommitLog(Path dir, long segmentBytes, long nextNumber) {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        this.nextNumber = nextNumber;
    }

    /**
     * Opens a log in {@code dir} for appending. Call after {@link #replay} and after the replayed
     * state has been written elsewhere: existing segments (and records of the earlier format) are
     * deleted, a new segment is allocated.
     */
    public static CommitLog openEmpty(Path dir, long segmentBytes) throws IOException {
        Files.createDirectories(dir);
        for (Path record : legacyRecords(dir)) {
            Files.delete(record);
        }
        long highest = 0;
        for (Path segment : segments(dir)) {
            highest = Math.max(highest, numberOf(segment));
            Files.delete(segment);
        }
        CommitLog log = new CommitLog(dir, segmentBytes, highest + 1);
        log.active = log.allocate(segmentBytes);
        AtomicFiles.syncDirectory(dir);
        return log;
    }

    /** Receives the records {@link #replay(Path, Visitor)} reads, one at a time. */
    @FunctionalInterface
    public interface Visitor {
        void accept(Entry entry) throws IOException;
    }

    /** Every intact record in {@code dir}, in order, in one list (see {@link #replay(Path, Visitor)}). */
    public static List<Entry> replay(Path dir) throws IOException {
        List<Entry> entries = new ArrayList<>();
        replay(dir, entries::add);
        return entries;
    }

    /**
     * Hands every intact record in {@code dir} to {@code visitor}, in order, one at a time (one segment is
     * read at once, never the whole log): first any records of the earlier one-file-per-commit format
     * ({@code <seq>.json}, written before this log existed), then the log's. Throws when the log is damaged
     * before its end, after handing over the records before the damage.
     */
    public static void replay(Path dir, Visitor visitor) throws IOException {
        long lastSeq = Long.MIN_VALUE;
        for (Path record : legacyRecords(dir)) {
            String name = record.getFileName().toString();
            lastSeq = Long.parseLong(name.substring(0, name.length() - LEGACY_SUFFIX.length()));
            visitor.accept(new Entry(lastSeq, Files.readAllBytes(record)));
        }
        String torn = null;
        for (Path segment : segments(dir)) {
            ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(segment));
            while (bytes.remaining() >= HEADER) {
                int at = bytes.position();
                int magic = bytes.getInt();
                if (magic == 0) {
                    break;
                }
                int length = bytes.getInt();
                long seq = bytes.getLong();
                int crc = bytes.getInt();
                if (magic != MAGIC || length < 0 || length > bytes.remaining() || seq <= lastSeq) {
                    torn = segment.getFileName() + " at byte " + at;
                    break;
                }
                byte[] payload = new byte[length];
                bytes.get(payload);
                if (crc != crc(seq, payload, 0, length)) {
                    torn = segment.getFileName() + " at byte " + at;
                    break;
                }
                if (torn != null) {
                    throw new IOException("commit log in " + dir + " is damaged: a record at " + torn
                            + " is unreadable but later records exist (" + segment.getFileName() + "); refusing to guess."
                            + " Restore the folder from backups/ or the git history.");
                }
                visitor.accept(new Entry(seq, payload));
                lastSeq = seq;
            }
        }
    }

    /** Appends one record and returns once it is on disk. Writer thread only. */
    public void append(long seq, byte[] payload) throws IOException {
        int length = HEADER + payload.length;
        if (position + length > active.size()) {
            roll(length);
        }
        ByteBuffer record = ByteBuffer.allocate(length);
        record.putInt(MAGIC).putInt(payload.length).putLong(seq).putInt(crc(seq, payload, 0, payload.length)).put(payload);
        record.flip();
        long at = position;
        while (record.hasRemaining()) {
            at += active.channel().write(record, at);
        }
        active.channel().force(false);
        position = at;
        activeLastSeq = seq;
    }

    /** Allocates the next segment ahead of time once the active one is half full, if none is waiting. Fold thread. */
    public void prepareSpare() throws IOException {
        synchronized (this) {
            if (spare != null || position < active.size() / 2) {
                return;
            }
        }
        Segment next = allocate(segmentBytes);
        AtomicFiles.syncDirectory(dir);
        synchronized (this) {
            if (spare == null) {
                spare = next;
                return;
            }
        }
        next.channel().close();
        Files.deleteIfExists(next.path());
    }

    /** Deletes the full segments whose records are all at or below {@code foldedSeq}. Fold thread. */
    public void release(long foldedSeq) throws IOException {
        List<Path> done = new ArrayList<>();
        synchronized (this) {
            while (!closed.isEmpty() && closed.peekFirst().lastSeq() <= foldedSeq) {
                done.add(closed.pollFirst().path());
            }
        }
        for (Path path : done) {
            Files.deleteIfExists(path);
        }
    }

    /** Segment files on disk (the active one included). */
    public int segmentCount() {
        try {
            return segments(dir).size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        active.channel().close();
        if (spare != null) {
            spare.channel().close();
        }
    }

    private void roll(int recordLength) throws IOException {
        Segment next;
        synchronized (this) {
            next = spare != null && spare.size() >= recordLength ? spare : null;
            spare = null;
        }
        if (next == null) {
            next = allocate(Math.max(segmentBytes, recordLength));
            AtomicFiles.syncDirectory(dir);
        }
        active.channel().close();
        synchronized (this) {
            closed.addLast(new Closed(active.path(), activeLastSeq));
            active = next;
            position = 0;
        }
    }

    /** A new segment, zero-filled to {@code size} and fsync'd (its directory entry is the caller's). */
    private Segment allocate(long size) throws IOException {
        long number;
        synchronized (this) {
            number = nextNumber++;
        }
        Path path = dir.resolve(String.format("%019d", number) + SUFFIX);
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            ByteBuffer zeros = ByteBuffer.allocate((int) Math.min(ZEROS, size));
            long written = 0;
            while (written < size) {
                zeros.clear().limit((int) Math.min(zeros.capacity(), size - written));
                written += channel.write(zeros, written);
            }
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            channel.close();
            Files.deleteIfExists(path);
            throw e;
        }
        return new Segment(path, channel, size);
    }

    private static int crc(long seq, byte[] payload, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocate(8).putLong(0, seq));
        crc.update(payload, offset, length);
        return (int) crc.getValue();
    }

    private static List<Path> legacyRecords(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches("\\d{19}\\" + LEGACY_SUFFIX))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        }
    }

    static List<Path> segments(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches("\\d{19}\\" + SUFFIX))
                    .sorted(Comparator.comparingLong(CommitLog::numberOf)).toList();
        }
    }

    private static long numberOf(Path segment) {
        String name = segment.getFileName().toString();
        return Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
    }

    /** For messages and tests: the payload as text. */
    public static String text(Entry entry) {
        return new String(entry.payload(), StandardCharsets.UTF_8);
    }
}
