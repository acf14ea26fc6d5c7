package org.orrery.store.jdbc.internal;

import java.time.Instant;

import org.orrery.task.TaskRecord;

/** How the stores keep instants and durations in BIGINT columns: epoch nanoseconds, exact and ordered. */
final class TimeKeys {

    private TimeKeys() {
    }

    /** Epoch nanoseconds: the exact order of instants, within years 1677 to 2262. */
    static long nanos(Instant at) {
        return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000_000L), at.getNano());
    }

    /** The instant of epoch nanoseconds ({@link #nanos}'s inverse). */
    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    /** {@link #nanos}, held to the range of a long for instants outside it (a bound, not a key). */
    static long clampedNanos(Instant at) {
        try {
            return nanos(at);
        } catch (ArithmeticException e) {
            return at.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /** The execution time of a task in nanoseconds, as the {@code execution_nanos} column keeps it. */
    static long executionNanos(TaskRecord task) {
        try {
            return task.executionTime().toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
