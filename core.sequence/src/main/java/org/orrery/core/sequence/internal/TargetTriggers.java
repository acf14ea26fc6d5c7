package org.orrery.core.sequence.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.orrery.core.sequence.internal.night.TargetSpec;
import org.orrery.sky.Coordinates;
import org.orrery.task.TaskRecord;

/**
 * The triggers of a target at run time, checked before each of its frames: a meridian flip (and
 * its refocus), then one autofocus, then a dither; and the recovery of {@code on_failure} after a
 * failed frame. A trigger's task is one of the target's tasks (its record's {@code task_kind}
 * {@code trigger}, its action and parameters kept in the record so a restart submits the same
 * one); what the triggers count lives in the target record's result under {@code triggers}.
 */
final class TargetTriggers {

    private final Clock clock;
    private final Night night;

    TargetTriggers(Clock clock, Night night) {
        this.clock = clock;
        this.night = night;
    }

    /**
     * Before a frame of {@code next}: the id of the trigger task to run first (its action and
     * parameters put in the target's state), or null when none fires.
     */
    String before(Run run, Step.Target t, StepRun r, TargetSpec.PlanEntry next) {
        List<Map<String, Object>> triggers = TriggerSpecs.of(run.planMap, t.id());
        if (triggers.isEmpty()) {
            return null;
        }
        began(t, r);
        Map<String, Object> s = state(r);
        if (s.get("recovery") instanceof Map<?, ?> recovery) {
            return recoveryStep(run, r, s, recovery);
        }
        Map<String, Object> flip = first(triggers, "meridian_flip");
        if (flip != null && !Boolean.TRUE.equals(s.get("flipped")) && Boolean.TRUE.equals(s.get("east_at_start"))
                && hourAngle(t) * 60 >= number(flip.get("minutes_after"), 0)) {
            Coordinates at = night.sky().sky().map(sky -> sky.apparent(t.spec().j2000(), clock.instant()))
                    .orElse(t.spec().j2000());
            String id = fire(run, r, "meridian_flip", "mount.meridian_flip", Map.of("ra", at.raHours(), "dec",
                    at.decDegrees()));
            TargetSteps.state(r).put("refocus", Boolean.TRUE.equals(flip.get("refocus")));
            return id;
        }
        if (Boolean.TRUE.equals(s.get("refocus"))) {
            return autofocus(run, r, flip, next);
        }
        for (Map<String, Object> trigger : triggers) {
            if ("autofocus".equals(trigger.get("type")) && TriggerChecks.autofocusDue(trigger, s, next.filter(),
                    clock.instant())) {
                return autofocus(run, r, trigger, next);
            }
        }
        Map<String, Object> dither = first(triggers, "dither");
        if (dither != null && number(s.get("frames_since_dither"), 0) >= number(dither.get("every_frames"), 1)) {
            Map<String, Object> parameters = new LinkedHashMap<>();
            if (dither.get("max_arcsec") != null) {
                parameters.put("max_arcsec", dither.get("max_arcsec"));
            }
            return fire(run, r, "dither", "mount.dither", parameters);
        }
        return null;
    }

    /**
     * The first check of a target's run, right after its slew: when it began, and whether it was
     * east of the meridian then (the simulated mount takes its pier side at the slew's end).
     */
    private void began(Step.Target t, StepRun r) {
        Map<String, Object> s = state(r);
        if (!s.containsKey("began_at")) {
            s.put("began_at", clock.instant().toString());
            s.put("east_at_start", hourAngle(t) < 0);
        }
    }

