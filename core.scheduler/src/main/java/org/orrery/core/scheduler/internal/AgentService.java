package org.orrery.core.scheduler.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

import org.orrery.agent.Agent;
import org.orrery.agent.AgentEvent;
import org.orrery.agent.AgentException;
import org.orrery.agent.AgentInfo;
import org.orrery.agent.AgentRegistration;
import org.orrery.agent.Agents;
import org.orrery.agent.Lease;
import org.orrery.task.Severity;
import org.orrery.task.TaskError;
import org.orrery.task.TaskException;
import org.orrery.task.TaskExecution;
import org.orrery.task.TaskRecord;

/**
 * The {@link Agents} service of an engine: each call one operation of the engine (under its lock,
 * then committed), over the {@link AgentPool} and its {@link RemoteClaims}. Local agents come and
 * go through {@link #addLocal}/{@link #removeLocal}.
 */
public final class AgentService implements Agents {

    private final TaskEngine engine;
    private final AgentPool pool;

    AgentService(TaskEngine engine, AgentPool pool) {
        this.engine = engine;
        this.pool = pool;
    }

    /** Where agent events go (the component posts them to Event Admin). */
    public void events(Consumer<AgentEvent> sink) {
        pool.events = Objects.requireNonNull(sink);
    }

    /** A local agent appeared (a DS service); one whose id is taken is ignored with a warning. */
    public void addLocal(Agent agent, String bundle) {
        engine.operate(() -> pool.addLocal(agent, bundle));
    }

    /** A local agent's service properties changed: its capabilities and concurrency are read again. */
    public void updateLocal(Agent agent) {
        engine.operate(() -> pool.updateLocal(agent));
    }

    /** A local agent went away: its running tasks run again elsewhere if safe, else fail. */
    public void removeLocal(Agent agent) {
        engine.operate(() -> pool.removeLocal(agent));
    }

    @Override
    public List<AgentInfo> list() {
        return engine.locked(pool::infos);
    }

    @Override
    public Optional<AgentInfo> get(String id) {
        return engine.locked(() -> pool.info(id));
    }

    @Override
    public AgentInfo register(AgentRegistration registration) throws AgentException {
        return call(() -> pool.remote.register(registration).info(engine.now()));
    }

    @Override
    public CompletionStage<AgentInfo> remove(String id) throws AgentException {
        CompletableFuture<AgentInfo> drained = call(() -> {
            AgentSlot s = known(id);
            if (!s.remote()) {
                throw new AgentException(AgentException.Reason.ID_TAKEN, "agent '" + id + "' is a local agent of " + s.bundle
                        + ": stop its bundle to remove it");
            }
            return pool.remote.drain(s);
        });
        return drained.minimalCompletionStage();
    }

    @Override
    public CompletionStage<List<Lease>> claim(String agentId, int max, Duration wait) throws AgentException {
        return call(() -> pool.remote.claim(remote(agentId), max, wait == null ? Duration.ZERO : wait));
    }

    @Override
    public void unclaimed(String agentId, List<Lease> leases) {
        engine.operate(() -> {
            AgentSlot s = pool.slot(agentId);
            if (s != null && s.remote()) {
                pool.remote.unclaimed(s, leases);
            }
        });
    }

    @Override
    public Lease heartbeat(String agentId, String taskId, String leaseId, Double progress, String message)
            throws AgentException {
        return call(() -> pool.remote.heartbeat(pool.remote.current(remote(agentId), taskId, leaseId), progress, message));
    }

    @Override
    public TaskRecord complete(String agentId, String taskId, String leaseId, Map<String, Object> result,
            TaskExecution.ResourceUsage usage, List<TaskExecution.LogLine> logs) throws AgentException {
        return call(() -> end(agentId, taskId, leaseId, usage, logs, result, null));
    }

    @Override
    public TaskRecord fail(String agentId, String taskId, String leaseId, TaskError error, TaskExecution.ResourceUsage usage,
            List<TaskExecution.LogLine> logs) throws AgentException {
        return call(() -> end(agentId, taskId, leaseId, usage, logs, null, new ReportedFailure(reported(error))));
    }

    @Override
    public Handover complete(String agentId, String taskId, String leaseId, Map<String, Object> result,
            TaskExecution.ResourceUsage usage, List<TaskExecution.LogLine> logs, int next) throws AgentException {
        return call(() -> handover(end(agentId, taskId, leaseId, usage, logs, result, null), agentId, next));
    }

