package org.orrery.core.sequence.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import org.orrery.sequence.SequenceEvent.Type;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskSpec;
import org.orrery.task.TaskStatus;

/**
 * The steps that do work: a {@code task} (one scheduler task per attempt, macros expanded when
 * it starts, its outputs assigned when it completes), a {@code wait} (on the runner's clock and
 * timer) and a {@code set}.
 */
final class Leaves {

    private final Clock clock;
    private final Language language;
    private final Interpreter interpreter;

    Leaves(Clock clock, Language language, Interpreter interpreter) {
        this.clock = clock;
        this.language = language;
        this.interpreter = interpreter;
    }

    /** The step just became running: post it (a task once its task is known), and do what a start does. */
    void start(Run run, Step step, StepRun r) {
        if (!(step instanceof Step.Task)) {
            run.event(Type.STEP_STARTED, step, r, null, clock.instant());
        }
        if (step instanceof Step.Set s) {
            set(run, s, r);
        } else if (step instanceof Step.Wait w) {
            run.active.add(r.key);
            Instant now = clock.instant();
            r.deadline = w.condition() == null ? null : now.plus(w.timeout());
            try {
                r.dueAt = w.seconds() != null ? now.plus(w.seconds())
                        : w.until() != null ? NightTimes.instant(language.expand(w.until(), new RunScope(run)), now,
                                interpreter.night().sky())
                        : now;
            } catch (RuntimeException e) {
                interpreter.fail(run, w, r, "until: " + e.getMessage());
            }
        }
    }

    private void set(Run run, Step.Set s, StepRun r) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> values = (Map<String, Object>) language.expand(s.variables(), new RunScope(run));
            run.variables.putAll(values);
            run.headerDirty = true;
        } catch (RuntimeException e) {
            interpreter.fail(run, s, r, e.getMessage());
            return;
        }
        interpreter.complete(run, s, r);
    }

    /**
     * A running task step without a task: submit its next attempt (once the change is stored). A
     * suspended one (a pause {@code immediate} cancelled its task): retry that task once it ended.
     */
    void task(Run run, Step.Task t, StepRun r) {
        if (resumeSuspended(run, r)) {
            return;
        }
        if (r.task != null) {
            return;
        }
        String taskId = TaskIds.of(run.id, r.key, r.taskIds.size() + 1);
        TaskSpec spec;
        try {
            spec = spec(run, t, taskId);
        } catch (RuntimeException e) {
            run.event(Type.STEP_STARTED, t, r, null, clock.instant());
            interpreter.fail(run, t, r, e.getMessage());
            return;
        }
        r.task = taskId;
        r.taskIds.add(taskId);
        run.event(Type.STEP_STARTED, t, r, null, clock.instant());
        run.active.add(r.key);
        run.changed(r);
        run.effects.add(Run.Effect.submit(r.key, spec));
    }

    /** A step whose task a pause immediate cancelled: asks for the retry of that same task; true if it did. */
    boolean resumeSuspended(Run run, StepRun r) {
        if (!r.suspended || r.resuming) {
            return false;
        }
        r.resuming = true;
        run.active.add(r.key);
        run.changed(r);
        run.effects.add(Run.Effect.retry(r.key, r.task));
        return true;
    }

    /** The task of an attempt (macros expanded against the run now). */
    @SuppressWarnings("unchecked")
    TaskSpec spec(Run run, Step.Task t, String taskId) {
        Map<String, Object> fields = (Map<String, Object>) language.expand(fieldsToExpand(t), new RunScope(run));
        return TaskSpecs.of(fields, taskId, run.id, t.id(), t.path());
    }

    private static Map<String, Object> fieldsToExpand(Step.Task t) {
        Map<String, Object> fields = new java.util.LinkedHashMap<>(t.fields());
        fields.remove("outputs");
        fields.remove("on_error");
        fields.remove("type");
        fields.remove("id");
        return fields;
    }

    /** A task of a step finished; a task that is not the step's current one (or is suspended) is ignored. */
    void finished(Run run, String key, TaskRecord task) {
        StepRun r = run.records.get(key);
        if (r == null || !task.id().equals(r.task) || r.finished() || r.suspended) {
            return;
        }
        if (run.plan.step(r.stepId) instanceof Step.Target target) {
            interpreter.targets().finished(run, target, r, task);
            return;
        }
        if (run.plan.step(r.stepId) instanceof Step.Targets container) {
            interpreter.containers().finished(run, container, r, task);
            return;
        }
        Step.Task t = (Step.Task) run.plan.step(r.stepId);
        if (task.status() == TaskStatus.COMPLETED) {
            r.result = task.result() == null ? Map.of() : task.result();
            for (Map.Entry<String, String> output : t.outputs().entrySet()) {
                Object value = language.select(r.result, output.getValue());
                if (value != Scope.MISSING) {
                    run.variables.put(output.getKey(), value);
                    run.headerDirty = true;
                }
            }
            r.task = null;
            interpreter.complete(run, t, r);
        } else {
            String why = task.error() != null ? task.error().message() : task.status().id();
            interpreter.fail(run, t, r, "task " + task.id() + " " + task.status().id() + ": " + why);
        }
    }

    /** The suspended task of a step runs again (or completed before its cancel landed): the step runs it. */
    void retried(Run run, StepRun r) {
        r.suspended = false;
        r.resuming = false;
        run.changed(r);
        run.event(Type.STEP_STARTED, run.plan.step(r.stepId), r, null, clock.instant());
    }

    /** The scheduler refused the submission (or the retry) of a step's task. */
    void refused(Run run, String key, String taskId, String reason) {
        StepRun r = run.records.get(key);
        if (r != null && taskId.equals(r.task) && !r.finished()) {
            r.suspended = false;
            interpreter.fail(run, run.plan.step(r.stepId), r, "task " + taskId + " refused: " + reason);
        }
    }

    /** A wait that runs: ends it when its time came (or its condition holds), else sets a timer. */
    void waitStep(Run run, Step.Wait w, StepRun r) {
        Instant now = clock.instant();
        if (r.dueAt == null || now.isBefore(r.dueAt)) {
            wake(run, r.dueAt);
            return;
        }
        if (w.condition() == null) {
            interpreter.complete(run, w, r);
            return;
        }
        boolean holds;
        try {
            holds = language.test(w.condition(), new RunScope(run));
        } catch (RuntimeException e) {
            interpreter.fail(run, w, r, "condition: " + e.getMessage());
            return;
        }
        if (holds) {
            interpreter.complete(run, w, r);
        } else if (!now.isBefore(r.deadline)) {
            interpreter.fail(run, w, r, "the condition did not hold within " + w.timeout().toSeconds() + " s");
        } else {
            Instant next = now.plus(w.interval());
            r.dueAt = next.isAfter(r.deadline) ? r.deadline : next;
            run.changed(r);
            wake(run, r.dueAt);
        }
    }

    /** Asks for the run to be moved on at that instant (the runner sets the timer). */
    void wake(Run run, Instant at) {
        if (at != null) {
            run.wakes.add(at);
        }
    }
}
