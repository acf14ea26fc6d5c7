package org.orrery.core.sequence.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.orrery.core.sequence.internal.night.TargetSpec;
import org.orrery.sequence.PlanProgress;
import org.orrery.sequence.SequenceEvent.Type;
import org.orrery.sequence.StepState;
import org.orrery.sequence.TargetStore;
import org.orrery.sky.Coordinates;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskSpec;
import org.orrery.task.TaskStatus;
import org.orrery.task.TaskStoreException;

/**
 * The {@code target} step at run time. One run of a target goes through phases, kept in its
 * record's result (so a restart continues): {@code wait} (a target outside a container, until it
 * is viable), {@code start} (its start steps, else one {@code mount.slew}), {@code main}, {@code
 * frames} (one {@code camera.expose} task per missing frame, the constraints checked before
 * each), {@code end} (always). The target's own tasks (the slew, the frames) are the task of its
 * record; a frame's task id is deterministic (the entry key and the frame's number), and the
 * counts come from the {@link TargetStore}.
 */
final class TargetSteps {

    static final Duration RECHECK = Duration.ofMinutes(1);
    static final Duration LOOK_AHEAD = Duration.ofHours(24);

    private final Clock clock;
    private final Night night;
    private final Interpreter interpreter;
    private final TargetTriggers triggers;

    TargetSteps(Clock clock, Night night, Interpreter interpreter) {
        this.clock = clock;
        this.night = night;
        this.interpreter = interpreter;
        this.triggers = new TargetTriggers(clock, night);
    }

