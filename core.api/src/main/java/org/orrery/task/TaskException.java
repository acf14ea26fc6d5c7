package org.orrery.task;

/**
 * The base of every task error. It says how bad it is and whether trying again may help.
 */
public class TaskException extends Exception {

    private static final long serialVersionUID = 1L;

    private final Severity severity;
    private final boolean retryable;

    public TaskException(String message, Severity severity, boolean retryable, Throwable cause) {
        super(message, cause);
        this.severity = severity == null ? Severity.MEDIUM : severity;
        this.retryable = retryable;
    }

    public TaskException(String message, Severity severity, boolean retryable) {
        this(message, severity, retryable, null);
    }

    public TaskException(String message) {
        this(message, Severity.MEDIUM, true, null);
    }

    public Severity severity() {
        return severity;
    }

    /** Whether another attempt may succeed (a timeout may; a bad parameter will not). */
    public boolean retryable() {
        return retryable;
    }

    /** The error record of this exception, as a task keeps it. */
    public TaskError toError() {
        return new TaskError(getClass().getSimpleName(), getMessage(), severity, retryable);
    }
}
