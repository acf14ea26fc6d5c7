package org.orrery.core.scheduler.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

import org.orrery.task.ExecutionStore;
import org.orrery.task.TaskCursor;
import org.orrery.task.TaskExecution;
import org.orrery.task.TaskPage;
import org.orrery.task.TaskQuery;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskStore;

/**
 * Keeps tasks in memory only: what the scheduler uses when no durable store is installed.
 * For tests and benchmarks of the engine: it is not registered as a service, so the scheduler
 * never silently falls back to memory when the durable store is stopped (it stops too, and
 * takes up the store's unfinished tasks when the store is back). Listing is by key (creation time, then id), so a
 * page costs the same however deep it is. It keeps the tasks' executions too ({@link ExecutionStore}).
 */
public final class InMemoryTaskStore implements TaskStore, ExecutionStore {

    private static final Comparator<TaskCursor> ORDER =
            Comparator.comparing(TaskCursor::createdAt).thenComparing(TaskCursor::id);

    /** Ids in listing order; a task's key never changes, so only new tasks touch it. */
    private final NavigableMap<TaskCursor, String> byCreation = new TreeMap<>(ORDER);
    private final Map<String, TaskRecord> records = new HashMap<>();
    private final InMemoryExecutions executions = new InMemoryExecutions();

    @Override
    public synchronized void save(Collection<TaskRecord> tasks) {
        for (TaskRecord task : tasks) {
            if (records.put(task.id(), task) == null) {
                byCreation.put(TaskCursor.after(task), task.id());
            }
        }
    }

    @Override
    public synchronized Optional<TaskRecord> get(String id) {
        return Optional.ofNullable(records.get(id));
    }

    @Override
    public synchronized TaskPage list(TaskQuery query) {
        NavigableMap<TaskCursor, String> tail;
        if (query.newestFirst()) {
            tail = (query.after() == null ? byCreation : byCreation.headMap(TaskCursor.parse(query.after()), false))
                    .descendingMap();
        } else {
            tail = query.after() == null ? byCreation : byCreation.tailMap(TaskCursor.parse(query.after()), false);
        }
        List<TaskRecord> page = new ArrayList<>();
        TaskCursor last = null;
        for (Map.Entry<TaskCursor, String> entry : tail.entrySet()) {
            TaskRecord task = records.get(entry.getValue());
            if (!query.matches(task)) {
                continue;
            }
            if (page.size() == query.limit()) {
                return new TaskPage(page, last.toString());
            }
            page.add(task);
            last = entry.getKey();
        }
        return new TaskPage(page, null);
    }

    @Override
    public synchronized List<TaskRecord> unfinished() {
        return byCreation.values().stream().map(records::get).filter(t -> !t.status().isTerminal()).toList();
    }

    @Override
    public void saveExecutions(java.util.Collection<TaskExecution> list) {
        executions.saveExecutions(list);
    }

    @Override
    public List<TaskExecution> executions(String taskId) {
        return executions.executions(taskId);
    }

    /** Removes the task and its executions. */
    @Override
    public synchronized void purge(String taskId) {
        TaskRecord task = records.remove(taskId);
        if (task != null) {
            byCreation.remove(TaskCursor.after(task));
        }
        executions.purge(taskId);
    }

    synchronized int size() {
        return records.size();
    }
}
