package org.orrery.task;

/** A dependency is unknown, forms a cycle, or failed. */
public class TaskDependencyException extends TaskException {

    private static final long serialVersionUID = 1L;

    public TaskDependencyException(String message) {
        super(message, Severity.MEDIUM, false);
    }
}
