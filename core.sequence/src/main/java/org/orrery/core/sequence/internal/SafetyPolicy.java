package org.orrery.core.sequence.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.orrery.sequence.SequenceEvent.Type;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskSpec;
import org.orrery.task.TaskStatus;

/**
 * What a running target does when the night turns unsafe or the target stops being viable
 * (issue 13, "Safety"). The {@code on_unsafe} of the target or of its nearest enclosing
 * {@code targets}, {@code sequential} or {@code loop} decides: {@code park_and_wait} cancels the
 * frame, parks, waits until {@code safety.safe_for} reaches {@code safe_for_minutes}, unparks,
 * slews again (the start phase), focuses when {@code refocus}, and takes the frames on;
 * {@code end} cancels the frame and ends that container (its end steps still run). A target that
 * is no longer viable has its frame cancelled and is interrupted. Where it stands is the target
 * record's result under {@code safety} (so a restart keeps waiting); the reasons of its
 * interruptions are listed under {@code interruptions}.
 */
final class SafetyPolicy {

    static final String KEY = "safety";
    /** The outcome of a record the {@code end} policy ends, followed by the id of the step that declared it. */
    static final String END = "unsafe_end:";

    /** The policy in force for a target. */
    static final String RESTART = "restart";
    static final String RESTARTED = "the runtime restarted: the target is pointed at again before its next frame";

    record Policy(String declarer, boolean end, double safeForMinutes, boolean refocus) {
    }

    private final Clock clock;
    private final Night night;
    private final Safety safety;
    private final Interpreter interpreter;

    SafetyPolicy(Clock clock, Night night, Safety safety, Interpreter interpreter) {
        this.clock = clock;
        this.night = night;
        this.safety = safety;
        this.interpreter = interpreter;
    }

    /** Collects the {@code on_unsafe} of every step of a (valid, expanded) plan map by step id. */
    static void collect(Object node, Map<String, Map<String, Object>> into) {
        if (node instanceof Map<?, ?> m) {
            if (m.get("id") instanceof String id && m.get("on_unsafe") instanceof Map<?, ?> policy) {
                @SuppressWarnings("unchecked")
                Map<String, Object> p = (Map<String, Object>) policy;
                into.put(id, p);
            }
            m.values().forEach(v -> collect(v, into));
        } else if (node instanceof List<?> l) {
            l.forEach(v -> collect(v, into));
        }
    }

    /** The rule the schema cannot say: {@code end} takes neither {@code safe_for_minutes} nor {@code refocus}. */
    static void check(Map<String, Object> step, String pointer, java.util.function.BiConsumer<String, String> report) {
        if (step.get("on_unsafe") instanceof Map<?, ?> p && "end".equals(p.get("action"))) {
            for (String field : List.of("safe_for_minutes", "refocus")) {
                if (p.containsKey(field)) {
                    report.accept(Pointers.child(Pointers.child(pointer, "on_unsafe"), field), "'" + field
                            + "' belongs to the action park_and_wait; found it with the action end");
                }
            }
        }
    }

    /** The policy of the step or of its nearest ancestor that has one; null if none. */
    static Policy of(Plan plan, String stepId) {
        for (String id = stepId; id != null; id = plan.parentOf(id)) {
            Map<String, Object> p = plan.onUnsafe(id);
            if (p != null) {
                return new Policy(id, "end".equals(p.get("action")),
                        p.get("safe_for_minutes") instanceof Number n ? n.doubleValue() : 10,
                        !Boolean.FALSE.equals(p.get("refocus")));
            }
        }
        return null;
    }

    /** Is the target's slew or frame running and watched (it has a policy, or constraints)? */
    static boolean watched(Run run, Step.Target t, StepRun r) {
        Map<String, Object> s = TargetSteps.state(r);
        return r.task != null && !r.finished() && !r.suspended && s != null && state(s) == null
                && ("frame".equals(s.get("task_kind")) || "slew".equals(s.get("task_kind")))
                && (of(run.plan, t.id()) != null || !t.spec().constraints().equals(
                        org.orrery.core.sequence.internal.night.TargetSpec.Constraints.NONE));
    }

    /** Is the target parked, waiting for the night to be safe long enough? */
    static boolean waiting(StepRun r) {
        Map<String, Object> st = state(TargetSteps.state(r));
        return st != null && "waiting".equals(st.get("step"));
    }

    /** The watch over a running slew or frame: unsafe or not viable → its task is cancelled now. */
    void check(Run run, Step.Target t, StepRun r) {
        if (!watched(run, t, r)) {
            return;
        }
        Instant now = clock.instant();
        Policy p = of(run.plan, t.id());
        if (p != null) {
            Safety.State st = safety.at(now);
            if (!st.safe()) {
                interrupt(run, t, r, "unsafe: " + st.reason(), p, true);
                return;
            }
        }
        String why = night.viability().whyNot(t.spec(), now);
        if (why != null) {
            interrupt(run, t, r, why, null, true);
        }
    }

