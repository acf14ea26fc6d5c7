package org.orrery.core.scheduler.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.orrery.task.ExecutionStore;
import org.orrery.task.TaskExecution;

/**
 * Executions in memory: the {@link ExecutionStore} of {@link InMemoryTaskStore}, and the
 * scheduler's own when its task store keeps none (then bounded: the executions of the newest
 * {@code maxTasks} tasks). {@link #purge} removes executions only: the task is its store's.
 */
final class InMemoryExecutions implements ExecutionStore {

    private static final Comparator<TaskExecution> ATTEMPT_ORDER = Comparator.comparingInt(TaskExecution::attempt);

    private final Map<String, List<TaskExecution>> byTask;

    /** Unbounded (beside an in-memory task store, which keeps every task too). */
    InMemoryExecutions() {
        this(Integer.MAX_VALUE);
    }

    /** Keeps the executions of the {@code maxTasks} tasks that had one most recently. */
    InMemoryExecutions(int maxTasks) {
        this.byTask = new LinkedHashMap<>(16, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, List<TaskExecution>> eldest) {
                return size() > maxTasks;
            }
        };
    }

    @Override
    public synchronized void saveExecutions(java.util.Collection<TaskExecution> executions) {
        for (TaskExecution execution : executions) {
            List<TaskExecution> list = byTask.computeIfAbsent(execution.taskId(), k -> new ArrayList<>(1));
            if (!list.isEmpty()) {
                list.removeIf(x -> x.id().equals(execution.id()));
            }
            list.add(execution);
            if (list.size() > 1) {
                list.sort(ATTEMPT_ORDER);
            }
        }
    }

    @Override
    public synchronized List<TaskExecution> executions(String taskId) {
        List<TaskExecution> list = byTask.get(taskId);
        return list == null ? List.of() : List.copyOf(list);
    }

    @Override
    public synchronized void purge(String taskId) {
        byTask.remove(taskId);
    }
}
