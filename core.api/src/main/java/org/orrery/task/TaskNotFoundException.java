package org.orrery.task;

/** No task has the given id. */
public class TaskNotFoundException extends TaskException {

    private static final long serialVersionUID = 1L;

    public TaskNotFoundException(String id) {
        super("no task has the id '" + id + "'", Severity.LOW, false);
    }
}
