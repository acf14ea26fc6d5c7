package org.orrery.agent;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import org.orrery.task.ActionContext;
import org.orrery.task.TaskParameterException;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A local agent: a DS service of a bundle that runs the tasks of its capabilities in this runtime.
 * The scheduler finds agents at run time: tasks waiting for a capability start when an agent
 * offering it appears; when it goes away, its running tasks are cancelled and run again
 * elsewhere if {@link #safeToRerun(String)}, or else failed with the reason. Its id, type,
 * capabilities and concurrency are read when the service appears; an agent whose capabilities
 * change (a language model configured) is re-registered (DS does so when its configuration
 * changes).
 *
 * <p>Like an {@link org.orrery.task.Action}, an agent that waits should return a stage that
 * completes later rather than hold a thread.
 */
@ConsumerType
public interface Agent {

    /** Unique among all agents, local and remote, e.g. {@code codegen-1}; [A-Za-z0-9._-], 1 to 64 characters. */
    String id();

    /** What kind of agent it is, e.g. {@code codegen}, {@code process}. */
    String type();

    /** What it can do, e.g. {@code code_analysis}; tasks naming one of these may run on it. */
    Set<String> capabilities();

    /** How many tasks it runs at once (at least 1). */
    default int concurrency() {
        return 1;
    }

    /**
     * Checks a task before it is accepted, when this agent is installed: a task this agent would
     * refuse is refused at submission (the REST API answers 400 with the message). The default
     * accepts everything.
     *
     * @param taskType the task's {@link org.orrery.task.TaskSpec#action() action} (seed 004's task_type)
     * @param parameters its parameters
     * @throws TaskParameterException what is wrong, naming the parameter
     */
    default void validate(String taskType, Map<String, Object> parameters) throws TaskParameterException {
    }

    /** Whether an attempt interrupted (the agent went away, a crash) may simply run again elsewhere. */
    default boolean safeToRerun(String taskType) {
        return false;
    }

    /**
     * Runs one attempt of a task; {@link ActionContext#task()} says what to do.
     *
     * @return a stage that completes with the result, or exceptionally with (preferably) a
     *         {@link org.orrery.task.TaskException}
     */
    CompletionStage<Map<String, Object>> execute(ActionContext context) throws Exception;
}
