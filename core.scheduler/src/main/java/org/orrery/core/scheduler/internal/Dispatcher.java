package org.orrery.core.scheduler.internal;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.orrery.task.Action;
import org.orrery.task.ResourceClaim;
import org.orrery.task.TaskEvent;

/**
 * Which ready tasks start now: the slots ({@code max_concurrent_tasks}), the per-action limits
 * and the resources, in the {@link ReadyQueue}'s order; tasks for agents go to the
 * {@link AgentPool}, outside those slots. A task it starts is RUNNING in the
 * operation under way, and its {@link Attempt} begins once that operation is committed. Under
 * the engine's lock.
 */
final class Dispatcher {

    private final TaskEngine engine;
    private final ReadyQueue ready;
    private final ResourceLedger resources;
    private final OperationChanges changes;
    private final EngineTimer timer;
    private final Clock clock;
    private final AgentPool agents;
    private final Map<String, Integer> runningPerAction = new HashMap<>();
    private int running;
    /** Ready tasks offered a start, in all (for tests: the cost of dispatch passes). */
    long examined;

    Dispatcher(TaskEngine engine, ReadyQueue ready, ResourceLedger resources, OperationChanges changes, EngineTimer timer,
            Clock clock, AgentPool agents) {
        this.engine = engine;
        this.ready = ready;
        this.resources = resources;
        this.changes = changes;
        this.timer = timer;
        this.clock = clock;
        this.agents = agents;
    }

    /** Attempts running now. */
    int running() {
        return running;
    }

    /** Starts ready tasks while slots, limits and resources allow; highest effective priority first. */
    void dispatch(EngineSettings settings, Map<String, ActionProvider> actions) {
        agents.startPass(ready::hasWorkFor);
        // a pass walks the queue only while something could start: a local task with a free slot,
        // or an agent task with an agent offering a slot that a queued task could take (else, with
        // agents pulling nothing, or only agents whose capabilities no queued task needs, such as
        // the runtime's own local agents, every operation would walk thousands of queued agent tasks)
        java.util.function.BooleanSupplier more = () -> running < settings.maxConcurrentTasks() && ready.local() > 0
                || agents.offering() && ready.forAgents() > 0;
        if (!more.getAsBoolean()) {
            return;
        }
        resources.startPass();
        ready.dispatch(timer.nanoTime(), EngineTimer.nanos(settings.agingStep()), more, e -> tryStart(e, settings, actions));
        agents.endPass();
    }

    private boolean tryStart(TaskEntry e, EngineSettings settings, Map<String, ActionProvider> actions) {
        examined++;
        if (AgentPool.forAgent(e.spec())) {
            return agents.tryStart(e, resources);
        }
        ActionProvider provider = actions.get(e.spec().action());
        if (provider == null || running >= settings.maxConcurrentTasks()) {
            return false;
        }
        Action action = provider.obtained();
        if (action == null) { // not got yet (a task taken up at start): a worker gets it, then a pass starts it
            if (provider.fetching()) {
                engine.fetch(provider);
            }
            return false;
        }
        Integer limit = settings.actionLimits().get(e.spec().action());
        if (limit != null && runningPerAction.getOrDefault(e.spec().action(), 0) >= limit) {
            return false;
        }
        List<ResourceClaim> claims = ResourceLedger.claimsOf(e.spec(), action);
        if (!resources.tryAcquire(e, claims)) {
            return false;
        }
        running++;
        runningPerAction.merge(e.spec().action(), 1, Integer::sum);
        changes.change(e, Transitions.started(e.record, clock.instant(), TaskEngine.WORKER), TaskEvent.Type.STARTED);
        Attempt attempt = new Attempt(engine, e, action, claims, e.record.attempts());
        e.attempt = attempt;
        changes.start(attempt);
        return true;
    }

    /** An attempt ended: its slot and its resources are free. */
    void ended(Attempt attempt, Throwable failure) {
        if (attempt.action instanceof AgentAction) {
            resources.release(attempt.entry, attempt.claims);
            agents.ended(attempt, failure, true);
            return;
        }
        running--;
        runningPerAction.merge(attempt.entry.spec().action(), -1, Integer::sum);
        resources.release(attempt.entry, attempt.claims);
    }

    /** An agent's attempt given back before it began (its claim's caller went away): free, and not counted. */
    void released(Attempt attempt) {
        resources.release(attempt.entry, attempt.claims);
        agents.ended(attempt, null, false);
    }
}
