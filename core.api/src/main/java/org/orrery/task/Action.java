package org.orrery.task;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * What a task does, provided by a bundle as a DS service. The scheduler finds actions at run
 * time: one appears when its bundle starts, and tasks waiting for it run; it goes away when the
 * bundle stops, and its running tasks are cancelled and retried when it comes back.
 *
 * <p>An action that waits (an exposure, a slew) should not hold a thread while it waits: return
 * a stage that completes later, and use {@link ActionContext#delay} for timed waits.
 */
@ConsumerType
public interface Action {

    /** The name tasks use, e.g. {@code camera.expose}; unique among the installed actions. */
    String name();

    /** One line for people: what it does. */
    default String description() {
        return "";
    }

    /**
     * The JSON schema (draft 2020-12) its parameters must satisfy; the scheduler validates a
     * task's parameters against it before accepting the task. The default accepts any object.
     */
    default String parameterSchema() {
        return "{\"type\":\"object\"}";
    }

    /** The resources a task with these parameters claims while it runs (e.g. the device it drives). */
    default List<ResourceClaim> resources(Map<String, Object> parameters) {
        return List.of();
    }

    /**
     * Whether an attempt interrupted by a crash may simply run again. An exposure may; a
     * one-time operation that may have half happened may not: after a crash it is failed with a
     * clear reason instead of being run twice.
     */
    default boolean safeToRerun() {
        return false;
    }

    /**
     * Runs one attempt.
     *
     * @return a stage that completes with the task's result, or exceptionally with (preferably)
     *         a {@link TaskException} saying what went wrong
     * @throws Exception an action may also fail by throwing; it counts like a failed stage
     */
    CompletionStage<Map<String, Object>> execute(ActionContext context) throws Exception;
}