    private String autofocus(Run run, StepRun r, Map<String, Object> trigger, TargetSpec.PlanEntry next) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        if (trigger != null && trigger.get("parameters") instanceof Map<?, ?> given) {
            given.forEach((k, v) -> parameters.put(String.valueOf(k), v));
        }
        if (next.filter() != null) {
            parameters.put("filter", next.filter());
        }
        return fire(run, r, "autofocus", "autofocus", parameters);
    }

    private String recoveryStep(Run run, StepRun r, Map<String, Object> s, Map<?, ?> recovery) {
        List<?> steps = (List<?>) recovery.get("steps");
        int index = number(recovery.get("index"), 0);
        if (index >= steps.size()) {
            s.remove("recovery");
            return null; // the steps ran: the frame is taken again
        }
        Map<?, ?> step = (Map<?, ?>) steps.get(index);
        Map<String, Object> parameters = new LinkedHashMap<>();
        if (step.get("parameters") instanceof Map<?, ?> given) {
            given.forEach((k, v) -> parameters.put(String.valueOf(k), v));
        }
        return fire(run, r, "on_failure", String.valueOf(step.get("action")), parameters);
    }

    private String fire(Run run, StepRun r, String kind, String action, Map<String, Object> parameters) {
        Map<String, Object> s = state(r);
        int n = number(s.get(kind + "_runs"), 0) + 1;
        s.put(kind + "_runs", n);
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("kind", kind);
        task.put("action", action);
        task.put("parameters", new LinkedHashMap<>(parameters));
        TargetSteps.state(r).put("task_kind", "trigger");
        TargetSteps.state(r).put("trigger", task);
        run.changed(r);
        return TaskIds.of(run.id, r.key + "." + r.iteration + "." + kind, n);
    }

    /** The action of the trigger task the target runs now. */
    static String action(StepRun r) {
        return (String) task(r).get("action");
    }

    /** Its parameters. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> parameters(StepRun r) {
        return (Map<String, Object>) task(r).get("parameters");
    }

    /** Its kind, for the task's name. */
    static String kind(StepRun r) {
        return (String) task(r).get("kind");
    }

    private static Map<?, ?> task(StepRun r) {
        return (Map<?, ?>) TargetSteps.state(r).get("trigger");
    }

    /** A trigger task completed: what it resets. */
    void done(StepRun r) {
        Map<String, Object> s = state(r);
        String kind = kind(r);
        Object filter = parameters(r).get("filter");
        TargetSteps.state(r).remove("trigger");
        boolean refocus = Boolean.TRUE.equals(TargetSteps.state(r).remove("refocus"));
        switch (kind) {
            case "meridian_flip" -> {
                s.put("flipped", true);
                if (refocus) {
                    s.put("refocus", true);
                }
            }
            case "autofocus" -> {
                s.remove("refocus");
                s.put("frames_since_autofocus", 0);
                s.put("autofocus_at", clock.instant().toString());
                s.put("autofocus_temperature", s.get("last_temperature"));
                s.put("hfrs", new ArrayList<>());
                s.put("last_filter", filter); // focused for the next frame's filter
            }
            case "dither" -> s.put("frames_since_dither", 0);
            case "on_failure" -> {
                @SuppressWarnings("unchecked")
                Map<String, Object> recovery = (Map<String, Object>) s.get("recovery");
                recovery.put("index", number(recovery.get("index"), 0) + 1);
            }
            default -> throw new IllegalStateException("trigger kind " + kind);
        }
    }

    /** A frame was taken: the counts and the last filter, temperature and HFR. */
    void frameTaken(StepRun r, TaskRecord task) {
        Map<String, Object> s = state(r);
        s.put("frames_since_autofocus", number(s.get("frames_since_autofocus"), 0) + 1);
        s.put("frames_since_dither", number(s.get("frames_since_dither"), 0) + 1);
        s.put("last_filter", task.spec().parameters().get("filter"));
        Map<?, ?> frame = TriggerChecks.firstFrame(task.result());
        if (frame.get("focus_temperature") instanceof Number temperature) {
            s.put("last_temperature", temperature.doubleValue());
            s.putIfAbsent("autofocus_temperature", temperature.doubleValue());
        }
        if (frame.get("hfr") instanceof Number hfr) {
            TriggerChecks.addHfr(s, hfr.doubleValue());
        }
    }

    /**
     * A frame task failed: true when an {@code on_failure} trigger takes it in hand (its steps run
     * before the next frame, at most its retries times for this target's run).
     */
    boolean failed(Run run, Step.Target t, StepRun r) {
        Map<String, Object> trigger = first(TriggerSpecs.of(run.planMap, t.id()), "on_failure");
        if (trigger == null) {
            return false;
        }
        Map<String, Object> s = state(r);
        int used = number(s.get("recoveries"), 0);
        if (used >= number(trigger.get("retries"), 1)) {
            return false;
        }
        s.put("recoveries", used + 1);
        Map<String, Object> recovery = new LinkedHashMap<>();
        recovery.put("steps", trigger.get("steps"));
        recovery.put("index", 0);
        s.put("recovery", recovery);
        run.changed(r);
        return true;
    }

    private double hourAngle(Step.Target t) {
        return night.sky().sky().map(sky -> sky.hourAngle(t.spec().j2000(), clock.instant())).orElse(Double.NaN);
    }

    private static Map<String, Object> first(List<Map<String, Object>> triggers, String type) {
        return triggers.stream().filter(m -> type.equals(m.get("type"))).findFirst().orElse(null);
    }

    static int number(Object value, int absent) {
        return value instanceof Number n ? n.intValue() : absent;
    }

    /** The triggers' state in the target record's result (made on first use). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> state(StepRun r) {
        return (Map<String, Object>) TargetSteps.state(r).computeIfAbsent("triggers", k -> new LinkedHashMap<>());
    }

    static Duration since(Object isoInstant, Instant now) {
        return isoInstant == null ? Duration.ZERO : Duration.between(Instant.parse((String) isoInstant), now);
    }
}
