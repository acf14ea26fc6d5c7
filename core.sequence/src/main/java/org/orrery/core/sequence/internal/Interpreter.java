package org.orrery.core.sequence.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.orrery.sequence.SequenceEvent.Type;
import org.orrery.sequence.SequenceState;
import org.orrery.sequence.StepState;

/**
 * Moves a sequence on as far as it can go now: walks its tree from the current area, starts
 * what may start, and ends containers, loops and areas whose steps ended. Stateless apart from
 * the {@link Run} it is given: everything it decides is in the run's records, so the same walk
 * resumes a sequence after a restart. Leaf steps are {@link Leaves}' business.
 */
final class Interpreter {

    /** How far a list of steps (a container's, a branch, a loop body) got. */
    enum Flow { RUNNING, DONE, SKIPPED }

    private final Clock clock;
    private final Language language;
    private final Leaves leaves;
    private final Night night;
    private final Safety safety;
    private final TargetSteps targets;
    private final TargetContainers containers;
    private final SafetyPolicy safetyPolicy;

    Interpreter(Clock clock, Language language, Night night, Safety safety) {
        this.safety = safety;
        this.clock = clock;
        this.language = language;
        this.night = night;
        this.leaves = new Leaves(clock, language, this);
        this.targets = new TargetSteps(clock, night, this);
        this.containers = new TargetContainers(clock, night, this);
        this.safetyPolicy = new SafetyPolicy(clock, night, safety, this);
    }

    SafetyPolicy safetyPolicy() {
        return safetyPolicy;
    }

    Night night() {
        return night;
    }

    Safety safety() {
        return safety;
    }

    TargetSteps targets() {
        return targets;
    }

    TargetContainers containers() {
        return containers;
    }

    Leaves leaves() {
        return leaves;
    }

    Instant now() {
        return clock.instant();
    }

    /** Moves the run on; ends it when the end area ended; a deferred pause becomes a pause when nothing runs. */
    void pump(Run run) {
        run.interpreter = this;
        if (!run.live()) {
            return;
        }
        while (run.area < Plan.AREAS.size()) {
            Step.Container area = run.plan.area(run.area);
            if (run.jump == null) {
                drive(run, area, List.of());
            }
            if (run.jump != null) {
                jump(run);
                continue;
            }
            if (!run.record(area, List.of()).finished()) {
                break;
            }
            run.area++;
            run.headerDirty = true;
        }
        if (run.area >= Plan.AREAS.size()) {
            finish(run, run.ending == null ? SequenceState.COMPLETED : run.ending);
        } else if (run.state == SequenceState.PAUSING && run.active.isEmpty()) {
            run.state = SequenceState.PAUSED;
            run.headerDirty = true;
            run.event(Type.SEQUENCE_PAUSED, null, null, null, now());
        }
    }

    void drive(Run run, Step step, List<Integer> iterations) {
        StepRun r = run.record(step, iterations);
        if (r.finished()) {
            return;
        }
        boolean area = step.id().startsWith("@");
        if (r.state == StepState.PENDING) {
            if (!area && !run.mayStart()) {
                return;
            }
            if (r.dueAt != null && now().isBefore(r.dueAt)) {
                leaves.wake(run, r.dueAt); // a retry's cooldown
                return;
            }
            r.state = StepState.RUNNING;
            r.startedAt = r.startedAt == null ? now() : r.startedAt;
            r.dueAt = null;
            r.error = null;
            run.changed(r);
            if (step.isLeaf()) {
                r.attempts++;
                leaves.start(run, step, r);
                if (r.finished() || r.state == StepState.PENDING) {
                    return;
                }
            } else if (!area) {
                if (step instanceof Step.Target t && !r.suspended) {
                    targets.begin(run, t, r);
                } else if (step instanceof Step.Targets c && !r.suspended) {
                    containers.begin(run, c, r);
                }
                run.event(Type.STEP_STARTED, step, r, null, now());
            }
        }
        if (step instanceof Step.Task t) {
            leaves.task(run, t, r);
        } else if (step instanceof Step.Wait w) {
            leaves.waitStep(run, w, r);
        } else if (step instanceof Step.Container c) {
            container(run, c, r, iterations);
        } else if (step instanceof Step.Conditional c) {
            conditional(run, c, r, iterations);
        } else if (step instanceof Step.Loop l) {
            loop(run, l, r, iterations);
        } else if (step instanceof Step.Target t) {
            targets.drive(run, t, r, iterations);
        } else if (step instanceof Step.Targets c) {
            containers.drive(run, c, r, iterations);
        }
    }

    private void container(Run run, Step.Container c, StepRun r, List<Integer> iterations) {
        Flow flow = c.parallel() ? parallel(run, c, r, iterations) : sequence(run, c.steps(), r, iterations);
        end(run, c, r, flow);
    }