    /** A run of the target begins (the first, a retry, or a container runs it again): a fresh phase, the counts kept. */
    void begin(Run run, Step.Target t, StepRun r) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("phase", run.plan.containerOf(t.id()) == null ? "wait" : "start");
        s.put("taken", r.result != null && r.result.get("taken") instanceof Map<?, ?> taken ? taken
                : new LinkedHashMap<>());
        r.result = s;
        r.iteration++;
        r.cursor = 0;
        run.changed(r);
    }

    static Map<String, Object> state(StepRun r) {
        return r.result;
    }

    void drive(Run run, Step.Target t, StepRun r, List<Integer> iterations) {
        if (interpreter.leaves().resumeSuspended(run, r)) { // a pause immediate cancelled its task
            return;
        }
        if (r.task != null) {
            return; // its slew or frame runs
        }
        Map<String, Object> s = state(r);
        List<Integer> inner = Interpreter.with(iterations, r.iteration);
        // a failure under retry makes it pending: the next drive begins it again
        while (r.state == StepState.RUNNING && r.task == null && run.jump == null && run.mayStart()) {
            if (interpreter.safetyPolicy().drive(run, t, r)) {
                return; // parked, waiting for safety, focusing
            }
            String phase = (String) s.get("phase");
            switch (phase) {
                case "wait" -> {
                    if (!waitViable(run, t, r)) {
                        return;
                    }
                }
                case "start" -> {
                    if (t.start().isEmpty()) {
                        if (!Boolean.TRUE.equals(s.get("slewed"))) {
                            slew(run, t, r);
                            return;
                        }
                        next(run, r, "main");
                    } else if (steps(run, t, r, t.start(), inner, "main")) {
                        return;
                    }
                }
                case "main" -> {
                    if (steps(run, t, r, t.main(), inner, "frames")) {
                        return;
                    }
                }
                case "frames" -> frame(run, t, r);
                case "end" -> {
                    Interpreter.Flow flow = interpreter.sequence(run, t.end(), r, inner);
                    if (flow == Interpreter.Flow.RUNNING) {
                        return;
                    }
                    end(run, t, r);
                }
                default -> throw new IllegalStateException("target phase " + phase);
            }
        }
    }

    /** Drives a phase's steps; true while they run. A step failed under skip: the target fails (its end runs). */
    private boolean steps(Run run, Step.Target t, StepRun r, List<Step> steps, List<Integer> inner, String then) {
        Interpreter.Flow flow = interpreter.sequence(run, steps, r, inner);
        if (flow == Interpreter.Flow.RUNNING) {
            return true;
        }
        if (flow == Interpreter.Flow.SKIPPED) {
            ending(run, r, "failed", "a step of the target failed");
        } else {
            next(run, r, then);
        }
        return false;
    }

    private void next(Run run, StepRun r, String phase) {
        state(r).put("phase", phase);
        r.cursor = 0;
        run.changed(r);
    }

    /** The target ends this run: its end steps, then complete (done or interrupted) or fail. */
    void ending(Run run, StepRun r, String outcome, String reason) {
        state(r).put("outcome", outcome);
        if (reason != null) {
            state(r).put("reason", reason);
        }
        next(run, r, "end");
    }

    private void end(Run run, Step.Target t, StepRun r) {
        Map<String, Object> s = state(r);
        String outcome = (String) s.get("outcome");
        String reason = (String) s.get("reason");
        s.put("phase", "over");
        if ("failed".equals(outcome)) {
            interpreter.fail(run, t, r, reason);
            return;
        }
        s.put("status", "complete".equals(outcome) ? "done" : "pending");
        interpreter.complete(run, t, r);
        r.error = "interrupted".equals(outcome) ? "interrupted: " + reason : null;
        r.outcome = SafetyPolicy.outcome(s);
    }

    /** Outside a container: waits until viable (re-checked every minute or at the next viable time), or is skipped. */
    private boolean waitViable(Run run, Step.Target t, StepRun r) {
        Instant now = clock.instant();
        String why = night.viability().whyNot(t.spec(), now);
        if (why == null) {
            next(run, r, "start");
            return true;
        }
        Instant until = until(run, t, now);
        Instant next = night.viability().nextViable(t.spec(), now, until);
        if (next == null) {
            r.state = StepState.SKIPPED;
            r.finishedAt = now;
            r.error = "not viable before " + Night.hhmm(until) + ": " + why;
            state(r).put("status", "pending");
            run.active.remove(r.key);
            run.changed(r);
            run.event(Type.STEP_SKIPPED, t, r, r.error, now);
            return false;
        }
        r.dueAt = next.isBefore(now.plus(RECHECK)) ? next : now.plus(RECHECK);
        state(r).put("waiting", why);
        run.changed(r);
        interpreter.leaves().wake(run, r.dueAt);
        return false;
    }

    /** The end of the target's wait: its {@code until}, else its window's end, else a day from now. */
    private Instant until(Run run, Step.Target t, Instant now) {
        Instant until = t.until() == null ? null : NightTimes.instant(t.until(), now, night.sky());
        if (until == null && t.spec().constraints().until() != null) {
            until = t.spec().constraints().until();
        }
        return until == null ? now.plus(LOOK_AHEAD) : until;
    }

    private void slew(Run run, Step.Target t, StepRun r) {
        String taskId = TaskIds.of(run.id, r.key + ".slew", r.iteration);
        state(r).put("task_kind", "slew");
        submit(run, t, r, taskId, "start");
    }

    /** The next frame still missing, after the constraints are checked; complete when none is missing. */
    private void frame(Run run, Step.Target t, StepRun r) {
        Map<String, Object> s = state(r);
        if (s.get("switch_to") != null) {
            ending(run, r, "interrupted", "switched to " + s.get("switch_to"));
            return;
        }
        TargetStore store = night.targetStore().orElse(null);
        if (store == null) {
            ending(run, r, "failed", "no target store installed");
            return;
        }
        Map<String, Integer> accepted;
        try {
            accepted = accepted(store, t.spec().name());
        } catch (TaskStoreException e) {
            ending(run, r, "failed", "the target store failed: " + e.getMessage());
            return;
        }
        TargetSpec.PlanEntry entry = nextEntry(t.spec(), accepted, taken(r));
        if (entry == null) {
            ending(run, r, "complete", "complete");
            return;
        }
        String why = night.viability().whyNot(t.spec(), clock.instant());
        if (why != null) {
            ending(run, r, "interrupted", why);
            return;
        }
        if (interpreter.safetyPolicy().beforeFrame(run, t, r)) {
            return;
        }
        String trigger = triggers.before(run, t, r, entry);
        if (trigger != null) {
            submit(run, t, r, trigger, "trigger");
            return;
        }
        int number = taken(r).getOrDefault(entry.key(), 0) + 1; // counted when submitted: a failed one too
        @SuppressWarnings("unchecked")
        Map<String, Object> taken = (Map<String, Object>) s.get("taken");
        taken.put(entry.key(), number);
        s.put("task_kind", "frame");
        s.put("entry", entry.key());
        s.put("number", number);
        submit(run, t, r, TaskIds.of(run.id, r.key + "." + entry.key(), number), "frame");
    }

    /** Accepted frames per plan entry key. */
    static Map<String, Integer> accepted(TargetStore store, String name) throws TaskStoreException {
        Map<String, Integer> accepted = new LinkedHashMap<>();
        for (PlanProgress p : store.progress(name)) {
            accepted.put(p.plan(), p.accepted());
        }
        return accepted;
    }

    /** by_filter: the first entry still missing frames; cycle: of those, the one with the fewest frames taken here. */
    static TargetSpec.PlanEntry nextEntry(TargetSpec spec, Map<String, Integer> accepted, Map<String, Integer> taken) {
        TargetSpec.PlanEntry best = null;
        for (TargetSpec.PlanEntry e : spec.plan()) {
            if (accepted.getOrDefault(e.key(), 0) >= e.count()) {
                continue;
            }
            if (!"cycle".equals(spec.planOrder())) {
                return e;
            }
            if (best == null || taken.getOrDefault(e.key(), 0) < taken.getOrDefault(best.key(), 0)) {
                best = e;
            }
        }
        return best;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Integer> taken(StepRun r) {
        Map<String, Object> raw = (Map<String, Object>) state(r).get("taken");
        Map<String, Integer> taken = new LinkedHashMap<>();
        raw.forEach((k, v) -> taken.put(k, ((Number) v).intValue()));
        return taken;
    }

    void submit(Run run, Step.Target t, StepRun r, String taskId, String what) {
        TaskSpec spec;
        try {
            spec = spec(run, t, r, taskId);
        } catch (RuntimeException e) {
            ending(run, r, "failed", what + ": " + e.getMessage());
            return;
        }
        r.task = taskId;
        r.taskIds.add(taskId);
        run.active.add(r.key);
        run.changed(r);
        run.effects.add(Run.Effect.submit(r.key, spec));
    }

    /** The task of the target's current slew or frame (also to submit it again after a restart). */
    TaskSpec spec(Run run, Step.Target t, StepRun r, String taskId) {
        TaskSpec own = interpreter.safetyPolicy().spec(run, t, r, taskId);
        if (own != null) {
            return own; // a park, unpark or autofocus of the on_unsafe policy
        }
        Map<String, Object> s = state(r);
        Map<String, Object> parameters = new LinkedHashMap<>();
        String action;
        if ("slew".equals(s.get("task_kind"))) {
            action = "mount.slew";
            Coordinates at = night.sky().sky().map(sky -> sky.apparent(t.spec().j2000(), clock.instant()))
                    .orElse(t.spec().j2000());
            parameters.put("ra", at.raHours());
            parameters.put("dec", at.decDegrees());
        } else if ("trigger".equals(s.get("task_kind"))) {
            action = TargetTriggers.action(r);
            parameters.putAll(TargetTriggers.parameters(r));
        } else {
            action = "camera.expose";
            TargetSpec.PlanEntry e = t.spec().plan().stream().filter(p -> p.key().equals(s.get("entry"))).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no plan entry " + s.get("entry")));
            parameters.put("exposure", e.exposureSeconds());
            parameters.put("count", 1);
            parameters.put("frame_type", e.frameType());
            parameters.put("binning", e.binning());
            putIf(parameters, "filter", e.filter());
            putIf(parameters, "gain", e.gain());
            putIf(parameters, "offset", e.offset());
            parameters.put("object", t.spec().name());
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("action", action);
        fields.put("parameters", parameters);
        fields.put("name", t.id() + " " + ("slew".equals(s.get("task_kind")) ? "slew" : "trigger".equals(s.get(
                "task_kind")) ? TargetTriggers.kind(r) : s.get("entry") + " #" + s.get("number")));
        return TaskSpecs.of(fields, taskId, run.id, t.id(), t.path());
    }

    private static void putIf(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    /** The target's slew or frame task ended. */
    void finished(Run run, Step.Target t, StepRun r, TaskRecord task) {
        Map<String, Object> s = state(r);
        r.task = null;
        run.active.remove(r.key);
        run.changed(r);
        if (interpreter.safetyPolicy().finished(run, t, r, task)) {
            return; // an interrupted frame (not counted), a park, unpark or autofocus
        }
        if (task.status() != TaskStatus.COMPLETED) {
            if (task.status() == TaskStatus.FAILED && "frame".equals(s.get("task_kind"))
                    && triggers.failed(run, t, r)) {
                return; // its on_failure steps run, then the frame is taken again
            }
            String why = task.error() != null ? task.error().message() : task.status().id();
            ending(run, r, "failed", "task " + task.id() + " " + task.status().id() + ": " + why);
            return;
        }
        if ("trigger".equals(s.get("task_kind"))) {
            triggers.done(r);
            return;
        }
        if ("slew".equals(s.get("task_kind"))) {
            s.put("slewed", true);
            next(run, r, "main");
            return;
        }
        String entry = (String) s.get("entry");
        boolean accepted = accepted(task.result());
        try {
            TargetStore store = night.targetStore().orElseThrow(() -> new TaskStoreException("no target store installed", null));
            store.recordFrame(t.spec().name(), entry, task.id() + "#1", accepted);
        } catch (TaskStoreException e) {
            ending(run, r, "failed", "frame " + task.id() + " not counted: " + e.getMessage());
            return;
        }
        s.put("frames", ((Number) s.getOrDefault("frames", 0)).intValue() + 1);
        triggers.frameTaken(r, task);
        s.put("last_frame", Map.of("task", task.id(), "entry", entry, "accepted", accepted));
        int starless = accepted ? 0 : ((Number) s.getOrDefault("starless_in_a_row", 0)).intValue() + 1;
        s.put("starless_in_a_row", starless);
        if (starless >= MAX_STARLESS_IN_A_ROW) {
            ending(run, r, "failed", starless + " frames in a row found no star (clouds, dew, or the focus lost?): the"
                    + " target stops rather than take the same frame again all night");
        }
    }

    /**
     * Frames without a star in a row after which the target fails (its {@code on_error} applies: a
     * retry runs it again after its cooldown; else the night goes on without it).
     */
    static final int MAX_STARLESS_IN_A_ROW = 3;

    /** A frame is accepted when it has {@code stars} ≥ 1, or when the result says nothing of stars. */
    static boolean accepted(Map<String, Object> result) {
        if (result == null) {
            return true;
        }
        Object stars = result.get("stars");
        if (stars == null && result.get("frames") instanceof List<?> frames && !frames.isEmpty()
                && frames.get(0) instanceof Map<?, ?> first) {
            stars = first.get("stars");
        }
        return !(stars instanceof Number n) || n.intValue() >= 1;
    }
}
