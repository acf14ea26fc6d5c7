package org.orrery.task;

import java.time.Instant;
import java.util.Map;

/**
 * Counts and times of the scheduler (seed 003's execution stats, seed 004's queue statistics
 * and metrics).
 *
 * @param at when they were taken
 * @param byStatus how many tasks are in each status (every stored task, when the store is a
 *        {@link TaskStatisticsStore}; else those the scheduler holds in memory)
 * @param totalTasks every task the scheduler knows (counted as {@code byStatus})
 * @param queued PENDING + READY + RETRYING
 * @param running RUNNING
 * @param averageExecutionSeconds mean running time of the finished tasks (with a
 *        {@link TaskStatisticsStore}: of every stored COMPLETED or FAILED task)
 * @param totalExecutionSeconds running time of all finished tasks together (as the average)
 * @param tasksPerMinute tasks finished in the last minute
 * @param byAction the same per action
 * @param byAgent the same per agent or worker
 * @param paused whether the whole scheduler is paused
 */
public record SchedulerStatistics(Instant at, Map<TaskStatus, Long> byStatus, long totalTasks, long queued, long running,
        double averageExecutionSeconds, double totalExecutionSeconds, double tasksPerMinute,
        Map<String, Group> byAction, Map<String, Group> byAgent, boolean paused) {

    /**
     * Figures for one action or one agent.
     *
     * @param completed tasks completed
     * @param failed tasks failed
     * @param cancelled tasks cancelled while running
     * @param running tasks running now
     * @param averageExecutionSeconds mean running time of its finished tasks
     */
    public record Group(long completed, long failed, long cancelled, long running, double averageExecutionSeconds) {

        /** Figures without cancelled tasks (as before 1.1). */
        public Group(long completed, long failed, long running, double averageExecutionSeconds) {
            this(completed, failed, 0, running, averageExecutionSeconds);
        }
    }
}
