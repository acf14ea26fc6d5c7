package org.orrery.core.scheduler.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.orrery.task.TaskError;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskStatus;

/**
 * How the engine changes a task's record: each change a new record, one revision later. The
 * engine's own business, so not part of {@link TaskRecord}'s API.
 */
final class Transitions {

    private Transitions() {
    }

    private static TaskRecord.Builder next(TaskRecord r) {
        return r.toBuilder().revision(r.revision() + 1);
    }

    static TaskRecord withStatus(TaskRecord r, TaskStatus status, String waitingFor) {
        return next(r).status(status).waitingFor(waitingFor).build();
    }

    /** A new attempt starts on this worker. */
    static TaskRecord started(TaskRecord r, Instant now, String worker) {
        return next(r).status(TaskStatus.RUNNING).result(null).attempts(r.attempts() + 1).progress(0).progressMessage(null)
                .waitingFor(null).startedAt(now).completedAt(null).assignedTo(worker).build();
    }

    /** An attempt given back before it began (a remote agent's claim that was never received): as if never started. */
    static TaskRecord unstarted(TaskRecord r) {
        return next(r).status(TaskStatus.RETRYING).attempts(Math.max(0, r.attempts() - 1)).progress(0).progressMessage(null)
                .startedAt(null).assignedTo(r.spec().assignedTo()).build();
    }

    /** An attempt ended: terminal, or RETRYING; its run time counts. */
    static TaskRecord finished(TaskRecord r, TaskStatus terminalOrRetrying, Map<String, Object> result, TaskError error,
            Instant now, Duration ran) {
        return next(r).status(terminalOrRetrying).result(result).error(error)
                .progress(terminalOrRetrying == TaskStatus.COMPLETED ? 1 : r.progress()).waitingFor(null)
                .completedAt(terminalOrRetrying.isTerminal() ? now : null).executionTime(r.executionTime().plus(ran))
                .build();
    }

    /** Failed or cancelled without an attempt ending (a deadline, a cancel, a failed dependency). */
    static TaskRecord withError(TaskRecord r, TaskStatus status, TaskError error, Instant now) {
        return next(r).status(status).error(error).waitingFor(null).completedAt(status.isTerminal() ? now : r.completedAt())
                .build();
    }

    static TaskRecord withProgress(TaskRecord r, double progress, String message) {
        return next(r).progress(Math.max(0, Math.min(1, progress))).progressMessage(message).build();
    }

    /** The running attempt saved its progress; every later attempt (a retry, after a restart) sees it. */
    static TaskRecord withCheckpoint(TaskRecord r, Map<String, Object> checkpoint) {
        return next(r).checkpoint(checkpoint).build();
    }

    /** For a manual retry (the checkpoint is kept: the next attempt continues): back to this status with the attempt count kept and the outcome cleared. */
    static TaskRecord reset(TaskRecord r, TaskStatus status, String waitingFor) {
        return next(r).status(status).result(null).error(null).progress(0).progressMessage(null).waitingFor(waitingFor)
                .startedAt(null).completedAt(null).assignedTo(r.spec().assignedTo()).build();
    }
}
