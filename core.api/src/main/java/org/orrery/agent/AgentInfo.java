package org.orrery.agent;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * An agent as the scheduler sees it.
 *
 * @param id its id
 * @param type its type
 * @param capabilities what it can do
 * @param concurrency how many tasks it runs at once
 * @param state online, busy, draining or offline
 * @param remote true for an agent registered over HTTP, false for a DS service of this runtime
 * @param bundle the symbolic name of a local agent's bundle (null for a remote one)
 * @param registeredAt when it registered or appeared
 * @param lastHeartbeat when it was last heard from (a local agent: now)
 * @param leaseTime how long a remote agent's leases last without a heartbeat (null for a local one)
 * @param runningTasks the ids of the tasks it runs now
 * @param metrics what it has done
 */
public record AgentInfo(String id, String type, Set<String> capabilities, int concurrency, AgentState state,
        boolean remote, String bundle, Instant registeredAt, Instant lastHeartbeat, Duration leaseTime,
        List<String> runningTasks, AgentMetrics metrics) {

    public AgentInfo {
        capabilities = Set.copyOf(capabilities);
        runningTasks = List.copyOf(runningTasks);
    }
}