    private void conditional(Run run, Step.Conditional c, StepRun r, List<Integer> iterations) {
        if (r.branch == null) {
            boolean holds;
            try {
                holds = language.test(c.condition(), new RunScope(run));
            } catch (RuntimeException e) {
                fail(run, c, r, "condition: " + e.getMessage());
                return;
            }
            r.branch = holds ? "then" : "else";
            run.changed(r);
            for (Step other : c.branch(holds ? "else" : "then")) {
                abandon(run, other, iterations, "condition " + (holds ? "held" : "did not hold"));
            }
        }
        end(run, c, r, sequence(run, c.branch(r.branch), r, iterations));
    }

    private void loop(Run run, Step.Loop l, StepRun r, List<Integer> iterations) {
        while (true) {
            if (r.iteration > 0) {
                Flow flow = sequence(run, l.steps(), r, with(iterations, r.iteration));
                if (flow != Flow.DONE || run.jump != null || SafetyPolicy.ended(r)) { // on_unsafe: end
                    end(run, l, r, flow);
                    return;
                }
            }
            if (!run.mayStart()) {
                return;
            }
            boolean again;
            try {
                if (l.until() != null && r.deadline == null) { // a twilight is the next one after the loop began
                    r.deadline = NightTimes.instant(language.expand(l.until(), new RunScope(run)), now(), night.sky());
                    run.changed(r);
                }
                again = r.iteration < l.maxIterations() && (l.count() != null ? r.iteration < l.count()
                        : l.until() != null ? now().isBefore(r.deadline)
                        : language.test(l.whileCondition(), new RunScope(run)));
            } catch (RuntimeException e) {
                fail(run, l, r, "loop condition: " + e.getMessage());
                return;
            }
            if (!again) {
                complete(run, l, r);
                return;
            }
            r.iteration++;
            r.cursor = 0;
            run.changed(r);
        }
    }

    /** Drives a list of steps one after the other from the record's cursor. */
    Flow sequence(Run run, List<Step> steps, StepRun owner, List<Integer> iterations) {
        while (owner.cursor < steps.size()) {
            Step child = steps.get(owner.cursor);
            drive(run, child, iterations);
            if (run.jump != null) {
                return Flow.RUNNING;
            }
            StepRun c = run.record(child, iterations);
            if (!c.finished()) {
                return Flow.RUNNING;
            }
            owner.cursor++;
            run.changed(owner);
            if (SafetyPolicy.endsParent(c)) { // on_unsafe: end — the container skips to its end
                owner.outcome = c.outcome;
                for (Step rest : steps.subList(owner.cursor, steps.size())) {
                    abandon(run, rest, iterations, "the night turned unsafe: " + c.error);
                }
                owner.cursor = steps.size();
                return Flow.DONE;
            }
            if ("skip".equals(c.outcome)) {
                for (Step rest : steps.subList(owner.cursor, steps.size())) {
                    abandon(run, rest, iterations, "step '" + child.id() + "' failed: " + c.error);
                }
                owner.cursor = steps.size();
                return Flow.SKIPPED;
            }
        }
        return Flow.DONE;
    }

    private Flow parallel(Run run, Step.Container c, StepRun owner, List<Integer> iterations) {
        int running = 0;
        boolean done = true;
        Step skippedBy = null;
        for (Step child : c.steps()) {
            StepRun r = run.record(child, iterations);
            boolean begun = r.startedAt != null;
            if (!r.finished() && skippedBy == null
                    && (begun || c.maxConcurrency() == 0 || running < c.maxConcurrency())) {
                drive(run, child, iterations);
                if (run.jump != null) {
                    return Flow.RUNNING;
                }
            }
            if (!r.finished()) {
                done = false;
                running += r.startedAt != null ? 1 : 0;
            } else if ("skip".equals(r.outcome) && skippedBy == null) {
                skippedBy = child;
            }
        }
        if (skippedBy != null) {
            String reason = "step '" + skippedBy.id() + "' failed: " + run.record(skippedBy, iterations).error;
            for (Step child : c.steps()) {
                abandon(run, child, iterations, reason);
            }
            return Flow.SKIPPED;
        }
        return done ? Flow.DONE : Flow.RUNNING;
    }

    private void end(Run run, Step step, StepRun r, Flow flow) {
        if (run.jump != null || flow == Flow.RUNNING) {
            return;
        }
        if (flow == Flow.DONE) {
            complete(run, step, r);
        } else {
            r.state = StepState.FAILED; // contained: its parent goes on
            r.finishedAt = now();
            run.changed(r);
            if (!step.id().startsWith("@")) {
                run.event(Type.STEP_FAILED, step, r, "a step inside failed under the skip policy", now());
            }
        }
    }

