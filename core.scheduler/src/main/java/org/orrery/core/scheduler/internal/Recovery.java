package org.orrery.core.scheduler.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.orrery.task.Action;
import org.orrery.task.Severity;
import org.orrery.task.TaskError;
import org.orrery.task.TaskEvent;
import org.orrery.task.TaskExecutionException;
import org.orrery.task.TaskParameterException;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskStatus;
import org.orrery.task.TaskStore;
import org.orrery.task.TaskStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A restart: the store's unfinished tasks taken up by a new engine, and the tasks that were
 * running decided once their action is back. One bad record never fails recovery as a whole: it
 * fails alone, with the reason. Runs under the engine's lock (through its operations).
 */
final class Recovery {

    private static final Logger LOG = LoggerFactory.getLogger(TaskEngine.class);

    private final TaskEngine engine;
    private final TaskStore store;
    private final Clock clock;

    Recovery(TaskEngine engine, TaskStore store, Clock clock) {
        this.engine = engine;
        this.store = store;
        this.clock = clock;
    }

    /**
     * Takes up the unfinished tasks of the store after a restart: waiting ones wait again, paused
     * ones stay paused, and those that were RUNNING when the runtime stopped wait for their action
     * to say whether they may run again ({@link Action#safeToRerun()}): then they run again, or
     * fail with "interrupted by a restart" — never silently twice.
     */
    void recover() {
        List<TaskRecord> unfinished;
        try {
            unfinished = store.unfinished();
        } catch (TaskStoreException e) {
            LOG.error("Cannot read the unfinished tasks from the store ({}); they are not taken up", e.getMessage());
            return;
        }
        if (unfinished.isEmpty()) {
            return;
        }
        engine.operate(() -> {
            Map<String, TaskEntry> recovered = new LinkedHashMap<>();
            Map<TaskEntry, String> bad = new LinkedHashMap<>();
            for (TaskRecord r : unfinished) {
                TaskEntry e = new TaskEntry(r);
                engine.tasks.put(r.id(), e);
                recovered.put(r.id(), e);
                try {
                    TaskTimes.check(r.spec());
                } catch (TaskParameterException ex) {
                    bad.put(e, ex.getMessage());
                }
            }
            Map<TaskEntry, TaskEntry> failedDependency = new LinkedHashMap<>();
            for (TaskEntry e : recovered.values()) {
                if (!bad.containsKey(e)) {
                    takeUpDependencies(e, failedDependency, bad);
                }
            }
            int interrupted = 0;
            int paused = 0;
            for (TaskEntry e : recovered.values()) {
                if (bad.containsKey(e)) {
                    continue;
                }
                try {
                    TaskStatus status = e.record.status();
                    takeUp(e);
                    interrupted += status == TaskStatus.RUNNING ? 1 : 0;
                    paused += status == TaskStatus.PAUSED ? 1 : 0;
                } catch (RuntimeException ex) {
                    bad.put(e, ex.toString());
                }
            }
            bad.forEach(this::failUnrecoverable);
            failedDependency.forEach((e, d) -> {
                if (!bad.containsKey(e)) {
                    engine.lifecycle.cancelCascade(e, d);
                }
            });
            LOG.info("Took up {} unfinished task(s) from the store: {} interrupted by the restart (they run again or fail"
                    + " once their action is back, as it allows), {} paused, {} failed as unrecoverable, the rest waiting"
                    + " or ready", recovered.size(), interrupted, paused, bad.size());
        });
    }

