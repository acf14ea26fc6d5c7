package org.orrery.core.scheduler.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import org.orrery.agent.Agent;
import org.orrery.agent.AgentEvent;
import org.orrery.agent.AgentInfo;
import org.orrery.task.ResourceClaim;
import org.orrery.task.TaskEvent;
import org.orrery.task.TaskException;
import org.orrery.task.TaskExecutionException;
import org.orrery.task.TaskSpec;
import org.orrery.task.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agents tasks are routed to, local and remote, and the routing itself: a task that names a
 * capability or an agent ({@link #forAgent}) runs on a matching agent with a slot it offers, the
 * least loaded first (fewest running per concurrency; ties: the one idle longest), outside the
 * scheduler's own slots. It waits (PENDING, {@link #waitingFor}) while no agent that could ever
 * take it is there, and stays READY while such agents are only busy. Agent events go to
 * {@link #events} as they happen. Under the engine's lock, except {@link #validate}.
 */
final class AgentPool {

    private static final Logger LOG = LoggerFactory.getLogger(TaskEngine.class);

    private final TaskEngine engine;
    private final Map<String, AgentSlot> agents = new LinkedHashMap<>();
    /** The local agents as of the last change: read without the lock on each submission. */
    private volatile List<AgentSlot> locals = List.of();
    /** Where agent events go (the component posts them to Event Admin); set once. */
    volatile Consumer<AgentEvent> events = e -> { };
    final RemoteClaims remote;
    final AgentRecovery recovery;
    /** Agents whose running tasks changed in the operation under way ({@link #operationEnded} posts their state). */
    private final Set<AgentSlot> touched = new java.util.LinkedHashSet<>();
    /** Slots offered in the dispatch pass under way. */
    private int passFree;

    AgentPool(TaskEngine engine) {
        this.engine = engine;
        this.remote = new RemoteClaims(engine, this);
        this.recovery = new AgentRecovery(engine);
    }

    /** Whether a task runs on an agent: it names a capability or an agent. */
    static boolean forAgent(TaskSpec spec) {
        return present(spec.capability()) || present(spec.assignedTo());
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    static String capability(TaskSpec spec) {
        return present(spec.capability()) ? spec.capability() : null;
    }

    static String agentOf(TaskSpec spec) {
        return present(spec.assignedTo()) ? spec.assignedTo() : null;
    }

    AgentSlot slot(String id) {
        return agents.get(id);
    }

    List<AgentInfo> infos() {
        Instant now = engine.now();
        return agents.values().stream().map(s -> s.info(now)).toList();
    }

    Optional<AgentInfo> info(String id) {
        AgentSlot s = agents.get(id);
        return s == null ? Optional.empty() : Optional.of(s.info(engine.now()));
    }

    // ------------------------------------------------------------------ routing

    /** What an agent task waits for: null while an agent that could ever take it is there. */
    String waitingFor(TaskSpec spec) {
        String capability = capability(spec);
        String agent = agentOf(spec);
        for (AgentSlot s : agents.values()) {
            if (s.available() && s.matches(capability, agent)) {
                return null;
            }
        }
        if (agent != null) {
            return "agent " + agent + (capability == null ? "" : " with capability " + capability);
        }
        return "capability " + capability;
    }

    /** A dispatch pass begins: how many slots the agents offer. */
    void startPass(java.util.function.Predicate<AgentSlot> hasWork) {
        passFree = 0;
        for (AgentSlot s : agents.values()) {
            int offered = s.offered();
            if (offered > 0 && hasWork.test(s)) {
                passFree += offered;
            }
        }
    }

    /** Whether an agent offers a slot still in this pass. */
    boolean offering() {
        return passFree > 0;
    }

    /**
     * The operation's body and dispatch are over (under the lock): claims that do not wait and got
     * nothing answer empty, and the agents whose running tasks changed post one STATE event each,
     * if their state or running count differs from the last one posted (an agent whose report and
     * next task were one operation, still as busy as before, posts none).
     */
    void operationEnded() {
        remote.operationEnded();
        if (touched.isEmpty()) {
            return;
        }
        for (AgentSlot s : touched) {
            stateChanged(s);
        }
        touched.clear();
    }

    /** The dispatch pass ended: claims that got work stop pulling and answer once their tasks are committed. */
    void endPass() {
        remote.endPass(agents.values());
    }

    /** Starts a ready agent task on the least loaded agent that offers a slot, if any (and its resources are free). */
    boolean tryStart(TaskEntry e, ResourceLedger resources) {
        if (passFree <= 0) {
            return false;
        }
        AgentSlot best = null;
        String capability = capability(e.spec());
        String agent = agentOf(e.spec());
        for (AgentSlot s : agents.values()) {
            if (s.offered() > 0 && s.matches(capability, agent) && (best == null || lessLoaded(s, best))) {
                best = s;
            }
        }
        if (best == null) {
            return false;
        }
        List<ResourceClaim> claims = ResourceLedger.claimsOf(e.spec(), AgentAction.CLAIMS_ONLY);
        if (!resources.tryAcquire(e, claims)) {
            return false;
        }
        passFree--;
        engine.changes.change(e, Transitions.started(e.record, engine.now(), best.id), TaskEvent.Type.STARTED);
        RemoteClaims.RemoteLease lease = best.remote() ? remote.lease(best, e) : null;
        Attempt attempt = new Attempt(engine, e, new AgentAction(best, e.spec().action(), lease), claims, e.record.attempts());
        attempt.executorId = best.id;
        if (lease != null) {
            lease.attempt = attempt;
        }
        e.attempt = attempt;
        best.running.put(e.id(), attempt);
        engine.changes.start(attempt);
        touched.add(best);
        return true;
    }

    private static boolean lessLoaded(AgentSlot a, AgentSlot b) {
        long load = (long) a.running.size() * b.concurrency - (long) b.running.size() * a.concurrency;
        if (load != 0) {
            return load < 0;
        }
        return a.idleSinceNanos < b.idleSinceNanos;
    }

    /**
     * An attempt on an agent ended (or was given back unstarted: {@code counted} false): its slot is
     * free, its metrics count it, and a draining agent with nothing left is removed.
     */
    void ended(Attempt attempt, Throwable failure, boolean counted) {
        AgentAction action = (AgentAction) attempt.action;
        AgentSlot s = action.slot;
        s.running.remove(attempt.taskId);
        if (action.lease != null) {
            remote.ended(action.lease);
        }
        if (counted) {
            if (attempt.userCancel) {
                s.cancelled++;
            } else if (attempt.reason() == null && failure == null) {
                s.completed++;
            } else {
                s.failed++;
            }
            s.executionNanos += Math.max(0, engine.nanoTime() - attempt.startNanos);
            s.lastTaskAt = engine.now();
        }
        if (s.running.isEmpty()) {
            s.idleSinceNanos = engine.nanoTime();
        }
        if (s.gone) {
            return;
        }
        if (s.draining && s.running.isEmpty()) {
            stateChanged(s); // before it is gone
            removeNow(s);
            return;
        }
        touched.add(s);
    }

    // ------------------------------------------------------------------ local agents

    /** A local agent's service appeared; a second agent with an id already taken is ignored. */
    void addLocal(Agent agent, String bundle) {
        AgentSlot s;
        try {
            s = new AgentSlot(agent.id(), agent.type(), agent.capabilities(), agent.concurrency(), agent, bundle,
                    engine.now(), null);
        } catch (RuntimeException ex) {
            LOG.warn("Agent service of {} ignored: it cannot tell its id, type, capabilities or concurrency ({})", bundle,
                    ex.toString());
            return;
        }
        AgentSlot taken = agents.get(s.id);
        if (taken != null) {
            LOG.warn("Agent '{}' of {} ignored: the id is taken by {}", s.id, bundle,
                    taken.remote() ? "a remote agent" : "an agent of " + taken.bundle);
            return;
        }
        s.idleSinceNanos = engine.nanoTime();
        added(s);
        recovery.agentBack(s);
        LOG.info("Agent '{}' ({}) of {} added: {}", s.id, s.type, bundle, s.capabilities);
    }

    /** A local agent's service went away: its running attempts are cancelled, re-run elsewhere if safe, else failed. */
    void removeLocal(Agent agent) {
        AgentSlot s = null;
        for (AgentSlot candidate : agents.values()) {
            if (candidate.local == agent) {
                s = candidate;
            }
        }
        if (s == null) {
            return;
        }
        removeNow(s); // first: a cancelled attempt may end at once, and must not start again on it
        for (Attempt attempt : new ArrayList<>(s.running.values())) {
            String taskType = attempt.entry.spec().action();
            if (safeToRerun(s, taskType)) {
                attempt.pausedInterrupt = true; // runs again at once, no retry used: it was not the task's fault
                attempt.cancel(new TaskExecutionException("agent " + s.id + " went away while the task ran; task type '"
                        + taskType + "' is safe to re-run, so it runs again", true, null), false);
            } else {
                attempt.cancel(new TaskExecutionException("agent " + s.id + " went away while the task ran and its task"
                        + " type '" + taskType + "' is not safe to re-run", false, null), false);
            }
        }
        LOG.info("Agent '{}' of {} removed", s.id, s.bundle);
    }

    /**
     * A local agent's service properties changed (its configuration): its capabilities and
     * concurrency are read again; tasks it can take now run, those it no longer can wait.
     */
    void updateLocal(Agent agent) {
        for (AgentSlot s : agents.values()) {
            if (s.local == agent) {
                try {
                    s.capabilities = Set.copyOf(agent.capabilities());
                    s.concurrency = Math.max(1, agent.concurrency());
                } catch (RuntimeException ex) {
                    LOG.warn("Agent '{}' cannot tell its capabilities or concurrency now ({}); kept as it was", s.id,
                            ex.toString());
                    return;
                }
                refreshLocals();
                stateChanged(s);
                agentsChanged();
                return;
            }
        }
    }

    static boolean safeToRerun(AgentSlot s, String taskType) {
        try {
            return s.local.safeToRerun(taskType);
        } catch (RuntimeException ex) {
            return false;
        }
    }

    /**
     * Checks an agent task before it is accepted (without the lock): each installed local agent
     * that could run it validates it.
     */
    void validate(TaskSpec spec) throws TaskException {
        for (AgentSlot s : locals) {
            if (s.matches(capability(spec), agentOf(spec))) {
                s.local.validate(spec.action(), spec.parameters());
            }
        }
    }

    // ------------------------------------------------------------------ agents coming and going

    void added(AgentSlot s) {
        agents.put(s.id, s);
        refreshLocals();
        post(AgentEvent.Type.REGISTERED, s);
        s.postedState = s.state();
        s.postedRunning = s.running.size();
        agentsChanged();
    }

    /** Removes an agent now (drained, or its service gone); tasks only it could take wait. */
    void removeNow(AgentSlot s) {
        if (s.gone) {
            return;
        }
        s.gone = true;
        agents.remove(s.id);
        s.watchdog.cancel(false);
        remote.dropClaim(s);
        refreshLocals();
        post(AgentEvent.Type.REMOVED, s);
        if (s.drained != null) {
            AgentInfo last = s.info(engine.now());
            remote.later(() -> s.drained.complete(last));
        }
        agentsChanged();
    }

    private void refreshLocals() {
        locals = agents.values().stream().filter(s -> !s.remote()).toList();
    }

    /**
     * Agents changed (one appeared, went, drained, went offline or came back): READY agent tasks
     * no agent could take now wait, and waiting agent tasks are reconsidered.
     */
    void agentsChanged() {
        for (TaskEntry e : new ArrayList<>(engine.tasks.values())) {
            if (!forAgent(e.spec()) || e.interrupted) {
                continue;
            }
            TaskStatus st = e.record.status();
            if (st == TaskStatus.READY) {
                String waiting = waitingFor(e.spec());
                if (waiting != null) {
                    engine.lifecycle.leaveReady(e);
                    engine.changes.change(e, Transitions.withStatus(e.record, TaskStatus.PENDING,
                            engine.lifecycle.waitingFor(e)), TaskEvent.Type.WAITING);
                }
            } else if (st == TaskStatus.PENDING || st == TaskStatus.RETRYING && e.wakeUp == null) {
                engine.lifecycle.reconsider(e);
            }
        }
    }

    /** Posts a STATE event when the agent's state or running count changed since the last one. */
    void stateChanged(AgentSlot s) {
        if (s.gone || s.state() == s.postedState && s.running.size() == s.postedRunning) {
            return;
        }
        s.postedState = s.state();
        s.postedRunning = s.running.size();
        post(AgentEvent.Type.STATE, s);
    }

    private void post(AgentEvent.Type type, AgentSlot s) {
        Instant now = engine.now();
        try {
            events.accept(new AgentEvent(type, s.info(now), now));
        } catch (RuntimeException ex) {
            LOG.warn("Agent event {} of '{}' not posted: {}", type, s.id, ex.toString());
        }
    }

    /** The scheduler stops: claims answer (empty, or with the leases whose attempts began). */
    void close() {
        for (AgentSlot s : agents.values()) {
            remote.dropClaim(s);
            new ArrayList<>(s.leases.values()).forEach(remote::ended);
            s.watchdog.cancel(false);
        }
    }

    /** Each agent's figures as a worker group of the scheduler's statistics, by id. */
    Map<String, org.orrery.task.SchedulerStatistics.Group> groups() {
        Map<String, org.orrery.task.SchedulerStatistics.Group> out = new LinkedHashMap<>();
        for (AgentSlot s : agents.values()) {
            long ended = s.completed + s.failed + s.cancelled;
            out.put(s.id, new org.orrery.task.SchedulerStatistics.Group(s.completed, s.failed, s.cancelled, s.running.size(),
                    ended == 0 ? 0 : s.executionNanos / 1e9 / ended));
        }
        return out;
    }
}