    void complete(Run run, Step step, StepRun r) {
        r.state = StepState.COMPLETED;
        r.finishedAt = now();
        run.active.remove(r.key);
        run.changed(r);
        if (!step.id().startsWith("@")) {
            run.event(Type.STEP_COMPLETED, step, r, null, now());
        }
    }

    /** A step failed: its error policy decides what comes next. */
    void fail(Run run, Step step, StepRun r, String reason) {
        ErrorPolicy.Kind kind = step.policy().effective(r.retries);
        run.active.remove(r.key);
        r.task = null;
        r.error = reason;
        run.changed(r);
        if (kind == ErrorPolicy.Kind.RETRY) {
            r.retries++;
            r.state = StepState.PENDING;
            r.dueAt = now().plus(step.policy().cooldown());
            r.cursor = 0;
            r.branch = null;
            run.event(Type.STEP_FAILED, step, r, reason + " (retry " + r.retries + " of " + step.policy().attempts()
                    + ")", now());
            leaves.wake(run, r.dueAt);
            return;
        }
        r.state = StepState.FAILED;
        r.outcome = kind.id();
        r.finishedAt = now();
        run.event(Type.STEP_FAILED, step, r, reason, now());
        if (kind == ErrorPolicy.Kind.ABORT || kind == ErrorPolicy.Kind.SKIP_TO_END) {
            boolean inEnd = run.area == 2;
            String why = "step '" + step.id() + "' failed: " + reason;
            run.jump = new Run.Jump(kind == ErrorPolicy.Kind.ABORT || inEnd ? SequenceState.FAILED
                    : SequenceState.COMPLETED, why, true);
        }
    }

    /** Leaves start and main for the end area; in the end area, a failure ends the end area. */
    void jump(Run run) {
        Run.Jump j = run.jump;
        run.jump = null;
        run.headerDirty = true;
        if (run.ending == null) {
            run.ending = j.ending();
            run.error = j.error();
        }
        if (run.area < 2) {
            String reason = j.error() == null ? "skipped to the end" : j.error();
            abandon(run, run.plan.area(0), List.of(), reason);
            abandon(run, run.plan.area(1), List.of(), reason);
            run.area = 2;
        } else if (j.failure()) {
            abandon(run, run.plan.area(2), List.of(), j.error());
            run.area = 3;
        }
    }

    /** Halts: everything running is cancelled, nothing more runs. */
    void halt(Run run, String reason) {
        for (Step.Container area : run.plan.areas()) {
            abandon(run, area, List.of(), reason);
        }
        run.error = reason;
        finish(run, SequenceState.HALTED);
    }

    /** A step that will not run (or not on): running ones are cancelled, the others skipped, its inside too. */
    void abandon(Run run, Step step, List<Integer> iterations, String reason) {
        StepRun r = run.existing(step, iterations);
        if (r != null && r.finished()) {
            return;
        }
        r = r == null ? run.record(step, iterations) : r;
        if (step instanceof Step.Loop || step instanceof Step.Target) {
            if (r.iteration > 0) {
                for (Step child : step.children()) {
                    abandon(run, child, with(iterations, r.iteration), reason);
                }
            }
        } else {
            for (Step child : step.children()) {
                abandon(run, child, iterations, reason);
            }
        }
        boolean running = r.state == StepState.RUNNING || r.task != null;
        if (r.task != null && !r.suspended) { // a suspended step's task is cancelled already
            run.effects.add(Run.Effect.cancel(r.key, r.task, reason));
        }
        r.suspended = false;
        r.state = running ? StepState.CANCELLED : StepState.SKIPPED;
        r.finishedAt = now();
        r.error = reason;
        run.active.remove(r.key);
        run.changed(r);
        if (!step.id().startsWith("@")) {
            run.event(Type.STEP_SKIPPED, step, r, reason, now());
        }
        r.task = null;
    }

    void finish(Run run, SequenceState state) {
        run.state = state;
        run.area = Plan.AREAS.size();
        run.finishedAt = now();
        run.headerDirty = true;
        run.wakes.clear();
        run.event(switch (state) {
            case FAILED -> Type.SEQUENCE_FAILED;
            case STOPPED -> Type.SEQUENCE_STOPPED;
            case HALTED -> Type.SEQUENCE_HALTED;
            default -> Type.SEQUENCE_COMPLETED;
        }, null, null, run.error, now());
    }

    static List<Integer> with(List<Integer> iterations, int iteration) {
        List<Integer> more = new ArrayList<>(iterations);
        more.add(iteration);
        return List.copyOf(more);
    }
}
