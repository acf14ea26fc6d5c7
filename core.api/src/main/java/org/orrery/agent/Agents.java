package org.orrery.agent;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.orrery.task.TaskError;
import org.orrery.task.TaskExecution;
import org.orrery.task.TaskRecord;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The agents the scheduler routes tasks to, local and remote, and the protocol of remote agents:
 * register, claim (a long poll), heartbeat, complete or fail. Provided by the scheduler bundle.
 * Every change is stored before the method returns (or the stage completes) and posted as task
 * events as usual.
 */
@ProviderType
public interface Agents {

    /** Every agent, local and remote, by id. */
    List<AgentInfo> list();

    Optional<AgentInfo> get(String id);

    /**
     * Registers a remote agent, or updates one that registers again with the same id and type
     * (its capabilities, concurrency and lease time; a restarted agent does that). Tasks waiting
     * for one of its capabilities become ready.
     *
     * @throws AgentException ID_TAKEN: a local agent has this id, or a remote one of another type
     */
    AgentInfo register(AgentRegistration registration) throws AgentException;

    /**
     * Drains and removes an agent: it takes nothing new at once; the stage completes, with the
     * agent as it was last, when its running tasks have ended and it is gone. A local agent
     * cannot be removed this way (stop its bundle).
     *
     * @throws AgentException UNKNOWN_AGENT, or ID_TAKEN for a local agent
     */
    CompletionStage<AgentInfo> remove(String id) throws AgentException;

    /**
     * A remote agent asks for work (seed 004: tasks go to an agent that has what they need, the
     * least loaded first). The stage completes as soon as the scheduler gives it at least one
     * task (at most {@code max}, within its free slots), each RUNNING under a new {@link Lease};
     * or with an empty list when {@code wait} passes, the agent is draining, or a newer claim of
     * the same agent replaces this one. It holds no thread while it waits. A claim counts as a
     * heartbeat of the agent.
     *
     * @throws AgentException UNKNOWN_AGENT
     */
    CompletionStage<List<Lease>> claim(String agentId, int max, Duration wait) throws AgentException;

    /**
     * Gives back tasks handed to a claim whose caller went away before it received them (the
     * HTTP client hung up): they are released at once, as if their attempt had never begun.
     */
    void unclaimed(String agentId, List<Lease> leases);

    /**
     * Renews a lease, optionally with progress (0 to 1, null: none) and a message.
     *
     * @return the renewed lease; {@link Lease#cancelled()} tells the agent to stop
     * @throws AgentException UNKNOWN_AGENT, or LEASE_LOST (the agent should drop the task)
     */
    Lease heartbeat(String agentId, String taskId, String leaseId, Double progress, String message) throws AgentException;

    /**
     * Ends the task's attempt with its result (and what it used and logged, if the agent says; null: nothing).
     *
     * @throws AgentException UNKNOWN_AGENT, or LEASE_LOST (then the result is not taken)
     */
    TaskRecord complete(String agentId, String taskId, String leaseId, Map<String, Object> result,
            TaskExecution.ResourceUsage usage, List<TaskExecution.LogLine> logs) throws AgentException;

    /**
     * Ends the task's attempt with an error; {@link TaskError#retryable()} decides whether its
     * retry policy applies.
     *
     * @throws AgentException UNKNOWN_AGENT, or LEASE_LOST
     */
    TaskRecord fail(String agentId, String taskId, String leaseId, TaskError error, TaskExecution.ResourceUsage usage,
            List<TaskExecution.LogLine> logs) throws AgentException;

    /**
     * As {@link #complete}, and then a claim of up to {@code next} tasks that never waits, in the
     * same operation: the slot the report frees can go to the next task in the report's own commit.
     * The claim replaces an outstanding claim of the agent, as {@link #claim} does.
     *
     * @param next at most this many tasks (0: none, the stage is an empty list at once)
     * @throws AgentException UNKNOWN_AGENT, or LEASE_LOST (then neither the result nor the claim is taken)
     * @since 1.1
     */
    default Handover complete(String agentId, String taskId, String leaseId, Map<String, Object> result,
            TaskExecution.ResourceUsage usage, List<TaskExecution.LogLine> logs, int next) throws AgentException {
        TaskRecord task = complete(agentId, taskId, leaseId, result, usage, logs);
        return new Handover(task, next < 1 ? CompletableFuture.completedStage(List.of()) : claim(agentId, next, Duration.ZERO));
    }

