package org.orrery.task;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link TaskStatisticsStore} counts of every task it holds: seed 003's execution stats as
 * the store has them, so that they survive a restart.
 *
 * @param byStatus how many tasks are in each status (every status present, 0 for none)
 * @param ran the tasks that ended by running: COMPLETED and FAILED
 * @param executionTime the execution time of those tasks together (all their attempts)
 */
public record TaskTotals(Map<TaskStatus, Long> byStatus, long ran, Duration executionTime) {

    public TaskTotals {
        Map<TaskStatus, Long> all = new EnumMap<>(TaskStatus.class);
        for (TaskStatus s : TaskStatus.values()) {
            all.put(s, byStatus == null ? 0L : byStatus.getOrDefault(s, 0L));
        }
        byStatus = java.util.Collections.unmodifiableMap(all); // in the statuses' order, as the engine's counts
        Objects.requireNonNull(executionTime, "executionTime");
    }

    /** Every task counted. */
    public long total() {
        return byStatus.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Mean execution time of the tasks that ended by running, in seconds (0 if none). */
    public double averageExecutionSeconds() {
        return ran == 0 ? 0 : totalExecutionSeconds() / ran;
    }

    /** {@link #executionTime()} in seconds. */
    public double totalExecutionSeconds() {
        return executionTime.toNanos() / 1e9;
    }
}
