package org.orrery.task;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A task as the scheduler knows it: what was asked ({@link #spec()}) and what became of it.
 * Immutable: every change makes a new record.
 *
 * @param spec the task as submitted (with its id)
 * @param status where it is in its life
 * @param result what its action returned, once completed
 * @param error why it failed (or why its last attempt failed), or null
 * @param attempts how many attempts have started
 * @param progress 0 to 1, as the action reports it
 * @param progressMessage what the action says it is doing
 * @param waitingFor what a PENDING task waits for, for people (dependencies, its start time, an action), or null
 * @param createdAt when it was accepted
 * @param startedAt when its last attempt started, or null
 * @param completedAt when it reached a terminal status, or null
 * @param executionTime time spent running, all attempts together
 * @param assignedTo the agent or worker that runs or ran it, or null
 * @param revision increases with every change (for stores and optimistic updates)
 */
public record TaskRecord(TaskSpec spec, TaskStatus status, Map<String, Object> result, TaskError error, int attempts,
        double progress, String progressMessage, String waitingFor, Instant createdAt, Instant startedAt,
        Instant completedAt, Duration executionTime, String assignedTo, long revision) {

    public TaskRecord {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(spec.id(), "spec.id");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        executionTime = executionTime == null ? Duration.ZERO : executionTime;
        result = result == null ? null : Map.copyOf(result);
    }

    /** A newly accepted task. */
    public static TaskRecord accepted(TaskSpec spec, TaskStatus status, String waitingFor, Instant now) {
        return new TaskRecord(spec, status, null, null, 0, 0, null, waitingFor, now, null, null, Duration.ZERO,
                spec.assignedTo(), 0);
    }

    public String id() {
        return spec.id();
    }

    public TaskRecord withStatus(TaskStatus newStatus, String newWaitingFor) {
        return new TaskRecord(spec, newStatus, result, error, attempts, progress, progressMessage, newWaitingFor, createdAt,
                startedAt, completedAt, executionTime, assignedTo, revision + 1);
    }

    public TaskRecord started(Instant now, String worker) {
        return new TaskRecord(spec, TaskStatus.RUNNING, null, error, attempts + 1, 0, null, null, createdAt, now, null,
                executionTime, worker, revision + 1);
    }

    public TaskRecord finished(TaskStatus terminalOrRetrying, Map<String, Object> newResult, TaskError newError,
            Instant now, Duration ran) {
        Instant done = terminalOrRetrying.isTerminal() ? now : null;
        double p = terminalOrRetrying == TaskStatus.COMPLETED ? 1 : progress;
        return new TaskRecord(spec, terminalOrRetrying, newResult, newError, attempts, p, progressMessage, null, createdAt,
                startedAt, done, executionTime.plus(ran), assignedTo, revision + 1);
    }

    public TaskRecord withError(TaskStatus newStatus, TaskError newError, Instant now) {
        Instant done = newStatus.isTerminal() ? now : completedAt;
        return new TaskRecord(spec, newStatus, result, newError, attempts, progress, progressMessage, null, createdAt,
                startedAt, done, executionTime, assignedTo, revision + 1);
    }

    public TaskRecord withProgress(double newProgress, String message) {
        return new TaskRecord(spec, status, result, error, attempts, Math.max(0, Math.min(1, newProgress)), message,
                waitingFor, createdAt, startedAt, completedAt, executionTime, assignedTo, revision + 1);
    }

    /** For a manual retry: back to PENDING with the attempt count kept and the outcome cleared. */
    public TaskRecord reset(TaskStatus newStatus, String newWaitingFor) {
        return new TaskRecord(spec, newStatus, null, null, attempts, 0, null, newWaitingFor, createdAt, null, null,
                executionTime, spec.assignedTo(), revision + 1);
    }
}
