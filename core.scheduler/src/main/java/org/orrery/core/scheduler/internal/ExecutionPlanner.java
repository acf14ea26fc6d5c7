package org.orrery.core.scheduler.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.orrery.task.TaskNotFoundException;

/**
 * The execution plan of some tasks: they and everything they depend on, in waves (a wave's tasks
 * depend only on earlier waves), each wave by priority, then age, then id. Reads only; under the
 * engine lock.
 */
final class ExecutionPlanner {

    private static final Comparator<TaskEntry> ORDER = Comparator
            .comparing((TaskEntry e) -> -e.spec().priority().value()).thenComparing(e -> e.record.createdAt())
            .thenComparing(TaskEntry::id);

    private final TaskTable table;

    ExecutionPlanner(TaskTable table) {
        this.table = table;
    }

    List<List<String>> plan(Collection<String> ids) throws TaskNotFoundException {
        Map<String, TaskEntry> closure = closure(ids);
        Map<String, Integer> remaining = new HashMap<>();
        for (TaskEntry e : closure.values()) {
            remaining.put(e.id(), e.spec().dependsOn().size());
        }
        List<List<String>> waves = new ArrayList<>();
        List<TaskEntry> wave = closure.values().stream().filter(e -> remaining.get(e.id()) == 0).sorted(ORDER).toList();
        while (!wave.isEmpty()) {
            waves.add(wave.stream().map(TaskEntry::id).toList());
            List<TaskEntry> next = new ArrayList<>();
            for (TaskEntry e : wave) {
                for (TaskEntry d : e.dependents) {
                    if (closure.containsKey(d.id()) && remaining.merge(d.id(), -1, Integer::sum) == 0) {
                        next.add(d);
                    }
                }
            }
            next.sort(ORDER);
            wave = next;
        }
        return waves;
    }

    /** The tasks asked for and all they depend on, directly or not. */
    private Map<String, TaskEntry> closure(Collection<String> ids) throws TaskNotFoundException {
        Map<String, TaskEntry> closure = new LinkedHashMap<>();
        ArrayDeque<String> todo = new ArrayDeque<>(ids);
        while (!todo.isEmpty()) {
            String id = todo.poll();
            TaskEntry e = table.lookup(id);
            if (e == null) {
                throw new TaskNotFoundException(id);
            }
            if (closure.putIfAbsent(id, e) == null) {
                todo.addAll(e.spec().dependsOn());
            }
        }
        return closure;
    }
}
