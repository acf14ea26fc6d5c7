package org.orrery.core.scheduler.internal;

import java.util.ArrayList;

import org.orrery.task.RetryPolicy;
import org.orrery.task.TaskError;
import org.orrery.task.TaskEvent;
import org.orrery.task.TaskExecutionException;
import org.orrery.task.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A restart interrupted tasks that ran on agents: each waits for the agent that ran it (its
 * record's {@code assignedTo}) to decide. A local agent that appears with that id decides by its
 * {@link org.orrery.agent.Agent#safeToRerun}; a remote agent that registers with it, or no agent
 * within {@link RemoteClaims#DEFAULT_LEASE} of the restart, by the task's retry policy (the
 * remote attempt is lost as if its lease had expired). Under the engine's lock.
 */
final class AgentRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(TaskEngine.class);

    private final TaskEngine engine;

    AgentRecovery(TaskEngine engine) {
        this.engine = engine;
    }

    /** A recovered task that was RUNNING on an agent: it waits for that agent to come back, for a while. */
    void interrupted(TaskEntry e) {
        e.interrupted = true;
        String agent = e.record.assignedTo();
        engine.changes.change(e, Transitions.withStatus(e.record, TaskStatus.RETRYING, "interrupted by a restart: waiting for"
                + " agent '" + agent + "' to tell whether it may run again"), TaskEvent.Type.WAITING);
        e.wakeUp = engine.schedule(RemoteClaims.DEFAULT_LEASE, () -> engine.operateAsync(() -> {
            if (e.interrupted && e.record.status() == TaskStatus.RETRYING) {
                e.wakeUp = null;
                byRetryPolicy(e, "agent '" + agent + "' that ran it did not come back within "
                        + EngineTimer.human(RemoteClaims.DEFAULT_LEASE) + " of the restart");
            }
        }));
    }

    /** An agent appeared: the interrupted tasks it ran are decided. */
    void agentBack(AgentSlot s) {
        for (TaskEntry e : new ArrayList<>(engine.tasks.values())) {
            if (!e.interrupted || e.record.status() != TaskStatus.RETRYING || !AgentPool.forAgent(e.spec())
                    || !s.id.equals(e.record.assignedTo())) {
                continue;
            }
            engine.lifecycle.cancelWakeUp(e);
            if (s.remote()) {
                byRetryPolicy(e, "remote agent '" + s.id + "' registered again; its attempt was lost with the restart");
            } else if (AgentPool.safeToRerun(s, e.spec().action())) {
                e.interrupted = false;
                LOG.info("{} was running on agent '{}' when Orrery stopped; task type '{}' is safe to run again, so it does",
                        TaskEngine.describe(e.spec()), s.id, e.spec().action());
                engine.lifecycle.reconsider(e);
            } else {
                fail(e, "interrupted by restart: the task was running on agent '" + s.id + "' when Orrery stopped, and its"
                        + " task type '" + e.spec().action() + "' is not safe to run again (it may have half happened)");
            }
        }
    }

    private void byRetryPolicy(TaskEntry e, String why) {
        RetryPolicy policy = e.spec().retry() != null ? e.spec().retry() : engine.settings().defaultRetry();
        if (e.retriesUsed < policy.maxRetries()) {
            e.retriesUsed++;
            e.interrupted = false;
            LOG.info("{} was running on an agent when Orrery stopped ({}); its retry policy lets it run again",
                    TaskEngine.describe(e.spec()), why);
            engine.lifecycle.reconsider(e);
            return;
        }
        fail(e, "interrupted by restart: " + why + ", and its retry policy allows no further attempt");
    }

    private void fail(TaskEntry e, String message) {
        e.interrupted = false;
        LOG.warn("{}: {}", TaskEngine.describe(e.spec()), message);
        TaskError error = new TaskExecutionException(message, false, null).toError();
        engine.changes.change(e, Transitions.withError(e.record, TaskStatus.FAILED, error, engine.now()), TaskEvent.Type.FAILED);
        engine.lifecycle.cascadeFailure(e);
    }
}
