package org.orrery.core.scheduler.internal;

import java.time.Duration;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The engine's time: a ticker (monotonic nanoseconds, for aging and execution times) and a timer
 * (wake-ups, deadlines, timeouts, delays, run by a {@link TaskTimer}). Tests inject their own
 * ticker and timer, and move time instead of sleeping. The timer never
 * overflows: a delay beyond {@link #LONGEST} (about a century) is cut to it, and whoever set it
 * checks the time again when it fires (a start time or deadline in the year 9999 fires early,
 * finds it is not time yet and sets itself again).
 */
final class EngineTimer {

    /** The longest delay handed to the executor; longer ones are cut to it. */
    static final Duration LONGEST = Duration.ofDays(36_500);

    /** A timer that is never set. */
    static final ScheduledFuture<?> NONE = new NoTimer();

    private final LongSupplier ticker;
    private final TaskTimer timer;

    EngineTimer(LongSupplier ticker, TaskTimer timer) {
        this.ticker = ticker;
        this.timer = timer;
    }

    /** Monotonic nanoseconds. */
    long nanoTime() {
        return ticker.getAsLong();
    }

    /** Runs the task after this delay (at once if it is negative; after {@link #LONGEST} at most). */
    ScheduledFuture<?> schedule(Duration delay, Runnable task) {
        return timer.schedule(nanos(delay), task);
    }

    /** The delay in nanoseconds, between 0 and {@link #LONGEST}: never an overflow. */
    static long nanos(Duration delay) {
        if (delay.isNegative()) {
            return 0;
        }
        return delay.compareTo(LONGEST) > 0 ? LONGEST.toNanos() : delay.toNanos();
    }

    /** For people: "1500 ms", "30 s"; never an overflow. */
    static String human(Duration d) {
        if (d.compareTo(LONGEST) > 0) {
            return d.getSeconds() + " s";
        }
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }

    void shutdownNow() {
        timer.shutdownNow();
    }

    boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return timer.awaitTermination(timeout, unit);
    }

    /** A timer that is never set. */
    private static final class NoTimer implements ScheduledFuture<Object> {
        @Override
        public long getDelay(TimeUnit unit) {
            return 0;
        }

        @Override
        public int compareTo(Delayed o) {
            return 0;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return false;
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public boolean isDone() {
            return true;
        }

        @Override
        public Object get() {
            return null;
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            return null;
        }
    }
}
