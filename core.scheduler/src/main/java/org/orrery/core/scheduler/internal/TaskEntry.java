package org.orrery.core.scheduler.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;

import org.orrery.task.TaskRecord;
import org.orrery.task.TaskSpec;

/** What the engine keeps of one task besides its record. Guarded by the engine's lock, like everything it links to. */
final class TaskEntry {
    TaskRecord record;
    /** Ids of dependencies that have not completed yet. */
    final Set<String> unmet = new LinkedHashSet<>();
    final List<TaskEntry> dependents = new ArrayList<>();
    /** The dependencies whose {@link #dependents} list this one is in. */
    final List<TaskEntry> dependencies = new ArrayList<>(3);
    /** How many of {@link #dependents} are unfinished. */
    int openDependents;
    /** Finished but still needed, so out of the {@link FinishedWindow}'s queue until it is not. */
    boolean parked;
    /** Tasks this one's failure cancelled, revived when it is retried. */
    final List<TaskEntry> cancelledByMe = new ArrayList<>();
    int retriesUsed;
    /** Recovered as RUNNING: waits for its action to decide whether it may run again. */
    boolean interrupted;
    /** Its submission was refused because the store did not take it: unknown to users, its id free again. */
    boolean notStored;
    /** The operation (commit sequence) that finished it. */
    long finishedSeq;
    /** Order among ready tasks ({@link ReadyQueue}). */
    long readySeq;
    /** Ticker time it became READY, for aging. */
    long readySinceNanos;
    Attempt attempt;
    ScheduledFuture<?> wakeUp;
    ScheduledFuture<?> deadline;
    /** The counts of the {@link TaskMap} holding it, kept true by {@link #record(TaskRecord)}; null when not held. */
    EngineStatistics.Counts countedIn;

    TaskEntry(TaskRecord record) {
        this.record = record;
    }

    /** Changes its record (never assign {@link #record} directly: the counts of the engine's tasks would go wrong). */
    void record(TaskRecord next) {
        if (countedIn != null && next.status() != record.status()) {
            countedIn.remove(record.status(), record.spec().action());
            countedIn.add(next.status(), next.spec().action());
        }
        record = next;
    }

    String id() {
        return record.id();
    }

    TaskSpec spec() {
        return record.spec();
    }
}
