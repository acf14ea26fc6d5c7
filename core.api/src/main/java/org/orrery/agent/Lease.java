package org.orrery.agent;

import java.time.Instant;

import org.orrery.task.TaskRecord;

/**
 * A task given to a remote agent: it is the agent's until {@link #expiresAt()}; each heartbeat
 * moves that on by the agent's lease time. A lease that expires (the agent died) hands the task
 * back: it is retried per its retry policy.
 *
 * @param leaseId the lease's id (random; the agent quotes it with every report)
 * @param task the task as it is now (RUNNING, its attempt number in {@code attempts()})
 * @param expiresAt when the lease ends unless renewed
 * @param cancelled true when the task was cancelled (by a user, its timeout, a pause now): the agent
 *        should stop and report {@code fail}; the lease ends after the scheduler's grace period anyway
 */
public record Lease(String leaseId, TaskRecord task, Instant expiresAt, boolean cancelled) {
}
