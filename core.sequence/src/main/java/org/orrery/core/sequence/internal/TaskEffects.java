package org.orrery.core.sequence.internal;

import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Function;

import org.orrery.task.Scheduler;
import org.orrery.task.TaskConflictException;
import org.orrery.task.TaskException;
import org.orrery.task.TaskNotFoundException;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the runner asks of the scheduler for the task steps of its runs: submits (together, with
 * one at a time as the fallback), cancels, the retry of a suspended step's task once it ended,
 * and the {@link Scheduler#whenFinished} callbacks that bring a task's end back to the actor.
 * Everything runs on the actor; a callback finds its run by id (null when it left memory) and,
 * after applying the task's end, hands the run to {@code moved} (pump it, post a flush).
 */
final class TaskEffects {

    private static final Logger LOG = LoggerFactory.getLogger(TaskEffects.class);

    private final Scheduler scheduler;
    private final Actor actor;
    private final Interpreter interpreter;
    private final Function<String, Run> runs;
    private final Consumer<Run> moved;

    TaskEffects(Scheduler scheduler, Actor actor, Interpreter interpreter, Function<String, Run> runs,
            Consumer<Run> moved) {
        this.scheduler = scheduler;
        this.actor = actor;
        this.interpreter = interpreter;
        this.runs = runs;
        this.moved = moved;
    }

    void submit(Run run, Run.Effect effect) {
        try {
            scheduler.submit(effect.spec());
        } catch (TaskConflictException e) {
            LOG.debug("Task {} exists already: attaching to it", effect.taskId());
        } catch (TaskException | RuntimeException e) {
            interpreter.leaves().refused(run, effect.key(), effect.taskId(), e.getMessage());
            return;
        }
        attach(run.id, effect.key(), effect.taskId());
    }

    /**
     * Submits the tasks in one {@link Scheduler#submitAll}; if it refuses them (all or none), one
     * {@link #submit} each, so only the task that is refused fails its step and a task that
     * exists already is attached to.
     */
    void submitAll(Run run, List<Run.Effect> effects) {
        if (effects.size() < 2) {
            effects.forEach(effect -> submit(run, effect));
            return;
        }
        try {
            scheduler.submitAll(effects.stream().map(Run.Effect::spec).toList());
        } catch (TaskException | RuntimeException e) {
            LOG.debug("Submitting {} tasks of sequence {} together was refused ({}): one at a time", effects.size(),
                    run.id, e.getMessage());
            effects.forEach(effect -> submit(run, effect));
            return;
        }
        effects.forEach(effect -> attach(run.id, effect.key(), effect.taskId()));
    }

    void attach(String sequenceId, String key, String taskId) {
        scheduler.whenFinished(taskId).whenComplete((task, error) -> actor.post(() -> {
            Run run = runs.apply(sequenceId);
            if (run == null) {
                return;
            }
            if (error == null) {
                interpreter.leaves().finished(run, key, task);
            } else if (unwrap(error) instanceof TaskNotFoundException) {
                interpreter.leaves().refused(run, key, taskId, "the scheduler does not know the task");
            } else {
                LOG.debug("Task {} of sequence {}: {}", taskId, sequenceId, error.toString());
                return;
            }
            moved.accept(run);
        }));
    }

    /**
     * Retries the task of a suspended step once it ended (its cancel may take a grace period):
     * the same task id, so the action continues from its checkpoint. A task that completed
     * before the cancel landed completes the step; one that is not failed or cancelled any more
     * (retried already, before a restart) is just attached to: at once if it is back to pending,
     * ready, paused or retrying (a cancelled task never is without a retry).
     */
    void retryWhenEnded(Run run, String key, String taskId) {
        TaskStatus now = scheduler.get(taskId).map(TaskRecord::status).orElse(null);
        if (now != null && now != TaskStatus.RUNNING && !now.isTerminal()) {
            // only a retry brings a cancelled task back (to pending, ready, …): done before a restart
            interpreter.leaves().retried(run, run.records.get(key));
            attach(run.id, key, taskId);
            return;
        }
        String sequenceId = run.id;
        scheduler.whenFinished(taskId).whenComplete((task, error) -> actor.post(() -> {
            Run current = runs.apply(sequenceId);
            StepRun r = current == null ? null : current.records.get(key);
            if (r == null || !r.suspended || !r.resuming || !taskId.equals(r.task)
                    || r.state != org.orrery.sequence.StepState.RUNNING) {
                return; // paused again, stopped, or dropped meanwhile
            }
            if (error != null) {
                if (unwrap(error) instanceof TaskNotFoundException) {
                    interpreter.leaves().refused(current, key, taskId, "the scheduler does not know the task");
                    moved.accept(current);
                } else {
                    LOG.debug("Task {} of sequence {}: {}", taskId, sequenceId, error.toString());
                }
                return;
            }
            String refusal = task.status() == TaskStatus.COMPLETED ? null : retryTask(taskId);
            if (refusal != null) {
                interpreter.leaves().refused(current, key, taskId, refusal);
            } else {
                interpreter.leaves().retried(current, r);
                if (task.status() == TaskStatus.COMPLETED) {
                    interpreter.leaves().finished(current, key, task);
                } else {
                    attach(sequenceId, key, taskId);
                }
            }
            moved.accept(current);
        }));
    }

    /** Retries a task; null if it runs again (or was retried already), else why not. */
    private String retryTask(String taskId) {
        try {
            scheduler.retry(taskId);
            return null;
        } catch (TaskException | RuntimeException e) {
            TaskStatus now = scheduler.get(taskId).map(TaskRecord::status).orElse(null);
            if (now != null && now != TaskStatus.FAILED && now != TaskStatus.CANCELLED) {
                LOG.debug("Task {} was retried already ({}): attaching to it", taskId, e.getMessage());
                return null;
            }
            return "retry refused: " + e.getMessage();
        }
    }

    void cancel(Run.Effect effect) {
        try {
            scheduler.cancel(effect.taskId(), effect.cancelReason());
        } catch (TaskNotFoundException e) {
            LOG.debug("Task {} to cancel is unknown", effect.taskId());
        }
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }
}
