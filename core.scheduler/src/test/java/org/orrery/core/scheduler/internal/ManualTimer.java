package org.orrery.core.scheduler.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A ticker and a timer that only the test moves: {@link #advance} moves the time and runs, on the
 * test's thread and in the order they are due, the timers that are then due (and those they set
 * that are due as well). Nothing waits for real time to pass. Its {@link #clock()} moves with it,
 * from {@link #START}, so wall-clock times (not_before, deadlines) move too.
 */
final class ManualTimer implements TaskTimer, LongSupplier {

    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private long now;
    private long sequence;
    private final List<Due> due = new ArrayList<>();
    private boolean shut;

    @Override
    public synchronized long getAsLong() {
        return now;
    }

    @Override
    public synchronized ScheduledFuture<?> schedule(long nanos, Runnable task) {
        if (shut) {
            return EngineTimer.NONE;
        }
        Due d = new Due(now + nanos, sequence++, task);
        due.add(d);
        return d;
    }

    /** A wall clock that shows {@link #START} plus the time moved so far. */
    Clock clock() {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Instant instant() {
                return START.plusNanos(getAsLong());
            }
        };
    }

    /** How many timers are set and not yet run or cancelled. */
    synchronized int pending() {
        return due.size();
    }

    /** Moves the time on by this much, running every timer due by then. */
    void advance(Duration by) {
        long target;
        synchronized (this) {
            target = now + by.toNanos();
        }
        while (true) {
            Due next;
            synchronized (this) {
                next = due.stream().filter(d -> d.at <= target)
                        .min((a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq)).orElse(null);
                if (next == null) {
                    now = target;
                    return;
                }
                due.remove(next);
                now = Math.max(now, next.at);
                next.ran = true;
            }
            next.task.run();
        }
    }

    @Override
    public synchronized void shutdownNow() {
        shut = true;
        due.clear();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return true;
    }

    /** One timer set. */
    private final class Due implements ScheduledFuture<Object> {
        final long at;
        final long seq;
        final Runnable task;
        boolean ran;
        boolean cancelled;

        Due(long at, long seq, Runnable task) {
            this.at = at;
            this.seq = seq;
            this.task = task;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            synchronized (ManualTimer.this) {
                return unit.convert(at - now, TimeUnit.NANOSECONDS);
            }
        }

        @Override
        public int compareTo(Delayed o) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), o.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            synchronized (ManualTimer.this) {
                if (ran || cancelled) {
                    return false;
                }
                cancelled = true;
                due.remove(this);
                return true;
            }
        }

        @Override
        public boolean isCancelled() {
            synchronized (ManualTimer.this) {
                return cancelled;
            }
        }

        @Override
        public boolean isDone() {
            synchronized (ManualTimer.this) {
                return ran || cancelled;
            }
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
