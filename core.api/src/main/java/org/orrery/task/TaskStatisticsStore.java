package org.orrery.task;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A {@link TaskStore} that counts its tasks itself (an aggregate query, not by loading them): the
 * scheduler's {@link Scheduler#statistics()} then counts every stored task, also those finished
 * before a restart. The durable stores implement it beside {@link TaskStore}; a store without it
 * leaves the scheduler to count the tasks it has in memory.
 */
@ConsumerType
public interface TaskStatisticsStore {

    /** The counts and execution times of every stored task, as committed now. */
    TaskTotals totals() throws TaskStoreException;
}
