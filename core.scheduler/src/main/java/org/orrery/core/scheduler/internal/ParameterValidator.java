package org.orrery.core.scheduler.internal;

import org.orrery.task.Action;
import org.orrery.task.TaskParameterException;
import org.orrery.task.TaskSpec;

/** Checks a task's parameters against its action's JSON schema before the task is accepted. */
@FunctionalInterface
public interface ParameterValidator {

    /** Accepts everything: for tests that are not about parameters. */
    ParameterValidator NONE = (action, task) -> { };

    /**
     * @throws TaskParameterException naming each parameter that does not fit, and how
     */
    void validate(Action action, TaskSpec task) throws TaskParameterException;
}
