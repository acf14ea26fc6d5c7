package org.orrery.task;

import java.util.Objects;

/**
 * Why a task (or its last attempt) failed.
 *
 * @param type the kind of error, e.g. {@code TaskTimeoutException}
 * @param message what happened, for a person
 * @param severity how bad it is
 * @param retryable whether another attempt may succeed
 */
public record TaskError(String type, String message, Severity severity, boolean retryable) {
    public TaskError {
        Objects.requireNonNull(type, "type");
        message = message == null ? "" : message;
        severity = severity == null ? Severity.MEDIUM : severity;
    }

    /** The error record for any throwable an action ends with. */
    public static TaskError of(Throwable error) {
        if (error instanceof TaskException task) {
            return task.toError();
        }
        String message = error.getMessage() == null ? error.getClass().getName() : error.getMessage();
        return new TaskError(error.getClass().getSimpleName(), message, Severity.HIGH, true);
    }
}
