package org.orrery.agent;

import org.orrery.task.Severity;
import org.orrery.task.TaskException;

/**
 * A request about an agent that cannot be done. {@link #reason()} says which kind, so that the
 * REST API can answer with the right status.
 */
public class AgentException extends TaskException {
    private static final long serialVersionUID = 1L;

    /** Why. */
    public enum Reason {
        /** No agent has this id (404). */
        UNKNOWN_AGENT,
        /** The id belongs to another agent: a local one, or a remote one of another type (409). */
        ID_TAKEN,
        /** The lease is not (or no longer) this agent's for this task: it expired, or the task ended (409). */
        LEASE_LOST,
        /** The agent is draining or being removed and takes nothing new (409). */
        DRAINING
    }

    private final Reason reason;

    public AgentException(Reason reason, String message) {
        super(message, Severity.MEDIUM, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
