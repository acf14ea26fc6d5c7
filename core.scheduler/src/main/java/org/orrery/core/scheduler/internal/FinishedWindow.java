package org.orrery.core.scheduler.internal;

import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.Map;

import org.orrery.task.TaskStatus;

/**
 * The finished tasks kept in memory: only the newest {@link #keep} (plus those still needed) stay;
 * older ones are left to the store, which keeps the history, and are read back when someone asks
 * for them, so a runtime that runs for months does not hold every task it ever ran.
 *
 * <p>A finished task is still needed while an unfinished task depends on it (its
 * {@link TaskEntry#openDependents} count), or while its failure cancelled dependents (a retry
 * revives them). A needed task leaves the window and is <em>parked</em>; it comes back when its
 * last open dependent ends. So each finished task is examined a bounded number of times, whatever
 * the number of tasks (examining every needed one again after every operation made a 100 000-task
 * DAG quadratic). Not thread-safe: the engine's lock guards it, and the task map it shares.
 */
final class FinishedWindow {

    private final Map<String, TaskEntry> tasks;
    /** Finished tasks, oldest first, that may leave memory once beyond {@link #keep}. */
    private final ArrayDeque<TaskEntry> window = new ArrayDeque<>();
    /** Finished tasks let go of, by status: they still count in the statistics. */
    private final Map<TaskStatus, Long> letGo = new EnumMap<>(TaskStatus.class);
    /**
     * How many finished tasks stay in memory by default. Few: the store has them, and every one kept is
     * copied by each young collection while it stays (10 000 at 8 000 tasks/s made the pauses 10–27 ms).
     */
    static final int DEFAULT_KEEP = 1_000;
    /** How many finished tasks stay in memory. */
    int keep = DEFAULT_KEEP;
    /** Finished tasks examined for letting go, in all (for tests: the cost per task). */
    long checks;

    FinishedWindow(Map<String, TaskEntry> tasks) {
        this.tasks = tasks;
    }

    /** The task reached a terminal status in the operation with this commit sequence. */
    void finished(TaskEntry e, long seq) {
        e.finishedSeq = seq;
        e.parked = false;
        window.addLast(e);
    }

    /** A task let go of is in memory again (read back from the store, or a revived dependent). */
    void takenBack(TaskEntry e, boolean intoWindow) {
        letGo.computeIfPresent(e.record.status(), (k, n) -> n > 1 ? n - 1 : null);
        if (intoWindow && e.record.status().isTerminal()) {
            window.addLast(e);
        }
    }

    /** {@code dependent} now depends on {@code dependency} (both in memory). */
    static void link(TaskEntry dependency, TaskEntry dependent) {
        dependency.dependents.add(dependent);
        dependent.dependencies.add(dependency);
        if (!dependent.record.status().isTerminal()) {
            dependency.openDependents++;
        }
    }

    /** The task went from unfinished to finished ({@code ended}) or back (a retry). */
    void dependentChanged(TaskEntry dependent, boolean ended) {
        for (TaskEntry d : dependent.dependencies) {
            d.openDependents += ended ? -1 : 1;
            if (ended && d.parked && d.openDependents <= 0 && d.cancelledByMe.isEmpty() && tasks.get(d.id()) == d) {
                d.parked = false;
                window.addLast(d); // its last change was committed long ago: it may leave at once
            }
        }
    }

    boolean full() {
        return window.size() > keep;
    }

    /**
     * Lets go of the oldest finished tasks beyond {@link #keep} whose last change is committed
     * (sequence up to {@code committed}); parks those still needed.
     */
    void trim(long committed) {
        int n = window.size() - keep;
        for (int i = 0; i < n && window.size() > keep; i++) {
            TaskEntry old = window.peekFirst();
            if (old.finishedSeq > committed) {
                return; // its last change is not in the store yet (nor are the later ones')
            }
            window.pollFirst();
            checks++;
            if (tasks.get(old.id()) != old || !old.record.status().isTerminal() || old.parked) {
                continue; // taken back, retried (it comes back when it finishes again), or a second place
            }
            if (old.attempt != null) {
                window.addLast(old); // an attempt given up but not yet ended
            } else if (old.openDependents > 0 || !old.cancelledByMe.isEmpty()) {
                old.parked = true;
            } else {
                tasks.remove(old.id());
                letGo.merge(old.record.status(), 1L, Long::sum);
            }
        }
    }

    /** Counts the tasks let go of, by status. */
    void countInto(EngineStatistics.Counts counts) {
        letGo.forEach((status, n) -> {
            counts.byStatus.merge(status, n, Long::sum);
            counts.total += n;
        });
    }
}
