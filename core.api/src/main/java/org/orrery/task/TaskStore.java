package org.orrery.task;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Where the scheduler keeps its tasks. A durable store commits before it returns: the
 * scheduler acknowledges a submission and posts an event only after the store has the change.
 *
 * <p>Implemented by storage bundles (plug-ins), so {@code @ConsumerType}: a method added here is
 * one every existing store lacks, a major version (core.api/README.md).
 */
@ConsumerType
public interface TaskStore {

    /** Stores these tasks (new or changed) in one transaction: all or none. */
    void save(Collection<TaskRecord> tasks) throws TaskStoreException;

    Optional<TaskRecord> get(String id) throws TaskStoreException;

    /** The tasks matching the query, oldest first, one page. */
    TaskPage list(TaskQuery query) throws TaskStoreException;

    /** Every task that is not in a terminal status, for recovery after a restart. */
    List<TaskRecord> unfinished() throws TaskStoreException;
}
