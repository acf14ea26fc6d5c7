package org.orrery.task;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where a task is in its life. The transitions allowed between them are written down once, in
 * {@link #next()}, and the scheduler enforces them.
 *
 * <pre>
 * PENDING  ─► READY ─► RUNNING ─► COMPLETED
 *   ▲  │        │         ├─────► FAILED ──(retry)──► PENDING
 *   │  │        │         ├─────► RETRYING ─► PENDING | READY
 *   │  ▼        ▼         └─────► CANCELLED ─(retry)─► PENDING
 *   └─ PAUSED ◄─┘
 * </pre>
 */
public enum TaskStatus {
    /** Waiting: for dependencies, its start time, or an action that is not installed ({@code waiting_for}). */
    PENDING,
    /** Everything it waits for is there: it starts when a worker and its resources are free. */
    READY,
    /** Its action is executing. */
    RUNNING,
    /** Finished successfully. */
    COMPLETED,
    /** Finished with an error and no retry left. */
    FAILED,
    /** Cancelled by a user, a failed dependency, or a deadline. */
    CANCELLED,
    /** Held by a user; resumed, it waits or runs again. */
    PAUSED,
    /** Between attempts: waits for its retry delay. */
    RETRYING;

    private static final Map<TaskStatus, Set<TaskStatus>> NEXT = Map.of(
            PENDING, EnumSet.of(READY, CANCELLED, PAUSED, FAILED),
            READY, EnumSet.of(RUNNING, PENDING, CANCELLED, PAUSED, FAILED),
            RUNNING, EnumSet.of(COMPLETED, FAILED, CANCELLED, RETRYING),
            RETRYING, EnumSet.of(PENDING, READY, CANCELLED, PAUSED, FAILED),
            PAUSED, EnumSet.of(PENDING, READY, CANCELLED),
            COMPLETED, EnumSet.noneOf(TaskStatus.class),
            FAILED, EnumSet.of(PENDING),
            CANCELLED, EnumSet.of(PENDING));

    /** The statuses this one may change to. */
    public Set<TaskStatus> next() {
        return NEXT.get(this);
    }

    public boolean canChangeTo(TaskStatus target) {
        return NEXT.get(this).contains(target);
    }

    /** COMPLETED, FAILED and CANCELLED: nothing happens to the task unless it is retried. */
    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

    /** The lower-case name used in JSON, e.g. {@code "running"}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a status name in any case. */
    public static TaskStatus parse(String text) {
        for (TaskStatus s : values()) {
            if (s.name().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown status '" + text
                + "': expected pending, ready, running, completed, failed, cancelled, paused or retrying");
    }
}
