package org.orrery.core.scheduler.internal;

import java.util.Map;

import org.orrery.task.Severity;
import org.orrery.task.TaskConflictException;
import org.orrery.task.TaskEvent;
import org.orrery.task.TaskException;
import org.orrery.task.TaskParameterException;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskSpec;
import org.orrery.task.TaskStatus;
import org.orrery.task.TaskStoreException;
import org.orrery.task.TaskUpdate;

/**
 * A user's changes to one task other than starting, cancelling or retrying it: {@link #pause},
 * {@link #resume}, {@link #update} (seed 004's {@code update_task}, before the task starts) and
 * {@link #purge} (a finished task removed for good, with its executions). Under the engine's lock.
 */
final class TaskEdits {

    private final Map<String, TaskEntry> tasks;
    private final OperationChanges changes;
    private final ReadyQueue ready;
    private final Lifecycle lifecycle;
    private final ExecutionLog executions;

    TaskEdits(Map<String, TaskEntry> tasks, OperationChanges changes, ReadyQueue ready, Lifecycle lifecycle,
            ExecutionLog executions) {
        this.tasks = tasks;
        this.changes = changes;
        this.ready = ready;
        this.lifecycle = lifecycle;
        this.executions = executions;
    }

    void pause(TaskEntry e) throws TaskException {
        TaskStatus s = e.record.status();
        if (!s.canChangeTo(TaskStatus.PAUSED)) {
            throw new TaskException("task '" + e.id() + "' is " + s.id() + " and cannot be paused"
                    + (s == TaskStatus.RUNNING ? " while it runs (cancel it, or pause the scheduler)" : ""),
                    Severity.LOW, false);
        }
        lifecycle.leaveReady(e);
        lifecycle.cancelWakeUp(e);
        changes.change(e, Transitions.withStatus(e.record, TaskStatus.PAUSED, "paused by request"), TaskEvent.Type.PAUSED);
    }

    void resume(TaskEntry e) throws TaskException {
        if (e.record.status() != TaskStatus.PAUSED) {
            throw new TaskException("task '" + e.id() + "' is " + e.record.status().id() + ", not paused", Severity.LOW, false);
        }
        changes.change(e, Transitions.withStatus(e.record, TaskStatus.PENDING, lifecycle.waitingFor(e)), TaskEvent.Type.RESUMED);
        lifecycle.reconsider(e);
    }

    /** Changes what a user may change of a task that has not started; an UPDATED event. */
    void update(TaskEntry e, TaskUpdate update) throws TaskException {
        if (update == null || update.empty()) {
            throw new TaskParameterException("update: expected at least one of name, description, priority, metadata,"
                    + " tags; found none");
        }
        if (update.name() != null && update.name().isBlank()) {
            throw new TaskParameterException("name: expected a non-empty text; found '" + update.name() + "'");
        }
        if (update.tags() != null && update.tags().stream().anyMatch(t -> t == null || t.isBlank())) {
            throw new TaskParameterException("tags: expected non-empty texts; found " + update.tags());
        }
        TaskStatus s = e.record.status();
        if (s == TaskStatus.RUNNING || s.isTerminal()) {
            throw new TaskConflictException("task '" + e.id() + "' is " + s.id() + ": only a task that has not started"
                    + " (pending, ready, paused or retrying) can be updated");
        }
        TaskSpec next = changed(e.spec(), update);
        boolean queued = s == TaskStatus.READY;
        long since = e.readySinceNanos;
        if (queued) {
            ready.remove(e); // its lane is its priority's
        }
        changes.change(e, withSpec(e.record, next), TaskEvent.Type.UPDATED);
        if (queued) {
            ready.add(e, since); // keeps the time it has waited (aging)
        }
    }

    /** The record with another spec, one revision later. */
    private static TaskRecord withSpec(TaskRecord r, TaskSpec spec) {
        return TaskRecord.builder(spec).status(r.status()).result(r.result()).error(r.error()).attempts(r.attempts())
                .progress(r.progress()).progressMessage(r.progressMessage()).waitingFor(r.waitingFor())
                .createdAt(r.createdAt()).startedAt(r.startedAt()).completedAt(r.completedAt())
                .executionTime(r.executionTime()).assignedTo(r.assignedTo()).revision(r.revision() + 1)
                .checkpoint(r.checkpoint()).build();
    }

    private static TaskSpec changed(TaskSpec spec, TaskUpdate u) {
        TaskSpec.Builder b = spec.toBuilder();
        if (u.name() != null) {
            b.name(u.name());
        }
        if (u.description() != null) {
            b.description(u.description());
        }
        if (u.priority() != null) {
            b.priority(u.priority());
        }
        if (u.metadata() != null) {
            b.metadata(u.metadata());
        }
        TaskSpec out = b.build();
        if (u.tags() != null) { // the builder adds tags: build the spec again with the new ones only
            out = TaskSpec.builder(out.action()).id(out.id()).name(out.name()).parameters(out.parameters())
                    .priority(out.priority()).dependsOn(out.dependsOn()).timeout(out.timeout()).retry(out.retry())
                    .resources(out.resources()).tags(u.tags()).metadata(out.metadata()).notBefore(out.notBefore())
                    .deadline(out.deadline()).capability(out.capability()).assignedTo(out.assignedTo())
                    .runAlways(out.runAlways()).waitForAction(out.waitForAction()).description(out.description())
                    .createdBy(out.createdBy()).executionContext(out.executionContext())
                    .resourceRequirements(out.resourceRequirements()).build();
        }
        return out;
    }

    /**
     * Removes a finished task whose last change is committed ({@code committedSeq}) and on which no
     * unfinished task depends, with its executions: from the store (which must be able to), then
     * from memory: out of the task map (the {@link FinishedWindow} skips what the map no longer
     * holds) and unlinked from the tasks around it, so that no retry brings it back.
     */
    void purge(TaskEntry e, long committedSeq) throws TaskException {
        TaskStatus s = e.record.status();
        if (!s.isTerminal()) {
            throw new TaskConflictException("task '" + e.id() + "' is " + s.id() + ": only a finished task (completed,"
                    + " failed or cancelled) can be purged; cancel it first");
        }
        if (e.attempt != null || e.finishedSeq > committedSeq) {
            throw new TaskConflictException("task '" + e.id() + "' is still being finished; try again");
        }
        for (TaskEntry other : tasks.values()) { // every unfinished task is in memory
            if (!other.record.status().isTerminal() && other.spec().dependsOn().contains(e.id())) {
                throw new TaskConflictException("task '" + e.id() + "' cannot be purged: the unfinished task '" + other.id()
                        + "' (" + other.record.status().id() + ") depends on it");
            }
        }
        if (!executions.purgesTasks()) {
            throw new TaskStoreException("task '" + e.id() + "' cannot be purged: the task store keeps no executions and"
                    + " cannot remove tasks", null);
        }
        executions.store().purge(e.id());
        tasks.remove(e.id());
        for (String dep : e.spec().dependsOn()) {
            TaskEntry d = tasks.get(dep);
            if (d != null) {
                d.dependents.removeIf(x -> x.id().equals(e.id()));
                d.cancelledByMe.removeIf(x -> x.id().equals(e.id()));
            }
        }
        for (TaskEntry dependent : e.dependents) {
            dependent.dependencies.remove(e);
        }
    }
}
