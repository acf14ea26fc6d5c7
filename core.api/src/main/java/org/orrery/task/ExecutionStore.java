package org.orrery.task;

import java.util.Collection;
import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Where the scheduler keeps the {@link TaskExecution}s of tasks, beside the tasks: the durable
 * stores provide it with their {@link TaskStore} (same database), so executions survive a
 * restart. Without one the scheduler keeps them in memory.
 */
@ConsumerType
public interface ExecutionStore {

    /**
     * Stores these executions, each replacing the one with the same id, in one transaction: all or
     * none, committed before it returns (the scheduler saves a commit group's executions at once).
     */
    void saveExecutions(Collection<TaskExecution> executions) throws TaskStoreException;

    /**
     * Stores task records in {@code tasks} (the task store these executions are kept beside) and
     * these executions, committed before it returns: where both live in one database, in one
     * transaction, so that the scheduler's commit group waits for one commit instead of two in a
     * row. Throws if either was not stored (the caller may then save them apart). The default
     * saves the records, then the executions.
     *
     * @since 2.5
     */
    default void saveTogether(TaskStore tasks, Collection<TaskRecord> records, Collection<TaskExecution> executions)
            throws TaskStoreException {
        tasks.save(records);
        saveExecutions(executions);
    }

    /** Stores one execution, replacing the one with the same id; committed before it returns. */
    default void saveExecution(TaskExecution execution) throws TaskStoreException {
        saveExecutions(List.of(execution));
    }

    /** A task's executions, by attempt (empty for an unknown task). */
    List<TaskExecution> executions(String taskId) throws TaskStoreException;

    /** Removes a task and its executions for good (a finished task a user purges). */
    void purge(String taskId) throws TaskStoreException;
}
