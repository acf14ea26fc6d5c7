package org.orrery.web.api.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import org.orrery.task.ActionInfo;
import org.orrery.task.PauseMode;
import org.orrery.task.Scheduler;
import org.orrery.task.SchedulerStatistics;
import org.orrery.task.TaskConflictException;
import org.orrery.task.TaskCursor;
import org.orrery.task.TaskExecution;
import org.orrery.task.TaskException;
import org.orrery.task.TaskNotFoundException;
import org.orrery.task.TaskPage;
import org.orrery.task.TaskQuery;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskSpec;
import org.orrery.task.TaskStatus;
import org.orrery.task.TaskUpdate;

/**
 * A scheduler in memory for the task routes' tests: it keeps what is submitted (READY), lists by
 * key as the stores do, and changes, purges and reports as {@link Scheduler} says.
 */
final class FakeScheduler implements Scheduler {

    static final Instant T0 = Instant.parse("2026-12-05T20:00:00Z");
    static final Set<TaskStatus> NOT_STARTED = EnumSet.of(TaskStatus.PENDING, TaskStatus.READY, TaskStatus.PAUSED);

    final Map<String, TaskRecord> tasks = new LinkedHashMap<>();
    final Map<String, List<TaskExecution>> executions = new LinkedHashMap<>();
    final List<String> purged = new ArrayList<>();
    TaskUpdate lastUpdate;
    /** The stages {@link #whenFinished} gave for unfinished tasks (a wait cancels them when it answers). */
    final List<java.util.concurrent.CompletableFuture<TaskRecord>> waiting = new ArrayList<>();
    SchedulerStatistics statistics = MetricsExpositionTest.STATISTICS;
    List<org.orrery.task.ResourceState> resources = List.of();

    /** Puts a task as it is now, created {@code second} seconds after {@link #T0}. */
    TaskRecord put(TaskSpec spec, TaskStatus status, int second) {
        TaskRecord r = TaskRecord.builder(spec).status(status).createdAt(T0.plusSeconds(second)).build();
        tasks.put(r.id(), r);
        return r;
    }

    /** Puts a finished task that ran {@code seconds}. */
    TaskRecord finished(String id, TaskStatus status, int second, double seconds) {
        TaskRecord r = TaskRecord.builder(TaskSpec.builder("system.echo").id(id).build()).status(status)
                .createdAt(T0.plusSeconds(second)).executionTime(Duration.ofMillis((long) (seconds * 1000)))
                .completedAt(T0.plusSeconds(second + 60)).assignedTo("local").build();
        tasks.put(id, r);
        return r;
    }

    @Override
    public TaskRecord submit(TaskSpec task) {
        return submitAll(List.of(task)).get(0);
    }

    @Override
    public List<TaskRecord> submitAll(List<TaskSpec> specs) {
        List<TaskRecord> out = new ArrayList<>();
        for (TaskSpec s : specs) {
            out.add(put(s.id() == null ? s.withId("t" + (tasks.size() + 1)) : s, TaskStatus.READY, tasks.size()));
        }
        return out;
    }

    @Override
    public TaskRecord cancel(String id, String reason) throws TaskNotFoundException {
        TaskRecord r = find(id);
        if (r.status().isTerminal()) {
            return r;
        }
        TaskRecord cancelled = r.toBuilder().status(TaskStatus.CANCELLED).build();
        tasks.put(id, cancelled);
        return cancelled;
    }

    @Override
    public Optional<TaskRecord> get(String id) {
        return Optional.ofNullable(tasks.get(id));
    }

    @Override
    public TaskPage list(TaskQuery query) {
        Comparator<TaskRecord> order = Comparator.comparing(TaskRecord::createdAt).thenComparing(TaskRecord::id);
        List<TaskRecord> sorted = tasks.values().stream().filter(query::matches)
                .sorted(query.newestFirst() ? order.reversed() : order).toList();
        TaskCursor after = query.after() == null ? null : TaskCursor.parse(query.after());
        List<TaskRecord> page = new ArrayList<>();
        boolean passed = after == null;
        for (TaskRecord t : sorted) {
            if (!passed) {
                passed = t.id().equals(after.id());
                continue;
            }
            if (page.size() == query.limit()) {
                return new TaskPage(page, TaskCursor.after(page.get(page.size() - 1)).toString());
            }
            page.add(t);
        }
        return new TaskPage(page, null);
    }

    @Override
    public TaskRecord update(String id, TaskUpdate update) throws TaskException {
        TaskRecord r = find(id);
        if (!NOT_STARTED.contains(r.status())) {
            throw new TaskConflictException("task '" + id + "' is " + r.status().id() + ": only a task that has not started"
                    + " can be changed");
        }
        lastUpdate = update;
        TaskSpec.Builder b = r.spec().toBuilder();
        if (update.name() != null) {
            b.name(update.name());
        }
        if (update.description() != null) {
            b.description(update.description());
        }
        if (update.priority() != null) {
            b.priority(update.priority());
        }
        if (update.metadata() != null) {
            b.metadata(update.metadata());
        }
        TaskSpec spec = b.build();
        if (update.tags() != null) {
            spec = rebuildWithTags(spec, update.tags());
        }
        TaskRecord changed = TaskRecord.builder(spec).status(r.status()).createdAt(r.createdAt()).build();
        tasks.put(id, changed);
        return changed;
    }

    private static TaskSpec rebuildWithTags(TaskSpec spec, Set<String> tags) {
        return TaskSpec.builder(spec.action()).id(spec.id()).name(spec.name()).description(spec.description())
                .priority(spec.priority()).metadata(spec.metadata()).tags(tags).build();
    }

    @Override
    public void purge(String id) throws TaskException {
        TaskRecord r = find(id);
        if (!r.status().isTerminal()) {
            throw new TaskConflictException("task '" + id + "' is " + r.status().id());
        }
        tasks.remove(id);
        executions.remove(id);
        purged.add(id);
    }

    @Override
    public List<TaskExecution> executions(String id) {
        return executions.getOrDefault(id, List.of());
    }

    @Override
    public SchedulerStatistics statistics() {
        return statistics;
    }

    @Override
    public List<org.orrery.task.ResourceState> resources() {
        return resources;
    }

    private TaskRecord find(String id) throws TaskNotFoundException {
        TaskRecord r = tasks.get(id);
        if (r == null) {
            throw new TaskNotFoundException(id);
        }
        return r;
    }

    @Override
    public TaskRecord retry(String id) {
        throw new UnsupportedOperationException();
    }

    @Override
    public TaskRecord pause(String id) {
        throw new UnsupportedOperationException();
    }

    @Override
    public TaskRecord resume(String id) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void pauseAll(PauseMode mode) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void resumeAll() {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean isPaused() {
        return false;
    }

    @Override
    public CompletionStage<TaskRecord> whenFinished(String id) {
        TaskRecord r = tasks.get(id);
        java.util.concurrent.CompletableFuture<TaskRecord> f = new java.util.concurrent.CompletableFuture<>();
        if (r == null) {
            f.completeExceptionally(new TaskNotFoundException(id));
        } else if (r.status().isTerminal()) {
            f.complete(r);
        } else {
            waiting.add(f);
        }
        return f;
    }

    @Override
    public List<List<String>> executionPlan(Collection<String> ids) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<ActionInfo> actions() {
        return List.of();
    }
}
