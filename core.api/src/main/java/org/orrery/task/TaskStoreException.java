package org.orrery.task;

/** The task store is unavailable or refused a change; nothing was changed. */
public class TaskStoreException extends TaskException {

    private static final long serialVersionUID = 1L;

    public TaskStoreException(String message, Throwable cause) {
        super(message, Severity.CRITICAL, true, cause);
    }
}
