package org.orrery.core.scheduler.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.orrery.task.Action;
import org.orrery.task.ResourceClaim;
import org.orrery.task.TaskConflictException;
import org.orrery.task.TaskDependencyException;
import org.orrery.task.TaskException;
import org.orrery.task.TaskParameterException;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskSpec;
import org.orrery.task.TaskSpecPreparer;
import org.orrery.task.TaskStatus;
import org.orrery.task.TaskStore;
import org.orrery.task.TaskStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepting new tasks: what is checked before the engine's lock (times, action, parameters,
 * claims, ids the store knows), and, under it, ids in memory, dependencies (known tasks, no
 * cycle), and the new tasks' entries, all or none.
 */
final class Submission {

    private static final Logger LOG = LoggerFactory.getLogger(TaskEngine.class);

    private final TaskEngine engine;
    private final TaskStore store;
    private final ParameterValidator validator;
    private final ResourceLedger resources;
    private final InstalledActions actions;
    private final RefusedSubmission refused;

    Submission(TaskEngine engine, TaskStore store, ParameterValidator validator, ResourceLedger resources,
            InstalledActions actions, RefusedSubmission refused) {
        this.engine = engine;
        this.store = store;
        this.validator = validator;
        this.resources = resources;
        this.actions = actions;
        this.refused = refused;
    }

    /**
     * {@link org.orrery.task.Scheduler#submitAll}: checks, then accepts the tasks in one operation,
     * and returns them once they are committed. When the store refuses the save, nothing is
     * acknowledged: the tasks, which exist only in memory, are cancelled at once (they never run to
     * completion), and a {@link TaskStoreException} says why.
     */
    List<TaskRecord> submitAll(List<TaskSpec> specs) throws TaskException {
        if (specs.isEmpty()) {
            return List.of();
        }
        List<TaskSpec> withIds = prepare(specs, actions.snapshot());
        List<TaskRecord> accepted = new ArrayList<>();
        TaskException[] refusal = new TaskException[1];
        GroupCommitter.Pending mine = engine.operate(() -> {
            try {
                accepted.addAll(accept(withIds));
            } catch (TaskException e) {
                refusal[0] = e;
            }
        }, true);
        if (refusal[0] != null) {
            throw refusal[0];
        }
        Exception failure = mine == null ? null : mine.failure();
        if (failure != null) {
            String cause = failure.getMessage();
            String why = "not stored: the task store refused the submission (" + cause + ")";
            engine.operate(() -> refused.abandon(accepted, why));
            LOG.error("Refused a submission of {} task(s): {}", accepted.size(), why);
            throw new TaskStoreException("the task store did not take the submission, so nothing was accepted: " + cause,
                    failure);
        }
        return accepted;
    }

    /**
     * Checks what needs no lock, and gives each task without an id one: times, action, parameters
     * against the action's schema, resource claims, and ids the store knows already.
     */
    List<TaskSpec> prepare(List<TaskSpec> specs, Map<String, ActionProvider> known) throws TaskException {
        List<TaskSpec> withIds = new ArrayList<>(specs.size());
        for (TaskSpec spec : specs) {
            TaskSpec s = spec.id() == null || spec.id().isBlank() ? spec.withId(TaskIds.next()) : spec;
            TaskTimes.check(s);
            Requirements.check(s, resources);
            if (AgentPool.forAgent(s)) {
                engine.agentPool.validate(s); // accepted with no agent there: it waits for one
                checkClaims(s, AgentAction.CLAIMS_ONLY);
                withIds.add(s);
                continue;
            }
            ActionProvider provider = known.get(s.action());
            if (provider == null && !s.waitForAction()) {
                throw new TaskParameterException(TaskEngine.describe(s) + ": no installed bundle provides the action '" + s.action()
                        + "'; installed actions: " + new java.util.TreeSet<>(known.keySet())
                        + " (set wait_for_action to accept it and wait for one)");
            }
            Action action = provider == null ? null : usable(provider, s);
            if (action != null) {
                validator.validate(action, s);
                s = prepared(s, action);
                checkClaims(s, action);
            }
            withIds.add(s);
        }
        refuseStoredIds(specs);
        return withIds;
    }

