package org.orrery.core.scheduler.internal;

import java.util.List;
import java.util.Map;

import org.orrery.task.Severity;
import org.orrery.task.TaskError;
import org.orrery.task.TaskException;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskStatus;

/**
 * The clean-up after the store refused a submission's save: its tasks exist only in memory; they
 * are marked not stored (invisible to users, their ids free again) and cancelled at once, so they
 * never run to completion. Under the engine lock.
 */
final class RefusedSubmission {

    private final Map<String, TaskEntry> tasks;
    private final Lifecycle lifecycle;

    RefusedSubmission(Map<String, TaskEntry> tasks, Lifecycle lifecycle) {
        this.tasks = tasks;
        this.lifecycle = lifecycle;
    }

    /** Cancels the submitted tasks, for this reason; they stay in memory only, as cancelled. */
    void abandon(List<TaskRecord> submitted, String why) {
        for (TaskRecord r : submitted) {
            TaskEntry e = tasks.get(r.id());
            if (e == null) {
                continue;
            }
            e.notStored = true;
            if (e.record.status().isTerminal()) {
                continue;
            }
            if (e.record.status() == TaskStatus.RUNNING && e.attempt != null) {
                e.attempt.cancel(new TaskException(why, Severity.HIGH, false), true); // terminal: no retry
            } else {
                lifecycle.cancelWaiting(e, new TaskError("TaskStoreError", why, Severity.HIGH, false));
            }
        }
    }
}
