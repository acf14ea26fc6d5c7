package org.orrery.core.scheduler.internal;

import java.util.concurrent.TimeUnit;

import org.orrery.task.Severity;
import org.orrery.task.TaskException;

/**
 * Stopping the engine ({@link TaskEngine#close()}): in its last operation every running attempt
 * is cancelled and every timer of a task is cancelled; then the threads end, and what they left
 * queued is committed and its events posted. Tasks stay as they are in the store.
 */
final class EngineShutdown {

    private final Lifecycle lifecycle;
    private final WorkerPool workers;
    private final EngineTimer timer;
    private final GroupCommitter committer;
    private final EventOutbox outbox;
    private final FinishWaiters finishWaiters;

    EngineShutdown(Lifecycle lifecycle, WorkerPool workers, EngineTimer timer, GroupCommitter committer, EventOutbox outbox,
            FinishWaiters finishWaiters) {
        this.lifecycle = lifecycle;
        this.workers = workers;
        this.timer = timer;
        this.committer = committer;
        this.outbox = outbox;
        this.finishWaiters = finishWaiters;
    }

    /** Under the lock, in the engine's last operation: running attempts are cancelled, timers stopped. */
    void stopTasks(Iterable<TaskEntry> tasks) {
        for (TaskEntry e : tasks) {
            if (e.attempt != null) {
                e.attempt.cancellation.complete(new TaskException("the scheduler stopped", Severity.HIGH, true));
            }
            lifecycle.cancelWakeUp(e);
            if (e.deadline != null) {
                e.deadline.cancel(false);
            }
        }
    }

    /** After the last operation: the threads end; what they left queued is committed and posted. */
    void stopThreads() {
        timer.shutdownNow();
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
            timer.awaitTermination(5, TimeUnit.SECONDS);
            committer.close(); // whatever the last threads left queued
            outbox.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            committer.closeNow();
            outbox.closeNow();
        } finally {
            finishWaiters.close();
        }
    }
}