    /**
     * The provider's action, got now if not yet (its component activates; outside the lock). One
     * refused is taken out of the installed actions; the task is refused too, unless it may wait for the action.
     */
    private Action usable(ActionProvider provider, TaskSpec spec) throws TaskException {
        try {
            return provider.action();
        } catch (TaskException refusedAction) {
            actions.refuse(provider);
            if (spec.waitForAction()) {
                return null;
            }
            throw new TaskParameterException(TaskEngine.describe(spec) + ": " + refusedAction.getMessage());
        }
    }

    /** The task as its action shapes it ({@link TaskSpecPreparer}), or as submitted. */
    private static TaskSpec prepared(TaskSpec spec, Action action) throws TaskParameterException {
        if (!(action instanceof TaskSpecPreparer preparer)) {
            return spec;
        }
        TaskSpec p = preparer.prepare(spec);
        if (p == null || !spec.id().equals(p.id()) || !spec.action().equals(p.action())) {
            throw new IllegalStateException("the action '" + spec.action() + "' prepared " + (p == null ? "no task"
                    : "a task with another id or action (" + p.id() + ", " + p.action() + ")") + " for " + spec.id());
        }
        return p;
    }

    /**
     * Refuses ids the store knows already: a task finished long ago (let go of from memory, or
     * before a restart) is not replaced. Only ids the caller chose are looked up, one read each,
     * outside the lock; ids the engine assigns ({@link TaskIds}) are new and cost nothing. Ids held in
     * memory are checked again under the lock ({@link #accept}).
     */
    private void refuseStoredIds(List<TaskSpec> specs) throws TaskException {
        for (TaskSpec spec : specs) {
            if (spec.id() == null || spec.id().isBlank()) {
                continue;
            }
            Optional<TaskRecord> stored;
            try {
                stored = store.get(spec.id());
            } catch (TaskStoreException e) {
                throw new TaskStoreException("cannot tell whether a task with the id '" + spec.id() + "' exists, so nothing"
                        + " was accepted: " + e.getMessage(), e);
            }
            if (stored.isPresent()) {
                throw duplicate(spec.id(), stored.get());
            }
        }
    }

    private static TaskConflictException duplicate(String id, TaskRecord existing) {
        return new TaskConflictException("a task with the id '" + id + "' exists already (" + existing.status().id()
                + ", created " + existing.createdAt() + "); ids are never reused: choose another or leave it out");
    }

    private void checkClaims(TaskSpec spec, Action action) throws TaskParameterException {
        for (ResourceClaim claim : ResourceLedger.claimsOf(spec, action)) {
            if (!claim.mode().exclusive() && claim.amount() > resources.capacity(claim.name())) {
                throw new TaskParameterException(TaskEngine.describe(spec) + ": it claims " + claim.amount() + " units of resource '"
                        + claim.name() + "', which has a capacity of " + resources.capacity(claim.name()));
            }
        }
    }

