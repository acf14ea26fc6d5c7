package org.orrery.task;

/**
 * The request contradicts what exists: a task with the same id is known already (in memory or
 * in the store, however old). Nothing was changed; the REST API answers 409.
 */
public class TaskConflictException extends TaskException {

    private static final long serialVersionUID = 1L;

    public TaskConflictException(String message) {
        super(message, Severity.LOW, false);
    }
}
