package org.orrery.core.scheduler.internal;

import java.util.Map;
import java.util.Optional;

import org.orrery.task.TaskRecord;
import org.orrery.task.TaskStatus;
import org.orrery.task.TaskStore;
import org.orrery.task.TaskStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tasks the engine knows by id: those in memory, and finished ones let go of, read back from
 * the store when someone asks for them. Under the engine's lock.
 */
final class TaskTable {

    private static final Logger LOG = LoggerFactory.getLogger(TaskEngine.class);

    private final Map<String, TaskEntry> tasks;
    private final FinishedWindow finished;
    private final TaskStore store;

    TaskTable(Map<String, TaskEntry> tasks, FinishedWindow finished, TaskStore store) {
        this.tasks = tasks;
        this.finished = finished;
        this.store = store;
    }

    /**
     * The task with this id, from memory or, for a finished task let go of, from the store (it is
     * then taken back into memory). Null if there is none. Under the lock.
     */
    TaskEntry lookup(String id) {
        TaskEntry e = tasks.get(id);
        if (e != null || id == null) {
            return e;
        }
        Optional<TaskRecord> stored = stored(id);
        return stored.isEmpty() ? null : adopt(stored.get());
    }

    /**
     * A dependency of a new task: from memory, or from the store. One that completed stays in the
     * store (the dependency is met, and nothing links to it); any other is taken back into memory,
     * as its outcome matters (a failed one cancels the new task, and a retry revives it).
     */
    TaskEntry dependency(String id) {
        TaskEntry e = tasks.get(id);
        if (e != null) {
            return e;
        }
        Optional<TaskRecord> stored = stored(id);
        if (stored.isEmpty()) {
            return null;
        }
        return stored.get().status() == TaskStatus.COMPLETED ? new TaskEntry(stored.get()) : adopt(stored.get());
    }

    /** The task as the store has it (empty if it has none, or cannot be read: logged). Needs no lock. */
    Optional<TaskRecord> stored(String id) {
        try {
            return store.get(id);
        } catch (TaskStoreException ex) {
            LOG.warn("Cannot read task '{}' from the store: {}", id, ex.getMessage());
            return Optional.empty();
        }
    }

    /** A task read back from the store, in memory again. */
    private TaskEntry adopt(TaskRecord record) {
        TaskEntry e = new TaskEntry(record);
        tasks.put(record.id(), e);
        finished.takenBack(e, true);
        return e;
    }
}
