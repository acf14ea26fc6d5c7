package org.orrery.core.scheduler.internal;

import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.orrery.task.SchedulerStatistics;
import org.orrery.task.TaskStatus;

/**
 * What the engine counts of finished attempts (per action: completed, failed, cancelled, time) and how the
 * statistics are put together. Not thread-safe: the engine's lock guards it.
 */
final class EngineStatistics {

    /** How an attempt ended its task; its ordinal indexes the counts of {@link #perAction}. */
    enum Outcome { COMPLETED, FAILED, CANCELLED }

    private static final int NANOS = 3;

    private final Map<String, long[]> perAction = new HashMap<>(); // completed, failed, cancelled, nanos
    private long finishedCount;
    private long finishedNanos;
    private final FinishedPerMinute finishedLastMinute = new FinishedPerMinute();

    /** An attempt of this action ended the task this way after running this long; ticker time now. */
    void finished(String action, Outcome outcome, long nanos, long nowNanos) {
        long[] f = perAction.computeIfAbsent(action, a -> new long[4]);
        f[outcome.ordinal()]++;
        f[NANOS] += nanos;
        finishedCount++;
        finishedNanos += nanos;
        finishedLastMinute.add(nowNanos);
    }

    /** The engine's tasks right now, as the statistics count them. */
    static final class Counts {
        final Map<TaskStatus, Long> byStatus = new EnumMap<>(TaskStatus.class);
        final Map<String, Long> runningByAction = new HashMap<>();
        long total;

        Counts() {
            for (TaskStatus s : TaskStatus.values()) {
                byStatus.put(s, 0L);
            }
        }

        void add(TaskStatus status, String action) {
            byStatus.merge(status, 1L, Long::sum);
            total++;
            if (status == TaskStatus.RUNNING) {
                runningByAction.merge(action, 1L, Long::sum);
            }
        }

        void remove(TaskStatus status, String action) {
            byStatus.merge(status, -1L, Long::sum);
            total--;
            if (status == TaskStatus.RUNNING) {
                runningByAction.computeIfPresent(action, (a, n) -> n > 1 ? n - 1 : null);
            }
        }

        Counts copy() {
            Counts c = new Counts();
            c.byStatus.putAll(byStatus);
            c.runningByAction.putAll(runningByAction);
            c.total = total;
            return c;
        }

        boolean sameAs(Counts other) {
            return total == other.total && byStatus.equals(other.byStatus) && runningByAction.equals(other.runningByAction);
        }

        @Override
        public String toString() {
            return "total " + total + ", " + byStatus + ", running " + runningByAction;
        }
    }

    /**
     * The statistics now. {@code running} counts the scheduler's own attempts; each agent's group
     * ({@code agents}, by id) is added to the workers and to the running count, and taken out of
     * the local worker's counts.
     */
    SchedulerStatistics snapshot(Counts counts, Instant at, long nowNanos, int running, boolean paused, String worker,
            Map<String, SchedulerStatistics.Group> agents) {
        Map<String, SchedulerStatistics.Group> groups = new TreeMap<>();
        Set<String> names = new HashSet<>(perAction.keySet());
        names.addAll(counts.runningByAction.keySet());
        for (String name : names) {
            long[] f = perAction.getOrDefault(name, new long[4]);
            long done = f[0] + f[1] + f[2];
            groups.put(name, new SchedulerStatistics.Group(f[0], f[1], f[2], counts.runningByAction.getOrDefault(name, 0L),
                    done == 0 ? 0 : f[NANOS] / 1e9 / done));
        }
        long completed = perAction.values().stream().mapToLong(f -> f[0]).sum();
        long failed = perAction.values().stream().mapToLong(f -> f[1]).sum();
        long cancelled = perAction.values().stream().mapToLong(f -> f[2]).sum();
        double average = finishedCount == 0 ? 0 : finishedNanos / 1e9 / finishedCount;
        Map<String, SchedulerStatistics.Group> workers = new TreeMap<>(agents);
        long allRunning = running;
        for (SchedulerStatistics.Group g : agents.values()) {
            completed -= g.completed();
            failed -= g.failed();
            cancelled -= g.cancelled();
            allRunning += g.running();
        }
        workers.put(worker, new SchedulerStatistics.Group(Math.max(0, completed), Math.max(0, failed), Math.max(0, cancelled),
                running, average));
        Map<TaskStatus, Long> byStatus = counts.byStatus;
        long queued = byStatus.get(TaskStatus.PENDING) + byStatus.get(TaskStatus.READY) + byStatus.get(TaskStatus.RETRYING);
        return new SchedulerStatistics(at, byStatus, counts.total, queued, allRunning, average, finishedNanos / 1e9,
                finishedLastMinute.count(nowNanos), groups, workers, paused);
    }

    /**
     * These statistics with the store's counts and execution times of every task (seed 003's stats,
     * which survive a restart); the running count, the rate and the groups stay the engine's.
     */
    static SchedulerStatistics withStored(SchedulerStatistics s, org.orrery.task.TaskTotals stored) {
        Map<TaskStatus, Long> byStatus = stored.byStatus();
        long queued = byStatus.get(TaskStatus.PENDING) + byStatus.get(TaskStatus.READY) + byStatus.get(TaskStatus.RETRYING);
        return new SchedulerStatistics(s.at(), byStatus, stored.total(), queued, s.running(), stored.averageExecutionSeconds(),
                stored.totalExecutionSeconds(), s.tasksPerMinute(), s.byAction(), s.byAgent(), s.paused());
    }
}
