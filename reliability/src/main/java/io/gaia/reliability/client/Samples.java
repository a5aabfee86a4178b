package io.gaia.reliability.client;

import java.util.Arrays;

/** A growable list of (time, value) pairs in primitive arrays: a 100-player run records millions. */
public final class Samples {

    private long[] times = new long[1024];
    private long[] values = new long[1024];
    private int size;

    public synchronized void add(long time, long value) {
        if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        times[size] = time;
        values[size] = value;
        size++;
    }

    /** Values whose time is in [from, to). */
    public synchronized long[] between(long from, long to) {
        long[] out = new long[size];
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (times[i] >= from && times[i] < to) {
                out[n++] = values[i];
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** The first time at or after {@code from} whose value is at least {@code minValue}, or -1. */
    public synchronized long firstTimeWithValueAtLeast(long from, long minValue) {
        for (int i = 0; i < size; i++) {
            if (times[i] >= from && values[i] >= minValue) {
                return times[i];
            }
        }
        return -1;
    }

    /**
     * The longest stretch of [from, to) with no sample time in it (from {@code from} to the first sample,
     * between two samples, from the last to {@code to}); samples are expected in time order.
     */
    public synchronized long longestGap(long from, long to) {
        long last = from;
        long longest = 0;
        for (int i = 0; i < size; i++) {
            if (times[i] >= from && times[i] < to) {
                longest = Math.max(longest, times[i] - last);
                last = Math.max(last, times[i]);
            }
        }
        return Math.max(longest, to - last);
    }

    public synchronized int size() {
        return size;
    }

    /** The q-quantile (0..1) of {@code values}, nearest rank; 0 for none. */
    public static long quantile(long[] values, double q) {
        if (values.length == 0) {
            return 0;
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
    }
}
