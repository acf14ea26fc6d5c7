package org.orrery.core.sequence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.orrery.core.sequence.internal.night.TargetSpec;
import org.orrery.sequence.PlanProgress;
import org.orrery.sequence.SequenceEvent;
import org.orrery.sequence.SequenceState;
import org.orrery.sequence.StepState;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskStatus;

/** The on_unsafe policy and the watch over a running frame, on the harness (fake scheduler, manual clock). */
class SafetyPolicyTest {

    private static final Map<String, Object> STARS = Map.of("frames", List.of(Map.of("stars", 12)));
    private static final Duration TICK = FrameWatch.PERIOD;

    private final Harness h = new Harness();
    private final FakeSafetyMonitor roof = new FakeSafetyMonitor(() -> h.time.instant());
    /** Targets whose name is here are not viable. */
    private final List<String> down = new ArrayList<>();

    SafetyPolicyTest() throws Exception {
        h.monitors.add(roof);
        h.viability = new Night.Viability() {
            @Override
            public String whyNot(TargetSpec t, Instant at) {
                return down.contains(t.name()) ? "below 30° (now 29°)" : null;
            }

            @Override
            public Instant nextViable(TargetSpec t, Instant from, Instant until) {
                return down.contains(t.name()) ? null : from;
            }
        };
    }

    private static final String TARGET = """
              - type: target
                id: m42
                name: M 42
                ra: 5.5881
                dec: -5.391
                %s
                constraints: {min_altitude: 30}
                plan:
                  - {filter: L, exposure: 60, count: 2}
                end: [{type: task, id: after, action: system.noop}]
            """;

    private static String single(String onUnsafe) {
        return "name: s\nmain:\n" + TARGET.formatted(onUnsafe);
    }

    private TaskRecord complete(String step, String action, Map<String, Object> result) {
        TaskRecord t = h.open(step);
        assertEquals(action, t.spec().action(), () -> "open: " + h.scheduler.open());
        h.scheduler.complete(t.id(), result);
        return t;
    }

    private Map<String, Integer> accepted() {
        Map<String, Integer> m = new TreeMap<>();
        for (PlanProgress p : h.targets.progress("M 42")) {
            m.put(p.plan(), p.accepted());
        }
        return m;
    }

    private List<String> interruptions(String id) {
        return h.events.stream().filter(e -> e.sequenceId().equals(id)
                && e.type() == SequenceEvent.Type.STEP_INTERRUPTED).map(SequenceEvent::error).toList();
    }

    @Test
    void unsafeDuringAFrameCancelsItParksWaitsAndRetakesItWhenSafeLongEnough() throws Exception {
        String id = h.start(single("on_unsafe: {action: park_and_wait, safe_for_minutes: 1, refocus: true}"));
        complete("m42", "mount.slew", Map.of());
        TaskRecord frame = h.open("m42");
        assertEquals(id + ".m42.L-60s-1x1.1", frame.id());
        roof.safe = false;
        h.advance(TICK); // one tick of the watch: the check and the cancel in the same turn
        assertEquals(List.of(frame.id()), h.scheduler.cancelled);
        assertEquals(List.of("unsafe: roof: rain 2.1 mm/h"), interruptions(id));
        complete("m42", "mount.park", Map.of());
        h.advance(Duration.ofMinutes(5));
        assertEquals(List.of(), h.openSteps(), "parked while unsafe");
        roof.safe = true;
        h.advance(Duration.ofSeconds(50));
        assertEquals(List.of(), h.openSteps(), "safe for less than a minute");
        h.advance(Duration.ofSeconds(12));
        complete("m42", "mount.unpark", Map.of());
        complete("m42", "mount.slew", Map.of());
        complete("m42", "autofocus", Map.of());
        assertEquals(id + ".m42.L-60s-1x1.2", complete("m42", "camera.expose", STARS).id());
        assertEquals(id + ".m42.L-60s-1x1.3", complete("m42", "camera.expose", STARS).id());
        h.complete("after");
        h.assertState(id, SequenceState.COMPLETED);
        assertEquals(Map.of("L-60s-1x1", 2), accepted());
        assertEquals(TaskStatus.CANCELLED, h.scheduler.get(frame.id()).orElseThrow().status());
        assertTrue(h.store.steps(id).toString().contains("\"interruptions\":[{"), "in the target record");
    }

    @Test
    void aMonitorSilentPastTheLimitIsUnsafe() throws Exception {
        Instant last = h.time.instant();
        roof.lastReport = () -> last;
        String id = h.start(single("on_unsafe: {action: park_and_wait, safe_for_minutes: 1, refocus: false}"));
        complete("m42", "mount.slew", Map.of());
        h.advance(Duration.ofMinutes(5)); // exactly the limit: not silent yet
        assertEquals(List.of(), h.scheduler.cancelled);
        h.advance(TICK);
        assertEquals(1, h.scheduler.cancelled.size());
        assertTrue(interruptions(id).get(0).startsWith("unsafe: roof silent since"), interruptions(id)::toString);
        complete("m42", "mount.park", Map.of());
    }

    @Test
    void unsafeBeforeAFrameTakesTheSamePathWithoutACancel() throws Exception {
        String id = h.start(single("on_unsafe: {action: park_and_wait, safe_for_minutes: 1, refocus: false}"));
        roof.safe = false;
        complete("m42", "mount.slew", Map.of());
        complete("m42", "mount.park", Map.of());
        assertEquals(List.of(), h.scheduler.cancelled);
        roof.safe = true;
        h.advance(Duration.ofSeconds(62));
        complete("m42", "mount.unpark", Map.of());
        complete("m42", "mount.slew", Map.of());
        assertEquals(id + ".m42.L-60s-1x1.1", h.open("m42").id(), "no refocus; the first frame");
    }

