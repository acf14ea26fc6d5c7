package org.orrery.core.sequence.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.orrery.task.ActionInfo;
import org.orrery.task.PauseMode;
import org.orrery.task.Scheduler;
import org.orrery.task.SchedulerStatistics;
import org.orrery.task.TaskConflictException;
import org.orrery.task.TaskError;
import org.orrery.task.TaskException;
import org.orrery.task.TaskNotFoundException;
import org.orrery.task.TaskPage;
import org.orrery.task.TaskParameterException;
import org.orrery.task.TaskQuery;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskSpec;
import org.orrery.task.TaskStatus;

/**
 * A scheduler that runs nothing: submit records the task (READY), the test completes, fails or
 * cancels it, and {@link #whenFinished} stages complete then. Thread-safe (one lock).
 */
final class FakeScheduler implements Scheduler {

    private final Map<String, TaskRecord> tasks = new LinkedHashMap<>();
    private final Map<String, List<CompletableFuture<TaskRecord>>> waiting = new LinkedHashMap<>();
    /** Every submission, in order (a refused one too). */
    final List<TaskSpec> submitted = new ArrayList<>();
    final List<String> cancelled = new ArrayList<>();
    /** The specs of every {@link #submitAll} call that was accepted, one list per call. */
    final List<List<TaskSpec>> batches = new ArrayList<>();
    /** Every retried task id, in order. */
    final List<String> retried = new ArrayList<>();
    /** Cancels take their grace period: the task runs on and ends only on {@link #landCancels()}. */
    boolean slowCancels;
    private final List<String> cancelling = new ArrayList<>();
    /** Actions whose submission is refused (as if not installed). */
    final java.util.Set<String> refused = new java.util.HashSet<>();
    /** Every accepted task, for tests on other threads to wait for. */
    final java.util.concurrent.BlockingQueue<TaskSpec> accepted = new java.util.concurrent.LinkedBlockingQueue<>();
    private final List<ActionInfo> actions = List.of(new ActionInfo("system.noop", "", "{}", true, "test"),
            new ActionInfo("system.echo", "", "{}", true, "test"), new ActionInfo("system.fail", "", "{}", true, "test"),
            new ActionInfo("system.wait", "", "{}", true, "test"));

    @Override
    public synchronized TaskRecord submit(TaskSpec task) throws TaskException {
        if (tasks.containsKey(task.id())) {
            throw new TaskConflictException("task " + task.id() + " exists");
        }
        submitted.add(task);
        if (refused.contains(task.action())) {
            throw new TaskParameterException("unknown action '" + task.action() + "'");
        }
        TaskRecord r = TaskRecord.accepted(task, TaskStatus.READY, null, Instant.EPOCH);
        tasks.put(task.id(), r);
        accepted.add(task);
        return r;
    }

    /** The tasks not finished, oldest first. */
    synchronized List<TaskRecord> open() {
        return tasks.values().stream().filter(t -> !t.status().isTerminal()).toList();
    }

    /** The one open task (fails the test if there is not exactly one). */
    synchronized TaskRecord only() {
        List<TaskRecord> open = open();
        if (open.size() != 1) {
            throw new AssertionError("expected one open task, found " + open);
        }
        return open.get(0);
    }

    synchronized void complete(String id, Map<String, Object> result) {
        finish(id, TaskStatus.COMPLETED, result, null);
    }

    synchronized void fail(String id, String message) {
        finish(id, TaskStatus.FAILED, null, new TaskError("test", message, null, false));
    }

    /** Forgets a task, as if the process died between the store write and the submit. */
    synchronized void forget(String id) {
        tasks.remove(id);
    }

    private synchronized void finish(String id, TaskStatus status, Map<String, Object> result, TaskError error) {
        TaskRecord before = tasks.get(id);
        if (before == null || before.status().isTerminal()) {
            throw new AssertionError("task " + id + " is not open: " + before);
        }
        TaskRecord after = before.toBuilder().status(status).result(result).error(error).build();
        tasks.put(id, after);
        List<CompletableFuture<TaskRecord>> list = waiting.remove(id);
        if (list != null) {
            list.forEach(f -> f.complete(after));
        }
    }

