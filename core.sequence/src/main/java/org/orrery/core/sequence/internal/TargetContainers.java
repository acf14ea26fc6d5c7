package org.orrery.core.sequence.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.orrery.core.sequence.internal.night.PlannerDecision;
import org.orrery.core.sequence.internal.night.PlannerInput;
import org.orrery.core.sequence.internal.night.Strategy;
import org.orrery.core.sequence.internal.night.TargetSpec;
import org.orrery.core.sequence.internal.night.TargetStatus;
import org.orrery.core.sequence.internal.night.Weights;
import org.orrery.sequence.SequenceEvent.Type;
import org.orrery.sequence.StepState;
import org.orrery.sequence.TargetDecision;
import org.orrery.sequence.TargetStore;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskSpec;
import org.orrery.task.TaskStatus;
import org.orrery.task.TaskStoreException;

/**
 * The {@code targets} container at run time: at its start, at each target's end and every
 * {@code decision_interval} while a target runs it asks the planner; runs the target chosen (a
 * switch lets the running one end after its current frame), waits (parking the mount when asked)
 * or ends. Where it stands (the running target, the wait, parked or not, the resolved
 * {@code until}) is its record's result; each decision is numbered per sequence and stored in the
 * {@link TargetStore} when the change is stored, then posted.
 */
final class TargetContainers {

    static final Duration DEFAULT_WAIT = Duration.ofMinutes(10);

    private final Clock clock;
    private final Night night;
    private final Interpreter interpreter;

    TargetContainers(Clock clock, Night night, Interpreter interpreter) {
        this.clock = clock;
        this.night = night;
        this.interpreter = interpreter;
    }

    void begin(Run run, Step.Targets c, StepRun r) {
        r.result = new LinkedHashMap<>();
        r.result.put("parked", false);
        run.changed(r);
    }

    void drive(Run run, Step.Targets c, StepRun r, List<Integer> iterations) {
        if (interpreter.leaves().resumeSuspended(run, r)) { // a pause immediate cancelled its task
            return;
        }
        Map<String, Object> s = r.result;
        Instant now = clock.instant();
        if (c.fields().get("until") != null && r.deadline == null) {
            try {
                r.deadline = NightTimes.instant(c.fields().get("until"), now, night.sky());
            } catch (RuntimeException e) {
                interpreter.fail(run, c, r, "until: " + e.getMessage());
                return;
            }
            run.changed(r);
        }
        while (r.task == null && !r.finished() && run.jump == null && run.mayStart()) {
            String running = (String) s.get("running");
            if (running != null) {
                Step.Target t = target(c, running);
                if (Boolean.TRUE.equals(s.get("parked"))) {
                    mountTask(run, c, r, "unpark");
                    return;
                }
                interpreter.drive(run, t, iterations);
                StepRun tr = run.record(t, iterations);
                if (run.jump != null) {
                    return;
                }
                if (!tr.finished()) {
                    decideWhileRunning(run, c, r, tr, iterations);
                    return;
                }
                if (SafetyPolicy.endsParent(tr)) { // on_unsafe: end
                    r.outcome = tr.outcome;
                    end(run, c, r, iterations, "the night turned unsafe: " + tr.error);
                    return;
                }
                s.remove("running");
                run.changed(r);
            }
            if (s.get("waiting_until") != null) {
                Instant until = Instant.parse((String) s.get("waiting_until"));
                if (clock.instant().isBefore(until)) {
                    interpreter.leaves().wake(run, until);
                    return;
                }
                s.remove("waiting_until");
            }
            PlannerDecision d = decide(run, c, r, iterations, null);
            if (d == null) {
                return;
            }
            switch (d.kind()) {
                case RUN, SWITCH, CONTINUE -> run(run, c, r, d.chosenStepId(), iterations);
                case WAIT -> {
                    Instant until = d.waitUntil() != null && d.waitUntil().isAfter(clock.instant()) ? d.waitUntil()
                            : clock.instant().plus(DEFAULT_WAIT);
                    s.put("waiting_until", until.toString());
                    run.changed(r);
                    if (Boolean.TRUE.equals(c.fields().get("park_when_waiting"))
                            && !Boolean.TRUE.equals(s.get("parked"))) {
                        mountTask(run, c, r, "park");
                        return;
                    }
                }
                case END -> {
                    end(run, c, r, iterations, d.summary());
                    return;
                }
                default -> throw new IllegalStateException(d.kind().toString());
            }
        }
    }

    private void end(Run run, Step.Targets c, StepRun r, List<Integer> iterations, String why) {
        for (Step.Target t : c.steps()) {
            interpreter.abandon(run, t, iterations, "the container ended: " + why);
        }
        interpreter.complete(run, c, r);
    }

    /** While a target runs: every decision_interval (dispatch), the planner may switch to another. */
    private void decideWhileRunning(Run run, Step.Targets c, StepRun r, StepRun tr, List<Integer> iterations) {
        Map<String, Object> s = r.result;
        Instant next = s.get("next_decision") == null ? null : Instant.parse((String) s.get("next_decision"));
        if (strategy(c) != Strategy.DISPATCH || tr.result == null || tr.result.get("switch_to") != null) {
            return;
        }
        if (next != null && clock.instant().isBefore(next)) {
            interpreter.leaves().wake(run, next);
            return;
        }
        PlannerDecision d = decide(run, c, r, iterations, tr.stepId);
        if (d == null) {
            return;
        }
        if (d.kind() == TargetDecision.Kind.SWITCH || d.kind() == TargetDecision.Kind.END
                || d.kind() == TargetDecision.Kind.WAIT) {
            tr.result.put("switch_to", d.chosenStepId() == null ? d.kind().id() : d.chosenStepId());
            run.changed(tr);
        }
        Instant at = clock.instant().plus(Durations.seconds(interval(c)));
        s.put("next_decision", at.toString());
        run.changed(r);
        interpreter.leaves().wake(run, at);
    }