    /**
     * As {@link #fail}, and then a claim of up to {@code next} tasks that never waits, in the same
     * operation (see {@link #complete(String, String, String, Map, TaskExecution.ResourceUsage, List, int)}).
     *
     * @throws AgentException UNKNOWN_AGENT, or LEASE_LOST
     * @since 1.1
     */
    default Handover fail(String agentId, String taskId, String leaseId, TaskError error, TaskExecution.ResourceUsage usage,
            List<TaskExecution.LogLine> logs, int next) throws AgentException {
        TaskRecord task = fail(agentId, taskId, leaseId, error, usage, logs);
        return new Handover(task, next < 1 ? CompletableFuture.completedStage(List.of()) : claim(agentId, next, Duration.ZERO));
    }

    /**
     * Several reports of one agent at once (each a complete or a fail), and then a claim of up to
     * {@code next} tasks that never waits, all in one operation: one commit for all of them. A
     * report that is refused (its lease is lost) does not stop the others; its outcome says why.
     *
     * @param next at most this many tasks (0: none)
     * @throws AgentException UNKNOWN_AGENT (then nothing is taken)
     * @since 1.1
     */
    default Reported report(String agentId, List<Report> reports, int next) throws AgentException {
        List<Outcome> outcomes = new java.util.ArrayList<>();
        for (Report r : reports) {
            try {
                outcomes.add(new Outcome(r.taskId(), r.error() == null
                        ? complete(agentId, r.taskId(), r.leaseId(), r.result(), r.usage(), r.logs())
                        : fail(agentId, r.taskId(), r.leaseId(), r.error(), r.usage(), r.logs()), null));
            } catch (AgentException e) {
                if (e.reason() == AgentException.Reason.UNKNOWN_AGENT) {
                    throw e;
                }
                outcomes.add(new Outcome(r.taskId(), null, e));
            }
        }
        return new Reported(outcomes, next < 1 ? CompletableFuture.completedStage(List.of()) : claim(agentId, next,
                Duration.ZERO));
    }

    /**
     * One report of {@link #report}: a complete (no {@code error}) or a fail ({@code error}).
     *
     * @param taskId the task
     * @param leaseId its lease
     * @param result a complete's result (null: none)
     * @param error a fail's error; null for a complete
     * @param usage what the attempt used (null: not said)
     * @param logs what it logged (null: nothing)
     * @since 1.1
     */
    record Report(String taskId, String leaseId, Map<String, Object> result, TaskError error,
            TaskExecution.ResourceUsage usage, List<TaskExecution.LogLine> logs) {
    }

    /**
     * What became of one report: the task as the report left it, or why it was refused.
     *
     * @param taskId the reported task's id
     * @param task the task (null when refused)
     * @param refused why it was refused (LEASE_LOST, ...), or null
     * @since 1.1
     */
    record Outcome(String taskId, TaskRecord task, AgentException refused) {
    }

    /**
     * What {@link #report} gives: each report's outcome, in order, and the next tasks' leases.
     *
     * @param outcomes one per report
     * @param next the next tasks' leases (an empty list when none was ready), once their attempts began
     * @since 1.1
     */
    record Reported(List<Outcome> outcomes, CompletionStage<List<Lease>> next) {
    }

    /**
     * What a report that asks for the next tasks gives: the reported task as the report left it,
     * and the leases of the next tasks (an empty list when none was ready), once their attempts began.
     *
     * @param task the reported task
     * @param next the next tasks' leases
     * @since 1.1
     */
    record Handover(TaskRecord task, CompletionStage<List<Lease>> next) {
    }
}
