package org.orrery.task;

/** An attempt took longer than the task's timeout, or a wait inside it timed out. */
public class TaskTimeoutException extends TaskException {

    private static final long serialVersionUID = 1L;

    public TaskTimeoutException(String message) {
        super(message, Severity.HIGH, true);
    }

    public TaskTimeoutException(String message, Throwable cause) {
        super(message, Severity.HIGH, true, cause);
    }
}
