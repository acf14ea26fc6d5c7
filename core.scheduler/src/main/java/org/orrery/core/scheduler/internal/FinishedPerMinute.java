package org.orrery.core.scheduler.internal;

import java.util.Arrays;

/**
 * How many attempts finished in the last minute, counted in 600 slices of 100 ms: the count covers
 * the slice under way and the 599 before it (59.9 to 60 s). Constant memory and no allocation per
 * attempt: the engine finishes thousands a second, and a queue of their times (a boxed {@code Long}
 * each, kept a minute) was the largest thing its young collections copied, again and again, until
 * each was promoted. Times are ticker nanoseconds ({@link System#nanoTime()}), which may be
 * negative. Not thread-safe: the engine's lock guards it.
 */
final class FinishedPerMinute {

    static final long SLICE_NANOS = 100_000_000L;
    static final int SLICES = 600;

    /** The slice number (ticker time / slice) each entry counts, or {@link Long#MIN_VALUE} for none yet. */
    private final long[] sliceOf = new long[SLICES];
    private final long[] counts = new long[SLICES];

    FinishedPerMinute() {
        Arrays.fill(sliceOf, Long.MIN_VALUE);
    }

    /** One more finished at this ticker time. */
    void add(long nowNanos) {
        long slice = Math.floorDiv(nowNanos, SLICE_NANOS);
        int i = (int) Math.floorMod(slice, (long) SLICES);
        if (sliceOf[i] != slice) {
            sliceOf[i] = slice;
            counts[i] = 0;
        }
        counts[i]++;
    }

    /** How many finished in the last minute as of this ticker time. */
    long count(long nowNanos) {
        long now = Math.floorDiv(nowNanos, SLICE_NANOS);
        long total = 0;
        for (int i = 0; i < SLICES; i++) {
            long age = now - sliceOf[i];
            if (sliceOf[i] != Long.MIN_VALUE && age >= 0 && age < SLICES) {
                total += counts[i];
            }
        }
        return total;
    }
}
