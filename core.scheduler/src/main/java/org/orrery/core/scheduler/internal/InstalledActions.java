package org.orrery.core.scheduler.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.orrery.task.Action;
import org.orrery.task.ActionInfo;
import org.orrery.task.TaskEvent;
import org.orrery.task.TaskException;
import org.orrery.task.TaskExecutionException;
import org.orrery.task.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The installed actions, and what their coming and going does to tasks: when one appears, the
 * tasks waiting for it are reconsidered (and those a restart interrupted decided); when it goes,
 * its READY tasks wait for it again and its running attempts are cancelled, to be retried per
 * their policy. Each is an {@link ActionProvider}: known by name (and re-run safety) from its
 * service properties, its object got only when a task needs it. Under the engine lock, except
 * {@link #snapshot()} and {@link #infos()}.
 */
final class InstalledActions {

    private static final Logger LOG = LoggerFactory.getLogger(TaskEngine.class);

    private final Map<String, ActionProvider> actions = new HashMap<>();
    /** The installed actions, replaced on every change: read without the lock on each submit. */
    private volatile Map<String, ActionProvider> snapshot = Map.of();
    private final TaskEngine engine;
    private final Map<String, TaskEntry> tasks;
    private final Recovery recovery;
    private final Lifecycle lifecycle;
    private final OperationChanges changes;

    InstalledActions(TaskEngine engine, Map<String, TaskEntry> tasks, Recovery recovery, Lifecycle lifecycle,
            OperationChanges changes) {
        this.engine = engine;
        this.tasks = tasks;
        this.recovery = recovery;
        this.lifecycle = lifecycle;
        this.changes = changes;
    }

    /** An action appeared: tasks waiting for it become ready. A second provider of a name is ignored. */
    void add(ActionProvider provider) {
        String name = provider.name;
        String bundle = provider.bundle;
        ActionProvider previous = actions.putIfAbsent(name, provider);
        if (previous != null) {
            LOG.warn("Action '{}' of {} ignored: {} provides it already", name, bundle, previous.bundle);
            return;
        }
        snapshot = Map.copyOf(actions);
        LOG.debug("Action '{}' added by {}", name, bundle);
        for (TaskEntry e : new ArrayList<>(tasks.values())) {
            if (AgentPool.forAgent(e.spec())) {
                continue; // its action names a task type for an agent
            }
            if (e.interrupted && e.spec().action().equals(name)) {
                recovery.decideInterrupted(e, name, provider.safeToRerun());
            } else if (e.spec().action().equals(name) && (e.record.status() == TaskStatus.PENDING
                    || e.record.status() == TaskStatus.RETRYING && e.wakeUp == null)) {
                lifecycle.reconsider(e);
            }
        }
    }

    /** An action went away: its waiting tasks wait for it, its running tasks are cancelled and retried later. */
    void remove(Action action) {
        actions.values().stream().filter(p -> p.obtained() == action).findFirst().ifPresent(this::remove);
    }

    /** As {@link #remove(Action)}, by provider (the one installed under its name, else nothing happens). */
    void remove(ActionProvider provider) {
        String name = provider.name;
        if (actions.get(name) != provider) {
            return;
        }
        actions.remove(name);
        snapshot = Map.copyOf(actions);
        LOG.debug("Action '{}' removed", name);
        for (TaskEntry e : new ArrayList<>(tasks.values())) {
            if (!e.spec().action().equals(name) || AgentPool.forAgent(e.spec())) {
                continue;
            }
            if (e.record.status() == TaskStatus.READY) {
                lifecycle.leaveReady(e);
                changes.change(e, Transitions.withStatus(e.record, TaskStatus.PENDING, Lifecycle.waitingForAction(name)),
                        TaskEvent.Type.WAITING);
            } else if (e.record.status() == TaskStatus.RUNNING && e.attempt != null) {
                e.attempt.cancel(new TaskExecutionException("action '" + name
                        + "' was removed while the task ran (its bundle stopped); it is retried per its policy when the"
                        + " action returns", true, null), false);
            }
        }
    }

    /** An action refused when it was got (see {@link ActionProvider#action()}): taken out, as if it went away. */
    void refuse(ActionProvider provider) {
        engine.operateAsync(() -> remove(provider));
    }

    /**
     * Under the lock: the dispatcher needs an action not got yet (a task taken up at start). A
     * worker gets it, off the lock (activation runs other bundles' code), then a pass may start
     * its tasks; one refused is taken out.
     */
    void fetch(ActionProvider provider) {
        try {
            engine.execute(() -> {
                boolean usable;
                try {
                    provider.action();
                    usable = true;
                } catch (TaskException refused) {
                    usable = false;
                }
                boolean got = usable;
                engine.operateAsync(() -> {
                    provider.fetched();
                    if (!got) {
                        remove(provider);
                    }
                });
            });
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            provider.fetched(); // the scheduler is stopping
        }
    }

    /** The installed actions as of the last change; safe without the lock. */
    Map<String, ActionProvider> snapshot() {
        return snapshot;
    }

    /** The installed actions by name (under the lock). */
    Map<String, ActionProvider> byName() {
        return actions;
    }

    boolean has(String name) {
        return actions.containsKey(name);
    }

    /**
     * For the API: each installed action, by name. Not under the lock: the description and schema
     * are the objects', so this gets (activates) every action not got yet; one refused is left out.
     */
    List<ActionInfo> infos() {
        List<ActionInfo> out = new ArrayList<>();
        for (ActionProvider p : snapshot.values()) {
            try {
                Action a = p.action();
                out.add(new ActionInfo(p.name, a.description(), a.parameterSchema(), a.safeToRerun(), p.bundle));
            } catch (org.orrery.task.TaskException e) {
                refuse(p);
            }
        }
        out.sort(Comparator.comparing(ActionInfo::name));
        return out;
    }
}
