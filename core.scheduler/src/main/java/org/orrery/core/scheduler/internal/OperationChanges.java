package org.orrery.core.scheduler.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.orrery.task.TaskEvent;
import org.orrery.task.TaskExecution;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskStatus;

/**
 * What the operation under way changed: records, events and attempts to start, handed to the
 * {@link GroupCommitter} when the operation ends. A record's change is checked against the
 * status rules and tells the {@link FinishedWindow} when a task finishes (or is retried). Under
 * the engine's lock.
 */
final class OperationChanges {

    private final Clock clock;
    private final FinishedWindow finished;
    private final GroupCommitter committer;
    private List<TaskRecord> records = new ArrayList<>();
    private List<TaskEvent> events = new ArrayList<>();
    private List<Attempt> attempts = new ArrayList<>();
    private List<TaskExecution> executions = new ArrayList<>();

    OperationChanges(Clock clock, FinishedWindow finished, GroupCommitter committer) {
        this.clock = clock;
        this.finished = finished;
        this.committer = committer;
    }

    /** Changes a task's record, if its status may change so (else an IllegalStateException: an engine bug). */
    void change(TaskEntry e, TaskRecord next, TaskEvent.Type type) {
        TaskStatus from = e.record.status();
        if (from != next.status() && !from.canChangeTo(next.status())) {
            throw new IllegalStateException("task '" + e.id() + "' cannot go from " + from + " to " + next.status());
        }
        apply(e, next, type);
    }

    /** Changes a task's record without checking the transition (recovery failing a bad record). */
    void apply(TaskEntry e, TaskRecord next, TaskEvent.Type type) {
        TaskStatus from = e.record.status();
        e.record(next);
        records.add(next);
        emit(type, next, null);
        if (next.status().isTerminal() && !from.isTerminal()) {
            finished.finished(e, committer.nextSeq()); // the operation under way gets the next sequence
            finished.dependentChanged(e, true);
        } else if (from.isTerminal() && !next.status().isTerminal()) {
            finished.dependentChanged(e, false);
        }
    }

    /** Keeps a changed record that posts no event and keeps its status (an action's checkpoint). */
    void store(TaskEntry e, TaskRecord next) {
        if (next.status() != e.record.status()) {
            throw new IllegalStateException("task '" + e.id() + "': a quiet change cannot change the status");
        }
        e.record(next);
        records.add(next);
    }

    /** A task accepted in this operation: its record and its SCHEDULED event. */
    void created(TaskEntry e) {
        records.add(e.record);
        emit(TaskEvent.Type.SCHEDULED, e.record, null);
    }

    void emit(TaskEvent.Type type, TaskRecord r, String message) {
        events.add(new TaskEvent(type, r.id(), r.spec().name(), r.spec().action(), r.status(),
                type == TaskEvent.Type.COMPLETED ? r.result() : null, r.error() == null ? null : r.error().message(),
                r.progress(), message != null ? message : r.waitingFor() != null ? r.waitingFor() : r.progressMessage(),
                r.attempts(), clock.instant()));
    }

    /** An attempt to begin once this operation is committed. */
    void start(Attempt attempt) {
        attempts.add(attempt);
    }

    /** An attempt's execution, saved right after this operation's records. */
    void executed(TaskExecution execution) {
        executions.add(execution);
    }

    /** Ends the operation: its changes go to the committer (under the engine's lock, in lock order). */
    GroupCommitter.Ticket queue() {
        GroupCommitter.Ticket ticket = committer.queue(records, events, attempts, executions);
        if (ticket.pending != null) {
            records = new ArrayList<>();
            events = new ArrayList<>();
            attempts = new ArrayList<>();
            executions = new ArrayList<>();
        }
        return ticket;
    }
}
