package org.orrery.task;

/** The action ran and failed: a device did not do what it was asked, a file could not be written. */
public class TaskExecutionException extends TaskException {

    private static final long serialVersionUID = 1L;

    public TaskExecutionException(String message) {
        super(message, Severity.HIGH, true);
    }

    public TaskExecutionException(String message, Throwable cause) {
        super(message, Severity.HIGH, true, cause);
    }

    public TaskExecutionException(String message, boolean retryable, Throwable cause) {
        super(message, Severity.HIGH, retryable, cause);
    }
}
