package org.orrery.web.api.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.orrery.agent.AgentException;
import org.orrery.agent.AgentInfo;
import org.orrery.agent.AgentMetrics;
import org.orrery.agent.AgentRegistration;
import org.orrery.agent.AgentState;
import org.orrery.agent.Agents;
import org.orrery.agent.Lease;
import org.orrery.task.TaskError;
import org.orrery.task.TaskExecution;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskSpec;
import org.orrery.task.TaskStatus;

/** An {@link Agents} for servlet tests: remembers what it was asked; claims and removals complete when the test says. */
final class FakeAgents implements Agents {

    static final Instant T0 = Instant.parse("2026-12-05T21:00:00Z");

    final Map<String, AgentInfo> agents = new LinkedHashMap<>();
    final List<String> calls = new ArrayList<>();
    CompletableFuture<List<Lease>> claim = new CompletableFuture<>();
    CompletableFuture<AgentInfo> removal = new CompletableFuture<>();
    Duration claimedWait;
    List<Lease> unclaimed;
    TaskError failedWith;
    TaskExecution.ResourceUsage usage;
    List<TaskExecution.LogLine> logs;
    Map<String, Object> result;

    static AgentInfo info(String id, AgentState state) {
        return new AgentInfo(id, "gpu", java.util.Set.of("render", "code_review"), 2, state, true, null, T0, T0,
                Duration.ofSeconds(30), List.of(), new AgentMetrics(3, 1, 0, 0, Duration.ofSeconds(8), Duration.ofSeconds(2), T0,
                        0));
    }

    static TaskRecord task(String id) {
        return TaskRecord.accepted(TaskSpec.builder("render").id(id).capability("render").build(), TaskStatus.RUNNING, null, T0);
    }

    static Lease lease(String taskId) {
        return new Lease("lease-" + taskId, task(taskId), T0.plusSeconds(30), false);
    }

    private AgentInfo known(String id) throws AgentException {
        AgentInfo a = agents.get(id);
        if (a == null) {
            throw new AgentException(AgentException.Reason.UNKNOWN_AGENT, "no agent has the id '" + id + "'");
        }
        return a;
    }

    @Override
    public List<AgentInfo> list() {
        return List.copyOf(agents.values());
    }

    @Override
    public Optional<AgentInfo> get(String id) {
        return Optional.ofNullable(agents.get(id));
    }

    @Override
    public AgentInfo register(AgentRegistration r) {
        calls.add("register " + r.id() + " " + r.concurrency() + " " + r.leaseTime());
        AgentInfo a = new AgentInfo(r.id(), r.type(), r.capabilities(), r.concurrency(), AgentState.ONLINE, true, null, T0, T0,
                r.leaseTime(), List.of(), new AgentMetrics(0, 0, 0, 0, Duration.ZERO, Duration.ZERO, null, 0));
        agents.put(r.id(), a);
        return a;
    }

    @Override
    public CompletionStage<AgentInfo> remove(String id) throws AgentException {
        AgentInfo a = known(id);
        calls.add("remove " + id);
        agents.put(id, new AgentInfo(a.id(), a.type(), a.capabilities(), a.concurrency(), AgentState.DRAINING, true, null,
                T0, T0, a.leaseTime(), a.runningTasks(), a.metrics()));
        return removal;
    }

    @Override
    public CompletionStage<List<Lease>> claim(String agentId, int max, Duration wait) throws AgentException {
        known(agentId);
        calls.add("claim " + agentId + " " + max);
        claimedWait = wait;
        return claim;
    }

    @Override
    public void unclaimed(String agentId, List<Lease> leases) {
        calls.add("unclaimed " + agentId);
        unclaimed = leases;
    }

    @Override
    public Lease heartbeat(String agentId, String taskId, String leaseId, Double progress, String message)
            throws AgentException {
        known(agentId);
        if (!leaseId.equals("lease-" + taskId)) {
            throw new AgentException(AgentException.Reason.LEASE_LOST, "the lease " + leaseId + " on task " + taskId
                    + " is no longer agent " + agentId + "'s: it expired");
        }
        calls.add("heartbeat " + taskId + " " + progress + " " + message);
        return new Lease(leaseId, task(taskId), T0.plusSeconds(60), taskId.equals("cancelled"));
    }

    @Override
    public TaskRecord complete(String agentId, String taskId, String leaseId, Map<String, Object> result,
            TaskExecution.ResourceUsage usage, List<TaskExecution.LogLine> logs) throws AgentException {
        known(agentId);
        if (!leaseId.equals("lease-" + taskId)) {
            throw new AgentException(AgentException.Reason.LEASE_LOST, "the lease " + leaseId + " on task " + taskId
                    + " is no longer agent " + agentId + "'s: it expired");
        }
        calls.add("complete " + taskId);
        this.result = result;
        this.usage = usage;
        this.logs = logs;
        return task(taskId);
    }

    @Override
    public TaskRecord fail(String agentId, String taskId, String leaseId, TaskError error, TaskExecution.ResourceUsage usage,
            List<TaskExecution.LogLine> logs) throws AgentException {
        known(agentId);
        calls.add("fail " + taskId);
        failedWith = error;
        this.usage = usage;
        this.logs = logs;
        return task(taskId);
    }
}
