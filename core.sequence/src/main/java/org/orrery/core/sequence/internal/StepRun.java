package org.orrery.core.sequence.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.orrery.sequence.StepState;

/**
 * One execution of one step (a step inside a loop has one per iteration), as the runner keeps
 * it and stores it ({@link org.orrery.sequence.StoredStep}, keyed by {@link #key}). Mutable;
 * touched only on the runner's thread.
 */
final class StepRun {

    final String key;
    final String stepId;
    /** Creation order within the sequence: the latest execution of a step wins in {@code steps.<id>}. */
    final long order;
    StepState state = StepState.PENDING;
    /** For a loop: iterations begun; inside a loop: the iteration it belongs to; 0 otherwise. */
    int iteration;
    /** Starts of this execution (a task step's attempts, the retries of the policy included). */
    int attempts;
    /** Runs again under the {@code retry} policy so far. */
    int retries;
    final List<String> taskIds = new ArrayList<>();
    /** The task that runs now, or null. */
    String task;
    Map<String, Object> result;
    String error;
    Instant startedAt;
    Instant finishedAt;
    /** Containers, branches and loop bodies: the next child (sequential) to drive. */
    int cursor;
    /** A conditional: {@code then} or {@code else}, once decided. */
    String branch;
    /** A wait's end or next check, or when a retry may start. */
    Instant dueAt;
    /** A conditional wait's timeout. */
    Instant deadline;
    /** A failed step: the policy it failed under ({@code continue}, {@code skip}, …). */
    String outcome;
    /**
     * Its task was cancelled by a pause {@code immediate}: {@link #task} stays, and the resume
     * retries that same task (it continues from its checkpoint). Its end meanwhile is ignored.
     */
    boolean suspended;
    /** Not stored: the retry of the suspended task is asked for and has not happened yet. */
    boolean resuming;

    StepRun(String key, String stepId, long order) {
        this.key = key;
        this.stepId = stepId;
        this.order = order;
    }

    boolean finished() {
        return state.isFinished();
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("step", stepId);
        m.put("order", order);
        m.put("state", state.id());
        m.put("iteration", iteration);
        m.put("attempts", attempts);
        m.put("retries", retries);
        m.put("task_ids", taskIds);
        put(m, "task", task);
        put(m, "result", result);
        put(m, "error", error);
        put(m, "started_at", startedAt);
        put(m, "finished_at", finishedAt);
        m.put("cursor", cursor);
        put(m, "branch", branch);
        put(m, "due_at", dueAt);
        put(m, "deadline", deadline);
        put(m, "outcome", outcome);
        if (suspended) {
            m.put("suspended", true);
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    static StepRun fromMap(String key, Map<String, Object> m) {
        StepRun r = new StepRun(key, (String) m.get("step"), ((Number) m.get("order")).longValue());
        r.state = StepState.valueOf(((String) m.get("state")).toUpperCase(java.util.Locale.ROOT));
        r.iteration = ((Number) m.getOrDefault("iteration", 0)).intValue();
        r.attempts = ((Number) m.getOrDefault("attempts", 0)).intValue();
        r.retries = ((Number) m.getOrDefault("retries", 0)).intValue();
        r.taskIds.addAll((List<String>) m.getOrDefault("task_ids", List.of()));
        r.task = (String) m.get("task");
        r.result = (Map<String, Object>) m.get("result");
        r.error = (String) m.get("error");
        r.startedAt = instant(m.get("started_at"));
        r.finishedAt = instant(m.get("finished_at"));
        r.cursor = ((Number) m.getOrDefault("cursor", 0)).intValue();
        r.branch = (String) m.get("branch");
        r.dueAt = instant(m.get("due_at"));
        r.deadline = instant(m.get("deadline"));
        r.outcome = (String) m.get("outcome");
        r.suspended = Boolean.TRUE.equals(m.get("suspended"));
        return r;
    }

    private static void put(Map<String, Object> m, String name, Object value) {
        if (value != null) {
            m.put(name, value instanceof Instant i ? i.toString() : value);
        }
    }

    private static Instant instant(Object text) {
        return text == null ? null : Instant.parse((String) text);
    }
}
