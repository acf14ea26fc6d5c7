package org.orrery.agent;

import java.time.Duration;
import java.time.Instant;

/**
 * What an agent has done since it registered (a local agent: since its service appeared).
 *
 * @param completed attempts that completed
 * @param failed attempts that failed (its lease expired included)
 * @param cancelled attempts that were cancelled
 * @param running attempts running now
 * @param totalExecutionTime the time its ended attempts ran, together
 * @param averageExecutionTime their mean (zero before the first)
 * @param lastTaskAt when it last finished an attempt (null: never)
 * @param utilization running / concurrency now, 0 to 1
 */
public record AgentMetrics(long completed, long failed, long cancelled, int running, Duration totalExecutionTime,
        Duration averageExecutionTime, Instant lastTaskAt, double utilization) {

    /** The share of ended attempts that completed, 0 to 1 (1 before the first). */
    public double successRate() {
        long ended = completed + failed + cancelled;
        return ended == 0 ? 1.0 : (double) completed / ended;
    }
}