    private void run(Run run, Step.Targets c, StepRun r, String chosen, List<Integer> iterations) {
        Step.Target t = target(c, chosen);
        StepRun tr = run.record(t, iterations);
        if (tr.finished()) { // it ran before and was interrupted: it runs again
            tr.state = StepState.PENDING;
            tr.finishedAt = null;
            tr.error = null;
            tr.outcome = null;
            tr.startedAt = null;
            run.changed(tr);
        }
        r.result.put("running", chosen);
        r.result.put("next_decision", clock.instant().plus(Durations.seconds(interval(c))).toString());
        run.changed(r);
    }

    /** Asks the planner; the decision is numbered, kept for the store and posted. Null (the container failed) without one. */
    private PlannerDecision decide(Run run, Step.Targets c, StepRun r, List<Integer> iterations, String runningId) {
        if (night.planner() == null) {
            interpreter.fail(run, c, r, "no planner installed");
            return null;
        }
        TargetStore store = night.targetStore().orElse(null);
        if (store == null) {
            interpreter.fail(run, c, r, "no target store installed");
            return null;
        }
        List<TargetSpec> specs = new ArrayList<>();
        Map<String, TargetStatus> status = new LinkedHashMap<>();
        Map<String, Map<String, Integer>> accepted = new LinkedHashMap<>();
        try {
            for (Step.Target t : c.steps()) {
                specs.add(t.spec());
                status.put(t.id(), status(run.existing(t, iterations)));
                accepted.put(t.id(), TargetSteps.accepted(store, t.spec().name()));
            }
        } catch (TaskStoreException e) {
            interpreter.fail(run, c, r, "the target store failed: " + e.getMessage());
            return null;
        }
        Instant now = clock.instant();
        PlannerDecision d = night.planner().apply(new PlannerInput(c.id(), strategy(c), weights(c), specs, status,
                accepted, runningId, now, r.deadline));
        String chosenName = d.chosenStepId() == null ? null : target(c, d.chosenStepId()).spec().name();
        TargetDecision decision = new TargetDecision(run.id, run.decisions++, c.id(), now, d.kind(),
                d.chosenStepId(), chosenName, d.summary(), d.candidates(), d.waitUntil());
        run.headerDirty = true;
        run.newDecisions.add(decision);
        StepRun last = r;
        last.result.put("last_decision", decision.index());
        run.changed(r);
        run.event(Type.TARGET_DECISION, c, r, null, now);
        run.decisionEvents.put(run.events.get(run.events.size() - 1), decision);
        return d;
    }

    static TargetStatus status(StepRun tr) {
        if (tr == null) {
            return TargetStatus.PENDING;
        }
        return switch (tr.state) {
            case RUNNING -> TargetStatus.RUNNING;
            case COMPLETED -> tr.result != null && "done".equals(tr.result.get("status")) ? TargetStatus.DONE
                    : TargetStatus.PENDING;
            case PENDING -> TargetStatus.PENDING;
            default -> TargetStatus.FAILED;
        };
    }

    private void mountTask(Run run, Step.Targets c, StepRun r, String what) {
        int n = ((Number) r.result.getOrDefault("mount_tasks", 0)).intValue() + 1;
        r.result.put("mount_tasks", n);
        r.result.put("task_kind", what);
        String taskId = TaskIds.of(run.id, r.key + "." + what, n);
        r.task = taskId;
        r.taskIds.add(taskId);
        run.active.add(r.key);
        run.changed(r);
        run.effects.add(Run.Effect.submit(r.key, spec(run, c, r, taskId)));
    }

    TaskSpec spec(Run run, Step.Targets c, StepRun r, String taskId) {
        String what = (String) r.result.get("task_kind");
        return TaskSpecs.of(Map.of("action", "mount." + what, "name", c.id() + " " + what), taskId, run.id, c.id(),
                c.path());
    }

    /** The container's park or unpark task ended. */
    void finished(Run run, Step.Targets c, StepRun r, TaskRecord task) {
        r.task = null;
        run.active.remove(r.key);
        run.changed(r);
        String what = (String) r.result.get("task_kind");
        if (task.status() != TaskStatus.COMPLETED) {
            String why = task.error() != null ? task.error().message() : task.status().id();
            interpreter.fail(run, c, r, "mount." + what + " " + task.status().id() + ": " + why);
            return;
        }
        r.result.put("parked", "park".equals(what));
    }

    private static Step.Target target(Step.Targets c, String id) {
        return c.steps().stream().filter(t -> t.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the planner chose '" + id + "', no target of " + c.id()));
    }

    static Strategy strategy(Step.Targets c) {
        Object s = c.fields().get("strategy");
        return s == null ? Strategy.IN_ORDER : Strategy.parse(String.valueOf(s));
    }

    static Number interval(Step.Targets c) {
        return c.fields().get("decision_interval") instanceof Number n ? n : 600;
    }

    static Weights weights(Step.Targets c) {
        Weights d = Weights.DEFAULT;
        Map<?, ?> w = c.fields().get("weights") instanceof Map<?, ?> m ? m : Map.of();
        return new Weights(num(w.get("meridian"), d.meridian()), num(w.get("setting"), d.setting()),
                num(w.get("completion"), d.completion()), num(w.get("priority"), d.priority()),
                num(w.get("switch_penalty"), d.switchPenalty()), num(c.fields().get("switch_margin"), d.switchMargin()),
                interval(c).doubleValue());
    }

    private static double num(Object value, double absent) {
        return value instanceof Number n ? n.doubleValue() : absent;
    }
}
