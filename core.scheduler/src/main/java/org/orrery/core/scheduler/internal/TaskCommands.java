package org.orrery.core.scheduler.internal;

import java.util.List;

import org.orrery.task.Severity;
import org.orrery.task.TaskError;
import org.orrery.task.TaskException;
import org.orrery.task.TaskExecution;
import org.orrery.task.TaskNotFoundException;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskStatus;
import org.orrery.task.TaskUpdate;

/**
 * The {@link org.orrery.task.Scheduler} calls on one task named by its id: cancel, retry, pause,
 * resume, update, purge and its executions. Each looks the task up (in memory, or read back from
 * the store) and changes it in one engine operation, so it returns once the change is committed;
 * an unknown id is a {@link TaskNotFoundException}.
 */
final class TaskCommands {

    private interface Change {
        void apply(TaskEntry e) throws TaskException;
    }

    private final TaskEngine engine;
    private final TaskTable table;
    private final Lifecycle lifecycle;
    private final Revival revival;
    private final TaskEdits edits;
    private final ExecutionLog executionLog;
    private final GroupCommitter committer;

    TaskCommands(TaskEngine engine, Revival revival, TaskEdits edits, ExecutionLog executionLog, GroupCommitter committer) {
        this.engine = engine;
        this.table = engine.table;
        this.lifecycle = engine.lifecycle;
        this.revival = revival;
        this.edits = edits;
        this.executionLog = executionLog;
        this.committer = committer;
    }

    TaskRecord cancel(String id, String reason) throws TaskNotFoundException {
        String why = reason == null || reason.isBlank() ? "cancelled by request" : reason;
        TaskRecord[] out = new TaskRecord[1];
        engine.operate(() -> {
            TaskEntry e = table.lookup(id);
            if (e == null) {
                return;
            }
            TaskStatus s = e.record.status();
            if (s == TaskStatus.RUNNING && e.attempt != null) {
                e.attempt.cancel(new TaskException("cancelled: " + why, Severity.LOW, false), true);
            } else if (!s.isTerminal()) {
                lifecycle.cancelWaiting(e, new TaskError("TaskCancelled", "cancelled: " + why, Severity.LOW, false));
            }
            out[0] = e.record;
        });
        if (out[0] == null) {
            throw new TaskNotFoundException(id);
        }
        return out[0];
    }

    TaskRecord retry(String id) throws TaskException {
        return withTask(id, revival::retry);
    }

    TaskRecord pause(String id) throws TaskException {
        return withTask(id, edits::pause);
    }

    TaskRecord resume(String id) throws TaskException {
        return withTask(id, edits::resume);
    }

    TaskRecord update(String id, TaskUpdate update) throws TaskException {
        return withTask(id, e -> edits.update(e, update));
    }

    void purge(String id) throws TaskException {
        committer.awaitCommitted(); // the task's last change is in the store before it is removed from there
        withTask(id, e -> edits.purge(e, committer.committedSeq()));
    }

    List<TaskExecution> executions(String id) throws TaskException {
        TaskExecution[] running = new TaskExecution[1];
        withTask(id, e -> running[0] = e.attempt == null ? null : ExecutionLog.running(e.attempt));
        committer.awaitCommitted(); // the ended ones are saved with their task's change
        return executionLog.of(id, running[0]);
    }

    private TaskRecord withTask(String id, Change change) throws TaskException {
        TaskRecord[] out = new TaskRecord[1];
        TaskException[] failure = new TaskException[1];
        engine.operate(() -> {
            TaskEntry e = table.lookup(id);
            if (e == null) {
                failure[0] = new TaskNotFoundException(id);
                return;
            }
            try {
                change.apply(e);
            } catch (TaskException ex) {
                failure[0] = ex;
            }
            out[0] = e.record;
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        return out[0];
    }
}