    /**
     * After a restart, a target that was taking frames points again before it goes on: the mount may have been
     * parked, stopped or switched off meanwhile (the simulated one starts parked). Its running frame is cancelled
     * (not counted: it is taken again under the next number); then, once safe, unpark, its start steps (the slew)
     * and main steps again, and the frames go on. A frame that had ended, or a trigger's task, is left to its
     * end: the check comes before the next frame.
     */
    void afterRestart(Run run, Step.Target t, StepRun r, boolean taskEnded) {
        Map<String, Object> s = TargetSteps.state(r);
        if (r.suspended || s == null || !"frames".equals(s.get("phase")) || state(s) != null) {
            return;
        }
        // a frame that ended before the restart is counted as usual (its end is applied now); only one that runs
        // again is cancelled
        if (r.task != null && !taskEnded && "frame".equals(s.get("task_kind"))) {
            interruptAs(run, t, r, RESTARTED, RESTART, null, true);
        } else {
            s.put("repoint", true);
            run.changed(r);
        }
    }

    /** Before a frame: unsafe → the same path as during one, without a cancel. True when it took over. */
    boolean beforeFrame(Run run, Step.Target t, StepRun r) {
        if (Boolean.TRUE.equals(TargetSteps.state(r).remove("repoint"))) {
            interruptAs(run, t, r, RESTARTED, RESTART, null, false);
            return true;
        }
        Policy p = of(run.plan, t.id());
        if (p == null) {
            return false;
        }
        Safety.State st = safety.at(clock.instant());
        if (st.safe()) {
            return false;
        }
        interrupt(run, t, r, "unsafe: " + st.reason(), p, false);
        return true;
    }

    private void interrupt(Run run, Step.Target t, StepRun r, String reason, Policy p, boolean cancel) {
        interruptAs(run, t, r, reason, p == null ? "interrupt" : p.end() ? "end" : "park_and_wait",
                p == null ? null : p.declarer(), cancel);
    }

    private void interruptAs(Run run, Step.Target t, StepRun r, String reason, String action, String declarer,
            boolean cancel) {
        Map<String, Object> s = TargetSteps.state(r);
        Map<String, Object> st = new LinkedHashMap<>();
        st.put("step", "cancelling");
        st.put("reason", reason);
        st.put("action", action);
        if (declarer != null) {
            st.put("declarer", declarer);
        }
        s.put(KEY, st);
        @SuppressWarnings("unchecked")
        List<Object> list = s.get("interruptions") instanceof List<?> l ? (List<Object>) l : new ArrayList<>();
        list.add(Map.of("at", clock.instant().toString(), "reason", reason));
        s.put("interruptions", list);
        run.changed(r);
        run.event(Type.STEP_INTERRUPTED, t, r, reason, clock.instant());
        if (cancel) {
            st.put("task", r.task);
            run.effects.add(Run.Effect.cancel(r.key, r.task, reason));
        } else {
            cancelled(run, t, r, st);
        }
    }

    /** The interrupted task ended (or there was none): not counted; the policy goes on. */
    private void cancelled(Run run, Step.Target t, StepRun r, Map<String, Object> st) {
        Map<String, Object> s = TargetSteps.state(r);
        String reason = (String) st.get("reason");
        switch ((String) st.get("action")) {
            case "park_and_wait" -> {
                st.put("step", "park");
                st.remove("task");
                run.changed(r);
            }
            case RESTART -> { // no park: unpark (once safe) and point again
                st.put("step", "waiting");
                st.remove("task");
                run.changed(r);
            }
            case "end" -> {
                s.remove(KEY);
                if (!t.id().equals(st.get("declarer"))) {
                    s.put("unsafe_end", st.get("declarer"));
                }
                interpreter.targets().ending(run, r, "interrupted", reason);
            }
            default -> {
                s.remove(KEY);
                interpreter.targets().ending(run, r, "interrupted", reason);
            }
        }
    }

