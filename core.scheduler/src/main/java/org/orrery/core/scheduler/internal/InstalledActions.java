package org.orrery.core.scheduler.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.orrery.task.Action;
import org.orrery.task.ActionInfo;
import org.orrery.task.TaskEvent;
import org.orrery.task.TaskExecutionException;
import org.orrery.task.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The installed actions, and what their coming and going does to tasks: when one appears, the
 * tasks waiting for it are reconsidered (and those a restart interrupted decided); when it goes,
 * its READY tasks wait for it again and its running attempts are cancelled, to be retried per
 * their policy. Under the engine lock, except {@link #snapshot()}.
 */
final class InstalledActions {

    private static final Logger LOG = LoggerFactory.getLogger(TaskEngine.class);

    private final Map<String, TaskEngine.Provider> actions = new HashMap<>();
    /** The installed actions, replaced on every change: read without the lock on each submit. */
    private volatile Map<String, TaskEngine.Provider> snapshot = Map.of();
    private final Map<String, TaskEntry> tasks;
    private final Recovery recovery;
    private final Lifecycle lifecycle;
    private final OperationChanges changes;

    InstalledActions(Map<String, TaskEntry> tasks, Recovery recovery, Lifecycle lifecycle, OperationChanges changes) {
        this.tasks = tasks;
        this.recovery = recovery;
        this.lifecycle = lifecycle;
        this.changes = changes;
    }

    /** An action appeared: tasks waiting for it become ready. A second provider of a name is ignored. */
    void add(Action action, String bundle) {
        String name = action.name();
        TaskEngine.Provider previous = actions.putIfAbsent(name, new TaskEngine.Provider(action, bundle));
        if (previous != null) {
            LOG.warn("Action '{}' of {} ignored: {} provides it already", name, bundle, previous.bundle());
            return;
        }
        snapshot = Map.copyOf(actions);
        LOG.debug("Action '{}' added by {}", name, bundle);
        for (TaskEntry e : new ArrayList<>(tasks.values())) {
            if (AgentPool.forAgent(e.spec())) {
                continue; // its action names a task type for an agent
            }
            if (e.interrupted && e.spec().action().equals(name)) {
                recovery.decideInterrupted(e, action);
            } else if (e.spec().action().equals(name) && (e.record.status() == TaskStatus.PENDING
                    || e.record.status() == TaskStatus.RETRYING && e.wakeUp == null)) {
                lifecycle.reconsider(e);
            }
        }
    }

    /** An action went away: its waiting tasks wait for it, its running tasks are cancelled and retried later. */
    void remove(Action action) {
        String name = action.name();
        TaskEngine.Provider provider = actions.get(name);
        if (provider == null || provider.action() != action) {
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

    /** The installed actions as of the last change; safe without the lock. */
    Map<String, TaskEngine.Provider> snapshot() {
        return snapshot;
    }

    /** The installed actions by name (under the lock). */
    Map<String, TaskEngine.Provider> byName() {
        return actions;
    }

    boolean has(String name) {
        return actions.containsKey(name);
    }

    /** For the API: each installed action, by name. */
    List<ActionInfo> infos() {
        return actions.values().stream()
                .map(p -> new ActionInfo(p.action().name(), p.action().description(), p.action().parameterSchema(),
                        p.action().safeToRerun(), p.bundle()))
                .sorted(Comparator.comparing(ActionInfo::name)).toList();
    }
}
