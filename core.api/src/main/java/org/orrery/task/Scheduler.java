package org.orrery.task;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Runs tasks: the platform's one scheduler service. Every method is safe to call from any
 * thread. A change is stored (through the {@link TaskStore}) before the method returns and
 * before its event is posted.
 */
@ProviderType
public interface Scheduler {

    /**
     * Accepts a task.
     *
     * @return the accepted task (PENDING or READY)
     * @throws TaskParameterException the action is not installed (unless the task asks to wait
     *         for it; the message lists the installed ones), or the parameters fail its schema
     * @throws TaskDependencyException a dependency is unknown or the task would close a cycle
     */
    TaskRecord submit(TaskSpec task) throws TaskException;

    /**
     * Accepts several tasks at once, all or none: they may depend on each other and on tasks
     * already accepted. If one is refused, none is accepted, and the exception names it.
     */
    List<TaskRecord> submitAll(List<TaskSpec> tasks) throws TaskException;

    /**
     * Cancels a task: a waiting one at once, a running one by signalling its action (which
     * gets a grace period to stop). Its dependents that are not {@code runAlways} are cancelled
     * too.
     *
     * @return the task after the change; unchanged if it had already finished
     * @throws TaskNotFoundException no task has this id
     */
    TaskRecord cancel(String id, String reason) throws TaskNotFoundException;

    /**
     * Runs a FAILED or CANCELLED task again (its dependents that were cancelled because of it
     * come back too).
     */
    TaskRecord retry(String id) throws TaskException;

    /** Holds a waiting task: it does not start until resumed. A running task cannot be paused. */
    TaskRecord pause(String id) throws TaskException;

    /** Releases a paused task. */
    TaskRecord resume(String id) throws TaskException;

    /** Pauses the whole scheduler: nothing new starts until {@link #resumeAll()}. */
    void pauseAll(PauseMode mode);

    void resumeAll();

    boolean isPaused();

    Optional<TaskRecord> get(String id);

    /**
     * Completes with the task's record once it is COMPLETED, FAILED or CANCELLED (at once if it
     * is), after that change was stored; exceptionally with {@link TaskNotFoundException} for an
     * unknown id, or with a {@link TaskException} if the scheduler stops first. A task retried
     * after it finished does not complete the stage again: ask anew.
     */
    java.util.concurrent.CompletionStage<TaskRecord> whenFinished(String id);

    TaskPage list(TaskQuery query);

    /**
     * The order the given tasks (and the tasks they depend on) would run in, as waves: every
     * task of a wave depends only on tasks of earlier waves; within a wave, by priority.
     */
    List<List<String>> executionPlan(Collection<String> ids) throws TaskException;

    SchedulerStatistics statistics();

    /** The installed actions. */
    List<ActionInfo> actions();

    /**
     * Seed 004's {@code update_task}: changes the name, description, priority, metadata or tags
     * of a task that has not started yet; stored and posted (an UPDATED event) like every change.
     *
     * @throws TaskNotFoundException no task has this id
     * @throws TaskConflictException the task has started or finished (the message says its status)
     * @throws TaskParameterException the update is empty or invalid
     */
    TaskRecord update(String id, TaskUpdate update) throws TaskException;

    /**
     * Removes a finished task (COMPLETED, FAILED or CANCELLED) and its executions for good. A task
     * another unfinished task depends on cannot be purged.
     *
     * @throws TaskNotFoundException no task has this id
     * @throws TaskConflictException the task has not finished, or an unfinished task depends on it
     */
    void purge(String id) throws TaskException;

    /** A task's attempts, by attempt number, the running one included (its {@code endedAt} null). */
    List<TaskExecution> executions(String id) throws TaskException;

    /**
     * The resources held or waited for now, and those with a configured capacity, by name: who
     * holds each (running tasks) and who waits for it (ready tasks that claim it, in the order they
     * would start).
     *
     * @since 2.4
     */
    List<ResourceState> resources();
}