    /** Drives the policy when no task of the target runs; true while it holds the target (a task, a wait). */
    boolean drive(Run run, Step.Target t, StepRun r) {
        Map<String, Object> s = TargetSteps.state(r);
        Map<String, Object> st = state(s);
        if (st == null) {
            return false;
        }
        switch ((String) st.get("step")) {
            case "park" -> submit(run, t, r, "park");
            case "waiting" -> {
                Policy p = of(run.plan, t.id());
                long need = Math.round((p == null ? 0 : p.safeForMinutes()) * 60);
                Instant now = clock.instant();
                Safety.State state = safety.at(now);
                if (state.safe() && state.safeForSeconds() >= need) {
                    submit(run, t, r, "unpark");
                    return true;
                }
                String waiting = state.safe() ? "safe for " + state.safeForSeconds() + " s of " + need + " s"
                        : "unsafe: " + state.reason();
                if (!waiting.equals(st.get("waiting"))) {
                    st.put("waiting", waiting);
                    run.changed(r);
                }
                long left = Math.max(1, need - (state.safe() ? state.safeForSeconds() : 0));
                interpreter.leaves().wake(run, now.plus(Duration.ofSeconds(left)));
            }
            case "refocus" -> {
                if (!"frames".equals(s.get("phase"))) {
                    return false; // the start (the slew) comes first
                }
                submit(run, t, r, "autofocus");
            }
            default -> {
                return r.task != null; // cancelling: its task's end moves it on
            }
        }
        return true;
    }

    private void submit(Run run, Step.Target t, StepRun r, String what) {
        Map<String, Object> s = TargetSteps.state(r);
        int n = ((Number) s.getOrDefault("safety_tasks", 0)).intValue() + 1;
        s.put("safety_tasks", n);
        s.put("task_kind", what);
        interpreter.targets().submit(run, t, r, TaskIds.of(run.id, r.key + "." + what, n), what);
    }

    /** The task of a park, an unpark or an autofocus of the target; null for its own slew or frame. */
    TaskSpec spec(Run run, Step.Target t, StepRun r, String taskId) {
        String kind = (String) TargetSteps.state(r).get("task_kind");
        String action = switch (kind == null ? "" : kind) {
            case "park" -> "mount.park";
            case "unpark" -> "mount.unpark";
            case "autofocus" -> "autofocus";
            default -> null;
        };
        return action == null ? null : TaskSpecs.of(Map.of("action", action, "name", t.id() + " " + kind), taskId,
                run.id, t.id(), t.path());
    }

    /** A task of the target ended; true when it was the policy's (an interrupted frame, a park, …). */
    boolean finished(Run run, Step.Target t, StepRun r, TaskRecord task) {
        Map<String, Object> s = TargetSteps.state(r);
        Map<String, Object> st = state(s);
        if (st == null) {
            return false;
        }
        if ("cancelling".equals(st.get("step")) && task.id().equals(st.get("task"))) {
            cancelled(run, t, r, st);
            return true;
        }
        String kind = (String) s.get("task_kind");
        boolean ok = task.status() == TaskStatus.COMPLETED;
        switch (kind) {
            case "park", "unpark" -> {
                if (!ok) {
                    s.remove(KEY);
                    String why = task.error() != null ? task.error().message() : task.status().id();
                    interpreter.targets().ending(run, r, "failed", "mount." + kind + " " + task.status().id() + ": "
                            + why);
                } else if ("park".equals(kind)) {
                    st.put("step", "waiting");
                } else {
                    resume(run, t, r, st);
                }
            }
            case "autofocus" -> {
                s.remove(KEY);
                if (!ok) {
                    s.put("refocus_error", task.error() != null ? task.error().message() : task.status().id());
                }
            }
            default -> {
                return false;
            }
        }
        run.changed(r);
        return true;
    }

    /** Unparked: the start again (its start and main steps, else the slew), then focus and the frames. */
    private void resume(Run run, Step.Target t, StepRun r, Map<String, Object> st) {
        Map<String, Object> s = TargetSteps.state(r);
        Policy p = of(run.plan, t.id());
        if (p != null && p.refocus()) {
            st.put("step", "refocus");
            st.remove("waiting");
        } else {
            s.remove(KEY);
        }
        s.remove("slewed");
        s.put("phase", "start");
        r.iteration++; // a new run of its start and main steps (a new slew task)
        r.cursor = 0;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> state(Map<String, Object> s) {
        return s != null && s.get(KEY) instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }

    /** The outcome of a target's record when it ends: the end policy of an enclosing container, or null. */
    static String outcome(Map<String, Object> s) {
        return s.get("unsafe_end") == null ? null : END + s.get("unsafe_end");
    }

    /** Did an {@code end} policy end the steps of this record (a loop's body, a container's targets)? */
    static boolean ended(StepRun r) {
        return r.outcome != null && r.outcome.startsWith(END);
    }

    /** Did an {@code end} policy end this finished child, for a container above it (not the child itself)? */
    static boolean endsParent(StepRun child) {
        return ended(child) && !child.outcome.substring(END.length()).equals(child.stepId);
    }
}