    @Override
    public Handover fail(String agentId, String taskId, String leaseId, TaskError error, TaskExecution.ResourceUsage usage,
            List<TaskExecution.LogLine> logs, int next) throws AgentException {
        return call(() -> handover(end(agentId, taskId, leaseId, usage, logs, null, new ReportedFailure(reported(error))),
                agentId, next));
    }

    @Override
    public Reported report(String agentId, List<Report> reports, int next) throws AgentException {
        return call(() -> {
            remote(agentId);
            List<Outcome> outcomes = new java.util.ArrayList<>(reports.size());
            for (Report r : reports) {
                try {
                    Throwable failure = r.error() == null ? null : new ReportedFailure(reported(r.error()));
                    outcomes.add(new Outcome(r.taskId(), end(agentId, r.taskId(), r.leaseId(), r.usage(), r.logs(),
                            r.error() != null ? null : r.result() == null ? Map.of() : r.result(), failure), null));
                } catch (AgentException e) {
                    outcomes.add(new Outcome(r.taskId(), null, e));
                }
            }
            return new Reported(List.copyOf(outcomes), handover(null, agentId, next).next());
        });
    }

    /**
     * After a report, in its operation: a claim that never waits (the dispatch that ends this
     * operation gives it the slot the report freed), so the report and the next hand-out share one commit.
     */
    private Handover handover(TaskRecord task, String agentId, int next) throws AgentException {
        CompletableFuture<List<Lease>> leases = next < 1 ? CompletableFuture.completedFuture(List.of())
                : pool.remote.claim(remote(agentId), next, Duration.ZERO);
        return new Handover(task, leases);
    }

    /** Ends a remote attempt with what the agent reported (under the lock); the record as it is then. */
    private TaskRecord end(String agentId, String taskId, String leaseId, TaskExecution.ResourceUsage usage,
            List<TaskExecution.LogLine> logs, Map<String, Object> result, Throwable failure) throws AgentException {
        RemoteClaims.RemoteLease lease = pool.remote.current(remote(agentId), taskId, leaseId);
        Attempt attempt = lease.attempt;
        if (usage != null) {
            attempt.reportedUsage = usage;
        }
        for (TaskExecution.LogLine line : logs == null ? List.<TaskExecution.LogLine>of() : logs) {
            switch (line.level().toLowerCase(java.util.Locale.ROOT)) {
                case "error" -> attempt.error(line.message());
                case "warn", "warning" -> attempt.warn(line.message());
                default -> attempt.info(line.message());
            }
        }
        engine.lifecycle.attemptEnded(attempt, result, failure);
        return lease.entry.record;
    }

    private AgentSlot known(String id) throws AgentException {
        AgentSlot s = pool.slot(id);
        if (s == null) {
            throw new AgentException(AgentException.Reason.UNKNOWN_AGENT, "no agent has the id '" + id + "'");
        }
        return s;
    }

    private AgentSlot remote(String id) throws AgentException {
        AgentSlot s = known(id);
        if (!s.remote()) {
            throw new AgentException(AgentException.Reason.UNKNOWN_AGENT, "agent '" + id + "' is a local agent: it claims"
                    + " and reports nothing over this protocol");
        }
        return s;
    }

    private interface Body<T> {
        T run() throws AgentException;
    }

    /** Runs a body as one operation of the engine; returns once it is committed. */
    private <T> T call(Body<T> body) throws AgentException {
        Object[] out = new Object[1];
        AgentException[] refused = new AgentException[1];
        engine.operate(() -> {
            try {
                out[0] = body.run();
            } catch (AgentException e) {
                refused[0] = e;
            }
        });
        if (refused[0] != null) {
            throw refused[0];
        }
        @SuppressWarnings("unchecked")
        T t = (T) out[0];
        return t;
    }

    /** The error an agent reported, or one saying it reported none. */
    private static TaskError reported(TaskError error) {
        return error != null ? error
                : new TaskError("AgentError", "the agent reported a failure without an error", Severity.HIGH, true);
    }

    /** A failure a remote agent reported: its error as it said it. */
    static final class ReportedFailure extends TaskException {
        private static final long serialVersionUID = 1L;
        private final transient TaskError error;

        ReportedFailure(TaskError error) {
            super(error.message(), error.severity(), error.retryable());
            this.error = error;
        }

        @Override
        public TaskError toError() {
            return error;
        }
    }
}
