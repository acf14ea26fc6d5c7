package org.orrery.task;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A task as the scheduler knows it: what was asked ({@link #spec()}) and what became of it.
 * Immutable; built only through {@link #builder(TaskSpec)} (or {@link #toBuilder()} for a changed
 * copy), so a new field is an addition, not a break. How a record changes as the task runs is the
 * scheduler's business, not this class's.
 */
public final class TaskRecord {

    private final TaskSpec spec;
    private final TaskStatus status;
    private final Map<String, Object> result;
    private final TaskError error;
    private final int attempts;
    private final double progress;
    private final String progressMessage;
    private final String waitingFor;
    private final Instant createdAt;
    private final Instant startedAt;
    private final Instant completedAt;
    private final Duration executionTime;
    private final String assignedTo;
    private final long revision;
    private final Map<String, Object> checkpoint;

    private TaskRecord(Builder b) {
        Objects.requireNonNull(b.spec, "spec");
        Objects.requireNonNull(b.spec.id(), "spec.id");
        Objects.requireNonNull(b.status, "status");
        Objects.requireNonNull(b.createdAt, "createdAt");
        this.spec = b.spec;
        this.status = b.status;
        // a JSON result may hold nulls, and keeps the action's order (Map.copyOf would refuse the one, lose the other)
        this.result = b.result == null ? null : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(b.result));
        this.error = b.error;
        this.attempts = b.attempts;
        this.progress = b.progress;
        this.progressMessage = b.progressMessage;
        this.waitingFor = b.waitingFor;
        this.createdAt = b.createdAt;
        this.startedAt = b.startedAt;
        this.completedAt = b.completedAt;
        this.executionTime = b.executionTime == null ? Duration.ZERO : b.executionTime;
        this.assignedTo = b.assignedTo;
        this.revision = b.revision;
        this.checkpoint = b.checkpoint == null || b.checkpoint.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(b.checkpoint));
    }

    /** A builder for a record of this task (status, creation time and the rest to be set). */
    public static Builder builder(TaskSpec spec) {
        return new Builder(spec);
    }

    /** A newly accepted task: revision 0, nothing run yet, assigned as its spec asks. */
    public static TaskRecord accepted(TaskSpec spec, TaskStatus status, String waitingFor, Instant now) {
        return builder(spec).status(status).waitingFor(waitingFor).createdAt(now).assignedTo(spec.assignedTo()).build();
    }

    /** A builder holding this record's values, for a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder(spec);
        b.status = status;
        b.result = result;
        b.error = error;
        b.attempts = attempts;
        b.progress = progress;
        b.progressMessage = progressMessage;
        b.waitingFor = waitingFor;
        b.createdAt = createdAt;
        b.startedAt = startedAt;
        b.completedAt = completedAt;
        b.executionTime = executionTime;
        b.assignedTo = assignedTo;
        b.revision = revision;
        b.checkpoint = checkpoint;
        return b;
    }

    /** The task's id (its spec's). */
    public String id() {
        return spec.id();
    }

    /** The task as submitted (with its id). */
    public TaskSpec spec() {
        return spec;
    }

    /** Where it is in its life. */
    public TaskStatus status() {
        return status;
    }

    /** What its action returned, once completed; null before. */
    public Map<String, Object> result() {
        return result;
    }

    /** Why it failed (or why its last attempt failed), or null. */
    public TaskError error() {
        return error;
    }

    /** How many attempts have started. */
    public int attempts() {
        return attempts;
    }

    /** 0 to 1, as the action reports it. */
    public double progress() {
        return progress;
    }

    /** What the action says it is doing, or null. */
    public String progressMessage() {
        return progressMessage;
    }

    /** What a PENDING task waits for, for people (dependencies, its start time, an action), or null. */
    public String waitingFor() {
        return waitingFor;
    }

    /** When it was accepted. */
    public Instant createdAt() {
        return createdAt;
    }

    /** When its last attempt started, or null. */
    public Instant startedAt() {
        return startedAt;
    }

    /** When it reached a terminal status, or null. */
    public Instant completedAt() {
        return completedAt;
    }

    /** Time spent running, all attempts together. */
    public Duration executionTime() {
        return executionTime;
    }

    /**
     * Who runs or ran its latest attempt: an agent's id, or {@code local} (the scheduler's own
     * workers, for an installed action); before it ran, the agent the spec asked for; null if
     * neither.
     */
    public String assignedTo() {
        return assignedTo;
    }

    /** Increases with every change (for stores and optimistic updates). */
    public long revision() {
        return revision;
    }

    /**
     * What the action's last attempt saved durably through {@link ActionContext#checkpoint(Map)}
     * (e.g. the frames written so far), for the next attempt; empty if nothing. Kept when the task is
     * retried (by its retry policy, after a restart, or by a user): the next attempt continues.
     */
    public Map<String, Object> checkpoint() {
        return checkpoint;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof TaskRecord r && spec.equals(r.spec) && status == r.status
                && Objects.equals(result, r.result) && Objects.equals(error, r.error) && attempts == r.attempts
                && Double.compare(progress, r.progress) == 0 && Objects.equals(progressMessage, r.progressMessage)
                && Objects.equals(waitingFor, r.waitingFor) && createdAt.equals(r.createdAt)
                && Objects.equals(startedAt, r.startedAt) && Objects.equals(completedAt, r.completedAt)
                && executionTime.equals(r.executionTime) && Objects.equals(assignedTo, r.assignedTo)
                && revision == r.revision && checkpoint.equals(r.checkpoint);
    }

    @Override
    public int hashCode() {
        return Objects.hash(spec, status, result, error, attempts, progress, progressMessage, waitingFor, createdAt,
                startedAt, completedAt, executionTime, assignedTo, revision, checkpoint);
    }

    @Override
    public String toString() {
        return "TaskRecord[spec=" + spec + ", status=" + status + ", result=" + result + ", error=" + error + ", attempts="
                + attempts + ", progress=" + progress + ", progressMessage=" + progressMessage + ", waitingFor="
                + waitingFor + ", createdAt=" + createdAt + ", startedAt=" + startedAt + ", completedAt=" + completedAt
                + ", executionTime=" + executionTime + ", assignedTo=" + assignedTo + ", revision=" + revision
                + ", checkpoint=" + checkpoint + "]";
    }

    /** Builds a {@link TaskRecord}; spec, status and creation time are required. */
    public static final class Builder {
        private final TaskSpec spec;
        private TaskStatus status;
        private Map<String, Object> result;
        private TaskError error;
        private int attempts;
        private double progress;
        private String progressMessage;
        private String waitingFor;
        private Instant createdAt;
        private Instant startedAt;
        private Instant completedAt;
        private Duration executionTime = Duration.ZERO;
        private String assignedTo;
        private long revision;
        private Map<String, Object> checkpoint;

        private Builder(TaskSpec spec) {
            this.spec = spec;
        }

        public Builder status(TaskStatus value) { status = value; return this; }
        public Builder result(Map<String, Object> value) { result = value; return this; }
        public Builder error(TaskError value) { error = value; return this; }
        public Builder attempts(int value) { attempts = value; return this; }
        public Builder progress(double value) { progress = value; return this; }
        public Builder progressMessage(String value) { progressMessage = value; return this; }
        public Builder waitingFor(String value) { waitingFor = value; return this; }
        public Builder createdAt(Instant value) { createdAt = value; return this; }
        public Builder startedAt(Instant value) { startedAt = value; return this; }
        public Builder completedAt(Instant value) { completedAt = value; return this; }
        public Builder executionTime(Duration value) { executionTime = value; return this; }
        public Builder assignedTo(String value) { assignedTo = value; return this; }
        public Builder revision(long value) { revision = value; return this; }
        /** The action's saved progress (null or empty: none); top-level null values are allowed. */
        public Builder checkpoint(Map<String, Object> value) { checkpoint = value; return this; }

        public TaskRecord build() {
            return new TaskRecord(this);
        }
    }
}
