package org.orrery.core.scheduler.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.orrery.task.ExecutionStore;
import org.orrery.task.Severity;
import org.orrery.task.TaskError;
import org.orrery.task.TaskExecution;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskStatus;
import org.orrery.task.TaskStoreException;

/**
 * The {@link TaskExecution}s of attempts: the running one, built from its {@link Attempt}; an
 * ended one, built when the attempt ends and saved in the {@link ExecutionStore} by the
 * {@link GroupCommitter} right after the task's own change (before that change's events are
 * posted); the one a crash interrupted, written by {@link Recovery}.
 */
final class ExecutionLog {

    private final ExecutionStore store;
    private final boolean purgesTasks;

    /**
     * @param store where executions are kept
     * @param purgesTasks whether its {@link ExecutionStore#purge} removes the task too (the task store's own)
     */
    ExecutionLog(ExecutionStore store, boolean purgesTasks) {
        this.store = store;
        this.purgesTasks = purgesTasks;
    }

    /**
     * The executions of a scheduler on this task store: the given execution store, else the task
     * store's own if it keeps executions, else a bounded one in memory (that cannot purge tasks).
     */
    static ExecutionLog on(org.orrery.task.TaskStore tasks, ExecutionStore given) {
        if (given != null) {
            return new ExecutionLog(given, true);
        }
        if (tasks instanceof ExecutionStore own) {
            return new ExecutionLog(own, true);
        }
        return new ExecutionLog(new InMemoryExecutions(100_000), false);
    }

    boolean purgesTasks() {
        return purgesTasks;
    }

    ExecutionStore store() {
        return store;
    }

    /** The attempt as it runs now (its end null). */
    static TaskExecution running(Attempt a) {
        return new TaskExecution(null, a.taskId, a.number, a.executorId, TaskStatus.RUNNING, a.startedAt, null, null, null,
                a.usage(), a.trace.lines());
    }

    /**
     * The attempt that just ended, as the task's record says after it ({@code after}): completed,
     * cancelled (by a user, or interrupted by an immediate pause), else failed (also when the task
     * is retried: this attempt failed).
     */
    static TaskExecution ended(Attempt a, TaskRecord after, Instant now) {
        TaskStatus s = after.status();
        TaskStatus status = s == TaskStatus.COMPLETED ? TaskStatus.COMPLETED
                : s == TaskStatus.CANCELLED || a.pausedInterrupt && s == TaskStatus.RETRYING ? TaskStatus.CANCELLED
                        : TaskStatus.FAILED;
        return new TaskExecution(null, a.taskId, a.number, a.executorId, status, a.startedAt, now,
                status == TaskStatus.COMPLETED ? after.result() : null, status == TaskStatus.COMPLETED ? null : after.error(),
                a.usage(), a.trace.lines());
    }

    /** The attempt a stop of the runtime interrupted (the task was RUNNING in the store at a restart). */
    static TaskExecution interrupted(TaskRecord r, Instant now) {
        Instant started = r.startedAt() != null ? r.startedAt() : now;
        return new TaskExecution(null, r.id(), Math.max(1, r.attempts()), r.assignedTo(), TaskStatus.FAILED, started, now,
                null, new TaskError("Interrupted", "interrupted: Orrery stopped while attempt " + Math.max(1, r.attempts())
                        + " ran (found when it started again at " + now + "); what the attempt did is unknown",
                        Severity.HIGH, true), null, null);
    }

    /** A task's stored executions, with the running one (if any) last. */
    List<TaskExecution> of(String taskId, TaskExecution running) throws TaskStoreException {
        List<TaskExecution> out = new ArrayList<>(store.executions(taskId));
        if (running != null) {
            out.removeIf(x -> x.attempt() == running.attempt());
            out.add(running);
        }
        return out;
    }
}
