package org.orrery.store.jdbc.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.orrery.task.TaskRecord;
import org.orrery.task.TaskStoreException;

/**
 * Rows encoded ahead of their save ({@link TaskDatabase#prepare}), on the scheduler's request
 * threads, so that the commit group's thread only runs SQL. A row is used only for the very record
 * object it was encoded from (a later change of the task is another object, encoded anew), and
 * taken out when used. A preparation that ends after its record's save (another thread committed
 * the group meanwhile) leaves a row nobody takes: the map is emptied when it reaches
 * {@link #BOUND}, which costs a few encodings again and nothing else. Nothing here is durable or
 * acknowledged: a crash loses only encodings.
 */
final class PreparedRows {

    /** Most rows held; past it the map starts again empty. */
    static final int BOUND = 4096;

    private final ConcurrentHashMap<String, TaskRows.Row> rows = new ConcurrentHashMap<>();
    private final AtomicLong used = new AtomicLong();
    private final AtomicLong encoded = new AtomicLong();

    /**
     * Encodes these records now, only the last of each task (an operation that changed a task
     * twice saves it as it ended up); one that cannot be stored is left to its save, which says why.
     */
    void prepare(Collection<TaskRecord> tasks, StoredTaskJson json, String where) {
        List<TaskRecord> list = tasks instanceof List<TaskRecord> l ? l : new ArrayList<>(tasks);
        Set<String> seen = list.size() > 1 ? new HashSet<>() : null;
        for (int i = list.size() - 1; i >= 0; i--) {
            TaskRecord task = list.get(i);
            if (seen != null && !seen.add(task.id())) {
                continue;
            }
            TaskRows.Row row;
            try {
                row = TaskRows.encode(task, json, where);
            } catch (TaskStoreException | RuntimeException e) {
                continue;
            }
            encoded.incrementAndGet();
            if (rows.size() >= BOUND) {
                rows.clear();
            }
            rows.put(task.id(), row);
        }
    }

    /** The row prepared from exactly this record object, taken out; null if there is none. */
    TaskRows.Row take(TaskRecord task) {
        TaskRows.Row row = rows.get(task.id());
        if (row == null || row.task() != task || !rows.remove(task.id(), row)) {
            return null;
        }
        used.incrementAndGet();
        return row;
    }

    /** Prepared rows a save used so far (tests). */
    long used() {
        return used.get();
    }

    /** Records encoded ahead so far (tests). */
    long encoded() {
        return encoded.get();
    }

    int size() {
        return rows.size();
    }
}
