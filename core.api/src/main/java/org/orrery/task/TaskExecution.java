package org.orrery.task;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One attempt of a task (seed 004's {@code TaskExecution}): who ran it, when, how it ended, what it
 * used and what it logged. The scheduler records one per attempt in the {@link ExecutionStore}
 * when the attempt ends (and one for the attempt a crash interrupted, when recovery decides it).
 *
 * @param id unique: {@code <task id>/<attempt>}
 * @param taskId the task
 * @param attempt 1 for the first attempt, 2 for the first retry, …
 * @param executorId who ran it: an agent's id, or {@link #LOCAL} for an installed action of this runtime
 * @param status how it ended: COMPLETED, FAILED or CANCELLED (RUNNING while it runs)
 * @param startedAt when the attempt began
 * @param endedAt when it ended (null while it runs)
 * @param result the result of a completed attempt (empty otherwise)
 * @param error why it failed or was cancelled (null when it completed)
 * @param usage what it used, where measurable
 * @param logs what it logged through {@link ActionContext#log()} (bounded: the first lines, then the
 *        last, with a line saying how many were left out)
 */
public record TaskExecution(String id, String taskId, int attempt, String executorId, TaskStatus status,
        Instant startedAt, Instant endedAt, Map<String, Object> result, TaskError error, ResourceUsage usage,
        List<LogLine> logs) {

    /** The executor id of an installed action run by this runtime's own workers. */
    public static final String LOCAL = "local";

    public TaskExecution {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(startedAt, "startedAt");
        id = id == null ? taskId + "/" + attempt : id;
        executorId = executorId == null ? LOCAL : executorId;
        result = result == null ? Map.of() : result;
        usage = usage == null ? ResourceUsage.UNKNOWN : usage;
        logs = logs == null ? List.of() : List.copyOf(logs);
    }

    /** How long it ran (null while it runs). */
    public Duration duration() {
        return endedAt == null ? null : Duration.between(startedAt, endedAt);
    }

    /**
     * What an attempt used. Null where it could not be measured: a process's CPU time and peak
     * memory come from the operating system; a local action's CPU time is the CPU time of the
     * threads that ran its code; a remote agent reports its own.
     *
     * @param cpuTime CPU time used
     * @param peakMemoryBytes the largest resident memory seen
     */
    public record ResourceUsage(Duration cpuTime, Long peakMemoryBytes) {
        public static final ResourceUsage UNKNOWN = new ResourceUsage(null, null);
    }

    /**
     * A line an attempt logged.
     *
     * @param time when
     * @param level {@code INFO}, {@code WARN} or {@code ERROR}
     * @param message what
     */
    public record LogLine(Instant time, String level, String message) {
        public LogLine {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(level, "level");
            message = message == null ? "" : message;
        }
    }
}
