package org.orrery.core.scheduler.internal;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * What runs the engine's timers (wake-ups, deadlines, timeouts, delays): one daemon thread by
 * default ({@link #daemon()}); a test passes a manual one that it advances, so it waits for no
 * time to pass. {@link EngineTimer} cuts every delay before it reaches this.
 */
interface TaskTimer {

    /** Runs the task after this many nanoseconds (0 or more); returns a never-set timer when closing. */
    ScheduledFuture<?> schedule(long nanos, Runnable task);

    /** Drops every timer not yet run; no new one is set. */
    void shutdownNow();

    /** Waits until a timer running now has ended. */
    boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException;

    /** The engine's own: one daemon thread, "orrery-task-timer". */
    static TaskTimer daemon() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "orrery-task-timer");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        return new TaskTimer() {
            @Override
            public ScheduledFuture<?> schedule(long nanos, Runnable task) {
                try {
                    return executor.schedule(task, nanos, TimeUnit.NANOSECONDS);
                } catch (RejectedExecutionException e) {
                    return EngineTimer.NONE; // the engine is closing
                }
            }

            @Override
            public void shutdownNow() {
                executor.shutdownNow();
            }

            @Override
            public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
                return executor.awaitTermination(timeout, unit);
            }
        };
    }
}