    @Test
    void theEndPolicyEndsItsContainerAndTheEndAreaStillRuns() throws Exception {
        String id = h.start("name: s\nmain:\n  - type: sequential\n    id: night\n    on_unsafe: {action: end}\n"
                + "    steps:\n" + TARGET.formatted("").indent(4)
                + "      - {type: task, id: later, action: system.noop}\n"
                + "  - {type: task, id: next, action: system.noop}\n"
                + "end: [{type: task, id: close, action: system.noop}]\n");
        complete("m42", "mount.slew", Map.of());
        roof.safe = false;
        h.advance(TICK);
        assertEquals(1, h.scheduler.cancelled.size());
        h.complete("after"); // the target's own end steps run
        h.assertStep(id, "later", StepState.SKIPPED);
        h.assertStep(id, "night", StepState.COMPLETED);
        h.complete("next");
        h.complete("close");
        h.assertState(id, SequenceState.COMPLETED);
        assertEquals(Map.of(), accepted());
        assertEquals(List.of("unsafe: roof: rain 2.1 mm/h"), interruptions(id));
        assertEquals("interrupted: unsafe: roof: rain 2.1 mm/h", h.step(id, "m42").error());
    }

    @Test
    void aTargetSettingDuringAFrameIsInterruptedAtOnce() throws Exception {
        String id = h.start(single(""));
        complete("m42", "mount.slew", Map.of());
        TaskRecord frame = h.open("m42");
        down.add("M 42");
        h.advance(TICK);
        assertEquals(List.of(frame.id()), h.scheduler.cancelled);
        h.complete("after");
        h.assertStep(id, "m42", StepState.COMPLETED);
        assertEquals("interrupted: below 30° (now 29°)", h.step(id, "m42").error());
        assertEquals(List.of("below 30° (now 29°)"), interruptions(id));
        assertEquals(Map.of(), accepted());
    }

    @Test
    void aRestartWhileWaitingForSafetyKeepsWaiting() throws Exception {
        String id = h.start(single("on_unsafe: {action: park_and_wait, safe_for_minutes: 1, refocus: false}"));
        complete("m42", "mount.slew", Map.of());
        roof.safe = false;
        h.advance(TICK);
        complete("m42", "mount.park", Map.of());
        h.crash();
        h.advance(Duration.ofMinutes(3));
        assertEquals(List.of(), h.openSteps(), "still waiting after the restart");
        roof.safe = true;
        h.advance(Duration.ofSeconds(62));
        complete("m42", "mount.unpark", Map.of());
        complete("m42", "mount.slew", Map.of());
        complete("m42", "camera.expose", STARS);
        complete("m42", "camera.expose", STARS);
        h.complete("after");
        h.assertState(id, SequenceState.COMPLETED);
        assertEquals(Map.of("L-60s-1x1", 2), accepted());
    }

    @Test
    void nothingIsWatchedOnceTheSequenceEnded() throws Exception {
        String id = h.start(single("on_unsafe: {action: park_and_wait}"));
        complete("m42", "mount.slew", Map.of());
        complete("m42", "camera.expose", STARS);
        complete("m42", "camera.expose", STARS);
        h.complete("after");
        h.assertState(id, SequenceState.COMPLETED);
        h.advance(TICK);
        assertEquals(0, h.time.pendingTimers());
    }

    @Test
    void theEndPolicyOfATargetsContainerEndsItAndTheStepAfterRuns() throws Exception {
        h.planner = in -> new org.orrery.core.sequence.internal.night.PlannerDecision(
                org.orrery.sequence.TargetDecision.Kind.RUN, "m42", "run", List.of(), null);
        String id = h.start("name: s\nmain:\n  - type: targets\n    id: night\n    on_unsafe: {action: end}\n"
                + "    steps:\n" + TARGET.formatted("").indent(4)
                + "      - {type: target, id: m31, name: M 31, ra: 0.7, dec: 41.3, plan: [{exposure: 60, count: 1}]}\n"
                + "  - {type: task, id: next, action: system.noop}\n");
        complete("m42", "mount.slew", Map.of());
        roof.safe = false;
        h.advance(TICK);
        h.complete("after");
        h.assertStep(id, "night", StepState.COMPLETED);
        h.assertStep(id, "m31", StepState.SKIPPED);
        h.complete("next");
        h.assertState(id, SequenceState.COMPLETED);
    }

    @Test
    void theEndPolicyOfALoopEndsItThroughTheContainerBetween() throws Exception {
        String id = h.start("name: s\nmain:\n  - type: loop\n    id: nights\n    count: 3\n    max_iterations: 3\n"
                + "    on_unsafe: {action: end}\n    steps:\n      - type: sequential\n        id: one\n"
                + "        steps:\n" + TARGET.formatted("").indent(8)
                + "          - {type: task, id: later, action: system.noop}\n"
                + "  - {type: task, id: next, action: system.noop}\n");
        complete("m42", "mount.slew", Map.of());
        roof.safe = false;
        h.advance(TICK);
        h.complete("after");
        h.assertStep(id, "nights", StepState.COMPLETED);
        assertEquals(List.of("next"), h.openSteps(), "no second iteration");
        h.complete("next");
        h.assertState(id, SequenceState.COMPLETED);
    }
}