    /** Links a recovered task to its dependencies (under the lock); a record that cannot be linked is bad. */
    private void takeUpDependencies(TaskEntry e, Map<TaskEntry, TaskEntry> failedDependency, Map<TaskEntry, String> bad) {
        try {
            for (String dep : e.spec().dependsOn()) {
                TaskEntry d = engine.tasks.get(dep);
                if (d == null) {
                    d = storedOnly(dep);
                    if (d == null) {
                        LOG.warn("Task '{}' depends on '{}', which the store no longer has; counted as done", e.id(), dep);
                        continue;
                    }
                } else {
                    FinishedWindow.link(d, e);
                }
                TaskStatus ds = d.record.status();
                if (!e.spec().runAlways() && (ds == TaskStatus.FAILED || ds == TaskStatus.CANCELLED)) {
                    failedDependency.putIfAbsent(e, d);
                } else if (!Lifecycle.dependencyMet(e, d)) {
                    e.unmet.add(dep);
                }
            }
        } catch (RuntimeException ex) {
            bad.put(e, ex.toString());
        }
    }

    /** Takes up one recovered task by its stored status (under the lock). */
    private void takeUp(TaskEntry e) {
        if (e.spec().deadline() != null) {
            e.deadline = engine.schedule(Duration.between(clock.instant(), e.spec().deadline()),
                    () -> engine.lifecycle.deadlinePassed(e.id()));
        }
        switch (e.record.status()) {
            case RUNNING -> {
                engine.changes.executed(ExecutionLog.interrupted(e.record, clock.instant()));
                if (AgentPool.forAgent(e.spec())) {
                    engine.agentPool.recovery.interrupted(e);
                    return;
                }
                e.interrupted = true;
                engine.changes.change(e, Transitions.withStatus(e.record, TaskStatus.RETRYING, "interrupted by a restart: waiting for action '"
                        + e.spec().action() + "' to tell whether it may run again"), TaskEvent.Type.WAITING);
            }
            case PAUSED -> { }
            case READY -> {
                engine.changes.change(e, Transitions.withStatus(e.record, TaskStatus.PENDING, null), TaskEvent.Type.WAITING);
                engine.lifecycle.reconsider(e);
            }
            default -> engine.lifecycle.reconsider(e);
        }
    }

    /**
     * A stored task recovery cannot take up (a time out of range, a record that breaks a rule): it
     * fails with the reason, whatever its status was, and recovery goes on with the others.
     */
    private void failUnrecoverable(TaskEntry e, String why) {
        LOG.error("Task '{}' cannot be taken up after the restart and fails: {}", e.id(), why);
        if (e.deadline != null) {
            e.deadline.cancel(false);
            e.deadline = null;
        }
        engine.lifecycle.leaveReady(e);
        engine.lifecycle.cancelWakeUp(e);
        e.interrupted = false;
        TaskError error = new TaskError("TaskRecoveryError", "not taken up after a restart: " + why, Severity.HIGH, false);
        engine.changes.apply(e, Transitions.withError(e.record, TaskStatus.FAILED, error, clock.instant()), TaskEvent.Type.FAILED);
        engine.lifecycle.cascadeFailure(e);
    }

    /** A finished dependency that only the store has, as an entry that is not scheduled. */
    private TaskEntry storedOnly(String id) {
        try {
            return store.get(id).map(TaskEntry::new).orElse(null);
        } catch (TaskStoreException e) {
            LOG.warn("Cannot read task '{}' from the store: {}", id, e.getMessage());
            return null;
        }
    }

    /** An interrupted task's action is back: run it again if it may, else fail it. Under the lock. */
    void decideInterrupted(TaskEntry e, String action, boolean safeToRerun) {
        e.interrupted = false;
        if (safeToRerun) {
            LOG.info("{} was running when Orrery stopped; action '{}' is safe to run again, so it does", TaskEngine.describe(e.spec()),
                    action);
            engine.lifecycle.reconsider(e);
            return;
        }
        LOG.warn("{} was running when Orrery stopped; action '{}' is not safe to run again, so the task fails",
                TaskEngine.describe(e.spec()), action);
        TaskError error = new TaskExecutionException("interrupted by restart: the task was running when Orrery stopped,"
                + " and action '" + action + "' is not safe to run again (it may have half happened)", false, null)
                .toError();
        engine.changes.change(e, Transitions.withError(e.record, TaskStatus.FAILED, error, clock.instant()), TaskEvent.Type.FAILED);
        engine.lifecycle.cascadeFailure(e);
    }

}
