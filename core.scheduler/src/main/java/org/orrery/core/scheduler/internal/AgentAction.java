package org.orrery.core.scheduler.internal;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.orrery.task.Action;
import org.orrery.task.ActionContext;

/**
 * An attempt on an agent, seen by the {@link Attempt} machinery as an action (timeout, cancel,
 * checkpoint, progress as for any action). A local agent's attempt calls its
 * {@link org.orrery.agent.Agent#execute}; a remote agent's attempt hands its lease to the claim
 * that asked for work, and its stage never completes by itself: {@link RemoteClaims} ends the
 * attempt when the agent reports (complete, fail) or its lease expires.
 */
final class AgentAction implements Action {

    /** The resources of an agent task are the task's own claims: no agent adds any. */
    static final AgentAction CLAIMS_ONLY = new AgentAction(null, "", null);

    final AgentSlot slot;
    private final String taskType;
    /** A remote attempt's lease; null for a local agent. */
    final RemoteClaims.RemoteLease lease;

    AgentAction(AgentSlot slot, String taskType, RemoteClaims.RemoteLease lease) {
        this.slot = slot;
        this.taskType = taskType;
        this.lease = lease;
    }

    @Override
    public String name() {
        return taskType;
    }

    @Override
    public CompletionStage<Map<String, Object>> execute(ActionContext context) throws Exception {
        if (lease != null) {
            lease.begun();
            return new CompletableFuture<>();
        }
        return slot.local.execute(context);
    }
}
