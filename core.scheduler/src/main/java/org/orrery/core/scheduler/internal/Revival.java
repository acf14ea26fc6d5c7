package org.orrery.core.scheduler.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.orrery.task.Severity;
import org.orrery.task.TaskDependencyException;
import org.orrery.task.TaskEvent;
import org.orrery.task.TaskException;
import org.orrery.task.TaskStatus;

/**
 * A manual retry: brings a failed or cancelled task back to PENDING, and with it the dependents
 * its failure cancelled (those let go of meanwhile come back into memory). Under the engine lock.
 */
final class Revival {

    private final Map<String, TaskEntry> tasks;
    private final TaskTable table;
    private final FinishedWindow finished;
    private final OperationChanges changes;
    private final Lifecycle lifecycle;

    Revival(Map<String, TaskEntry> tasks, TaskTable table, FinishedWindow finished, OperationChanges changes,
            Lifecycle lifecycle) {
        this.tasks = tasks;
        this.table = table;
        this.finished = finished;
        this.changes = changes;
        this.lifecycle = lifecycle;
    }

    /** Retries a failed or cancelled task whose dependencies did not fail; refuses any other. */
    void retry(TaskEntry e) throws TaskException {
        TaskStatus s = e.record.status();
        if (s != TaskStatus.FAILED && s != TaskStatus.CANCELLED) {
            throw new TaskException("task '" + e.id() + "' is " + s.id() + ": only failed or cancelled tasks can be retried",
                    Severity.LOW, false);
        }
        TaskEntry failedDependency = e.spec().runAlways() ? null : firstFailedDependency(e);
        if (failedDependency != null) {
            throw new TaskDependencyException("task '" + e.id() + "' cannot run: its dependency '" + failedDependency.id()
                    + "' is " + failedDependency.record.status().id() + "; retry that one first");
        }
        revive(e);
    }

    private TaskEntry firstFailedDependency(TaskEntry e) {
        for (String dep : e.spec().dependsOn()) {
            TaskEntry d = table.lookup(dep);
            TaskStatus s = d == null ? TaskStatus.COMPLETED : d.record.status();
            if (s == TaskStatus.FAILED || s == TaskStatus.CANCELLED) {
                return d;
            }
        }
        return null;
    }

    /** Brings a failed or cancelled task back, and the dependents its failure cancelled. */
    private void revive(TaskEntry e) {
        e.retriesUsed = 0;
        e.unmet.clear();
        for (String dep : e.spec().dependsOn()) {
            TaskEntry d = table.lookup(dep);
            if (d != null && !Lifecycle.dependencyMet(e, d)) {
                e.unmet.add(dep);
            }
        }
        changes.change(e, Transitions.reset(e.record, TaskStatus.PENDING, lifecycle.waitingFor(e)), TaskEvent.Type.SCHEDULED);
        lifecycle.reconsider(e);
        List<TaskEntry> again = new ArrayList<>(e.cancelledByMe);
        e.cancelledByMe.clear();
        for (TaskEntry dependent : again) {
            if (dependent.record.status() == TaskStatus.CANCELLED) {
                TaskEntry current = tasks.get(dependent.id());
                if (current == null) { // let go of meanwhile: back into memory
                    tasks.put(dependent.id(), dependent);
                    finished.takenBack(dependent, false);
                    revive(dependent);
                } else if (current == dependent) {
                    revive(dependent);
                }
            }
        }
    }
}
