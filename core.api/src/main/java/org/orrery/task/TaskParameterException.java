package org.orrery.task;

/** A task's action or parameters are not acceptable; no retry helps. */
public class TaskParameterException extends TaskException {

    private static final long serialVersionUID = 1L;

    public TaskParameterException(String message) {
        super(message, Severity.MEDIUM, false);
    }
}
