package org.orrery.core.sequence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.orrery.sequence.DocumentFormat;
import org.orrery.sequence.SequenceEvent;
import org.orrery.sequence.SequenceInfo;
import org.orrery.sequence.SequenceState;
import org.orrery.sequence.StepInfo;
import org.orrery.sequence.StepState;
import org.orrery.task.TaskException;
import org.orrery.task.TaskRecord;

/**
 * A runner on a fake scheduler, a manual clock and an in-memory store; {@link #crash()} drops
 * the runner and starts a new one on the same store and scheduler.
 */
final class Harness {

    static final Instant T0 = Instant.parse("2026-01-01T20:00:00Z");

    final InMemorySequenceStore store = new InMemorySequenceStore();
    final FakeScheduler scheduler = new FakeScheduler();
    final ManualTime time = new ManualTime(T0);
    final List<SequenceEvent> events = new ArrayList<>();
    /** The decisions posted with their TARGET_DECISION events, in order. */
    final List<org.orrery.sequence.TargetDecision> postedDecisions = new ArrayList<>();
    final InMemoryTargetStore targets = new InMemoryTargetStore();
    /** The sky (none by default). */
    org.orrery.sky.Sky sky;
    /** The safety monitors (none by default). */
    final List<org.orrery.device.SafetyMonitor> monitors = new ArrayList<>();
    /** Whether targets are viable (tests change it); always, by default. */
    Night.Viability viability = Night.ALWAYS;
    /** The planner of targets containers (tests set one). */
    java.util.function.Function<org.orrery.core.sequence.internal.night.PlannerInput,
            org.orrery.core.sequence.internal.night.PlannerDecision> planner;
    /** The runner's executor: {@code hold()} it to let events queue up as on a busy thread. */
    InlineActor actor;
    SequenceRunner runner;
    private int sequences;

    Harness() throws TaskException {
        crash();
    }

    /** A new runner on the same store and scheduler (the old one gone, as in a crash). */
    void crash() throws TaskException {
        if (runner != null) {
            runner.close();
        }
        actor = new InlineActor();
        Night.Viability viable = new Night.Viability() { // reads the field at each call: tests change it
            @Override
            public String whyNot(org.orrery.core.sequence.internal.night.TargetSpec t, Instant at) {
                return viability.whyNot(t, at);
            }

            @Override
            public Instant nextViable(org.orrery.core.sequence.internal.night.TargetSpec t, Instant from, Instant until) {
                return viability.nextViable(t, from, until);
            }
        };
        Night night = new Night(org.orrery.core.sequence.internal.night.SkyView.dynamic(() -> sky, () -> null,
                time::instant), () -> targets, viable, input -> planner.apply(input));
        Safety safety = new Safety(() -> monitors, () -> Duration.ofMinutes(5), time.instant());
        runner = new SequenceRunner(store, scheduler, events::add, actor, time, new Interpreter(time, new Language(),
                night, safety));
        runner.onDecisions((e, d) -> {
            events.add(e);
            postedDecisions.add(d);
        });
        runner.recover();
    }

    /** Creates a sequence of a YAML document (every step given its id in the test). */
    String create(String yaml) throws TaskException {
        return create(yaml, false);
    }

    /** Creates and starts a sequence of a JSON or YAML document. */
    String create(String text, boolean start) throws TaskException {
        Map<String, Object> document = DocumentText.parse(text, text.startsWith("{") ? DocumentFormat.JSON
                : DocumentFormat.YAML).document();
        String id = "seq" + (++sequences);
        runner.create(runner.codec().fresh(id, document, document, null, time.instant()));
        if (start) {
            runner.start(id);
        }
        return id;
    }

    String start(String yaml) throws TaskException {
        String id = create(yaml);
        runner.start(id);
        return id;
    }

    SequenceInfo info(String id) throws TaskException {
        return runner.get(id).orElseThrow();
    }

    SequenceState state(String id) throws TaskException {
        return info(id).state();
    }

    StepInfo step(String id, String stepId) throws TaskException {
        return find(info(id).areas(), stepId);
    }

    private static StepInfo find(List<StepInfo> steps, String stepId) {
        for (StepInfo s : steps) {
            if (s.id().equals(stepId)) {
                return s;
            }
            StepInfo inside = find(s.children(), stepId);
            if (inside != null) {
                return inside;
            }
        }
        return null;
    }

    /** The step ids of the open tasks, oldest first. */
    List<String> openSteps() {
        return scheduler.open().stream().map(t -> (String) t.spec().metadata().get("step_id")).toList();
    }

    /** Completes the one open task, which must belong to that step. */
    void complete(String stepId) {
        complete(stepId, Map.of());
    }

    void complete(String stepId, Map<String, Object> result) {
        TaskRecord t = open(stepId);
        scheduler.complete(t.id(), result);
    }

    void fail(String stepId) {
        scheduler.fail(open(stepId).id(), "it broke");
    }

    TaskRecord open(String stepId) {
        return scheduler.open().stream().filter(t -> stepId.equals(t.spec().metadata().get("step_id"))).findFirst()
                .orElseThrow(() -> new AssertionError("no open task of step " + stepId + "; open: " + openSteps()));
    }

    void advance(Duration by) {
        time.advance(by);
    }

    /** The action of every task submitted, in order. */
    List<String> submittedSteps() {
        return scheduler.submitted.stream().map(t -> (String) t.metadata().get("step_id")).toList();
    }

    /** The events of a sequence as {@code type} or {@code type:step}. */
    List<String> events(String id) {
        return events.stream().filter(e -> e.sequenceId().equals(id))
                .map(e -> e.stepId() == null ? e.type().id() : e.type().id() + ":" + e.stepId()).toList();
    }

    void assertState(String id, SequenceState expected) throws TaskException {
        assertEquals(expected, state(id), () -> "events: " + events(id));
    }

    void assertStep(String id, String stepId, StepState expected) throws TaskException {
        assertEquals(expected, step(id, stepId).state(), () -> stepId + " in " + events(id));
    }
}