    /** Accepts checked tasks, all or none (under the engine's lock). */
    List<TaskRecord> accept(List<TaskSpec> specs) throws TaskException {
        engine.checkOpen();
        Map<String, TaskSpec> batch = new LinkedHashMap<>();
        for (TaskSpec s : specs) {
            TaskEntry existing = engine.tasks.get(s.id());
            if (existing != null && existing.notStored && existing.record.status().isTerminal()) {
                engine.tasks.remove(s.id()); // a refused submission: its id may be used again
                existing = null;
            }
            if (existing != null) {
                throw duplicate(s.id(), existing.record);
            }
            if (batch.putIfAbsent(s.id(), s) != null) {
                throw new TaskConflictException("the id '" + s.id() + "' is given to more than one task of the batch");
            }
        }
        Map<String, TaskEntry> outside = new HashMap<>(); // dependencies outside the batch, each looked up once
        for (TaskSpec s : specs) {
            for (String dep : s.dependsOn()) {
                if (dep.equals(s.id())) {
                    throw new TaskDependencyException(TaskEngine.describe(s) + " depends on itself");
                }
                if (!batch.containsKey(dep) && !outside.containsKey(dep)) {
                    TaskEntry d = engine.table.dependency(dep);
                    if (d == null) {
                        throw new TaskDependencyException(TaskEngine.describe(s) + " depends on '" + dep + "', which is no known task");
                    }
                    outside.put(dep, d);
                }
            }
        }
        List<String> cycle = findCycle(batch);
        if (!cycle.isEmpty()) {
            throw new TaskDependencyException("the tasks form a dependency cycle: " + String.join(" -> ", cycle));
        }
        Instant now = engine.now();
        List<TaskEntry> created = new ArrayList<>();
        for (TaskSpec s : specs) {
            TaskEntry e = new TaskEntry(TaskRecord.accepted(s, TaskStatus.PENDING, null, now));
            engine.tasks.put(s.id(), e);
            created.add(e);
        }
        List<TaskRecord> result = new ArrayList<>();
        for (TaskEntry e : created) {
            for (String dep : e.spec().dependsOn()) {
                TaskEntry d = engine.tasks.get(dep);
                if (d != null) {
                    FinishedWindow.link(d, e);
                } else {
                    d = outside.get(dep); // completed long ago: met, and left in the store
                }
                if (!Lifecycle.dependencyMet(e, d)) {
                    e.unmet.add(dep);
                }
            }
            e.record(Transitions.withStatus(e.record, TaskStatus.PENDING, engine.lifecycle.waitingFor(e)));
            engine.changes.created(e);
            if (e.spec().deadline() != null) {
                e.deadline = engine.schedule(Duration.between(now, e.spec().deadline()), () -> engine.lifecycle.deadlinePassed(e.id()));
            }
        }
        for (TaskEntry e : created) {
            TaskEntry failedDependency = e.spec().runAlways() ? null : firstFailed(e, outside);
            if (failedDependency != null) {
                engine.lifecycle.cancelCascade(e, failedDependency);
            } else {
                engine.lifecycle.reconsider(e);
            }
            result.add(e.record);
        }
        return result;
    }

    private static List<String> findCycle(Map<String, TaskSpec> batch) {
        Map<String, Integer> state = new HashMap<>(); // 1 visiting, 2 done
        for (String start : batch.keySet()) {
            List<String> path = new ArrayList<>();
            List<String> cycle = visit(start, batch, state, path);
            if (!cycle.isEmpty()) {
                return cycle;
            }
        }
        return List.of();
    }

    private static List<String> visit(String id, Map<String, TaskSpec> batch, Map<String, Integer> state, List<String> path) {
        Integer s = state.get(id);
        if (s != null && s == 2 || !batch.containsKey(id)) {
            return List.of();
        }
        path.add(id);
        if (s != null && s == 1) {
            return new ArrayList<>(path.subList(path.indexOf(id), path.size()));
        }
        state.put(id, 1);
        for (String dep : batch.get(id).dependsOn()) {
            List<String> cycle = visit(dep, batch, state, path);
            if (!cycle.isEmpty()) {
                return cycle;
            }
        }
        state.put(id, 2);
        path.remove(path.size() - 1);
        return List.of();
    }

    /** The first dependency of a new task that failed or was cancelled, or null; none is read from the store again. */
    private TaskEntry firstFailed(TaskEntry e, Map<String, TaskEntry> outside) {
        for (String dep : e.spec().dependsOn()) {
            TaskEntry d = engine.tasks.get(dep);
            TaskStatus s = (d != null ? d : outside.get(dep)).record.status();
            if (s == TaskStatus.FAILED || s == TaskStatus.CANCELLED) {
                return d;
            }
        }
        return null;
    }
}