    @Override
    public synchronized List<TaskRecord> submitAll(List<TaskSpec> specs) throws TaskException {
        for (TaskSpec spec : specs) { // all or none, as the scheduler
            if (tasks.containsKey(spec.id())) {
                throw new TaskConflictException("task " + spec.id() + " exists");
            }
            if (refused.contains(spec.action())) {
                throw new TaskParameterException("unknown action '" + spec.action() + "'");
            }
        }
        batches.add(List.copyOf(specs));
        List<TaskRecord> records = new ArrayList<>();
        for (TaskSpec spec : specs) {
            records.add(submit(spec));
        }
        return records;
    }

    @Override
    public synchronized TaskRecord cancel(String id, String reason) throws TaskNotFoundException {
        TaskRecord r = tasks.get(id);
        if (r == null) {
            throw new TaskNotFoundException("no task " + id);
        }
        if (!r.status().isTerminal()) {
            cancelled.add(id);
            if (slowCancels) { // as a running task in its grace period
                cancelling.add(id);
                tasks.put(id, r.toBuilder().status(TaskStatus.RUNNING).build());
                return tasks.get(id);
            }
            finish(id, TaskStatus.CANCELLED, null, new TaskError("cancelled", reason, null, false));
        }
        return tasks.get(id);
    }

    /** As the scheduler: only a FAILED or CANCELLED task, back to PENDING with its id (one attempt more). */
    @Override
    public synchronized TaskRecord retry(String id) throws TaskException {
        TaskRecord r = tasks.get(id);
        if (r == null) {
            throw new TaskNotFoundException("no task " + id);
        }
        if (r.status() != TaskStatus.FAILED && r.status() != TaskStatus.CANCELLED) {
            throw new TaskException("task '" + id + "' is " + r.status().id() + ": only failed or cancelled tasks can be retried");
        }
        retried.add(id);
        TaskRecord after = r.toBuilder().status(TaskStatus.PENDING).result(null).error(null).attempts(r.attempts() + 1)
                .build();
        tasks.put(id, after);
        return after;
    }

    /** Lands the cancels {@link #slowCancels} held back: those tasks end CANCELLED now. */
    synchronized void landCancels() {
        List<String> ids = List.copyOf(cancelling);
        cancelling.clear();
        for (String id : ids) {
            if (!tasks.get(id).status().isTerminal()) {
                finish(id, TaskStatus.CANCELLED, null, new TaskError("cancelled", "landed", null, false));
            }
        }
    }

    @Override
    public synchronized TaskRecord pause(String id) throws TaskException {
        throw new TaskException("not in the fake");
    }

    @Override
    public synchronized TaskRecord resume(String id) throws TaskException {
        throw new TaskException("not in the fake");
    }

    @Override
    public synchronized void pauseAll(PauseMode mode) {
    }

    @Override
    public synchronized void resumeAll() {
    }

    @Override
    public synchronized boolean isPaused() {
        return false;
    }

    @Override
    public synchronized Optional<TaskRecord> get(String id) {
        return Optional.ofNullable(tasks.get(id));
    }

    @Override
    public synchronized CompletionStage<TaskRecord> whenFinished(String id) {
        TaskRecord r = tasks.get(id);
        if (r == null) {
            return CompletableFuture.failedFuture(new TaskNotFoundException("no task " + id));
        }
        if (r.status().isTerminal()) {
            return CompletableFuture.completedFuture(r);
        }
        CompletableFuture<TaskRecord> f = new CompletableFuture<>();
        waiting.computeIfAbsent(id, k -> new ArrayList<>()).add(f);
        return f;
    }

    @Override
    public synchronized TaskPage list(TaskQuery query) {
        return new TaskPage(tasks.values().stream().filter(query::matches).toList(), null);
    }

    @Override
    public synchronized List<List<String>> executionPlan(Collection<String> ids) {
        return List.of(List.copyOf(ids));
    }

    @Override
    public synchronized SchedulerStatistics statistics() {
        throw new UnsupportedOperationException("not in the fake");
    }

    @Override
    public synchronized List<ActionInfo> actions() {
        return actions;
    }

    @Override
    public TaskRecord update(String id, org.orrery.task.TaskUpdate update) {
        throw new UnsupportedOperationException("the sequence engine does not update tasks");
    }

    @Override
    public void purge(String id) {
        throw new UnsupportedOperationException("the sequence engine does not purge tasks");
    }

    @Override
    public List<org.orrery.task.TaskExecution> executions(String id) {
        return List.of();
    }

    @Override
    public List<org.orrery.task.ResourceState> resources() {
        return List.of();
    }
}
