package org.orrery.task;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * What an {@link Action} may also implement to shape the tasks submitted to it before they are
 * stored: e.g. lift its own parameters into the task's {@link TaskSpec#timeout() timeout} or
 * {@link TaskSpec#retry() retry policy}. The scheduler calls it once per submitted task, after
 * the parameters passed the action's JSON schema and before the task's resource claims are
 * checked and the task is stored; what it returns is the task as accepted (and as the task's
 * JSON shows it).
 *
 * <p>Not called for a task accepted while its action is not installed ({@code wait_for_action})
 * nor for a task handed to a remote agent. It should be quick and free of side effects (the
 * submission may still be refused after it, e.g. for a dependency cycle).
 */
@ConsumerType
public interface TaskSpecPreparer {

    /**
     * The task to store, given the submitted one.
     *
     * @param submitted the task as submitted, with its id
     * @return the task to store: the same or a changed copy ({@link TaskSpec#toBuilder()}) with
     *         the same id and action
     * @throws TaskParameterException to refuse the task (a 400 over REST): the message names the
     *         field, what was expected and what was found
     */
    TaskSpec prepare(TaskSpec submitted) throws TaskParameterException;
}
