package org.orrery.core.scheduler.internal;

import org.orrery.task.TaskStatisticsStore;
import org.orrery.task.TaskStore;
import org.orrery.task.TaskStoreException;
import org.orrery.task.TaskTotals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seed 003's statistics as the task store counts them (so they survive a restart), with every
 * change made so far committed first.
 */
final class StoredTotals {
    private static final Logger LOG = LoggerFactory.getLogger(StoredTotals.class);

    private StoredTotals() {
    }

    /** The store's counts of every task; null if the store does not count or fails. */
    static TaskTotals read(TaskStore store, GroupCommitter committer) {
        if (!(store instanceof TaskStatisticsStore counting)) {
            return null;
        }
        committer.awaitCommitted();
        try {
            return counting.totals();
        } catch (TaskStoreException e) {
            LOG.warn("Cannot count the tasks in the store ({}): the statistics count the tasks in memory", e.getMessage());
            return null;
        }
    }
}
