package org.orrery.core.sequence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.orrery.core.sequence.internal.night.PlannerDecision;
import org.orrery.core.sequence.internal.night.PlannerInput;
import org.orrery.core.sequence.internal.night.TargetSpec;
import org.orrery.core.sequence.internal.night.TargetStatus;
import org.orrery.sequence.PlanProgress;
import org.orrery.sequence.SequenceEvent;
import org.orrery.sequence.SequenceState;
import org.orrery.sequence.StepState;
import org.orrery.sequence.TargetDecision;
import org.orrery.task.TaskRecord;

/** The target and targets steps at run time, on the harness (fake scheduler, manual clock, in-memory stores). */
class TargetRunTest {

    private static final Map<String, Object> STARS = Map.of("frames", List.of(Map.of("stars", 12)));
    private static final Map<String, Object> NO_STARS = Map.of("frames", List.of(Map.of("stars", 0)));

    private final Harness h = new Harness();
    /** Targets whose name is here are not viable. */
    private final List<String> down = new ArrayList<>();

    TargetRunTest() throws Exception {
        h.viability = new Night.Viability() {
            @Override
            public String whyNot(TargetSpec t, Instant at) {
                return down.contains(t.name()) ? "below 30° until 23:14Z" : null;
            }

            @Override
            public Instant nextViable(TargetSpec t, Instant from, Instant until) {
                return down.contains(t.name()) ? null : from;
            }
        };
    }

    private static final String M42 = """
            name: m42
            main:
              - type: target
                id: m42
                name: M 42
                ra: 5.5881
                dec: -5.391
                plan_order: %s
                plan:
                  - {filter: L, exposure: 60, count: 2}
                  - {filter: R, exposure: 30.5, count: 1, binning: 2, gain: 100, offset: 10}
                end: [{type: task, id: after, action: system.noop}]
            """;

    /** Completes the target's open task; returns its id and parameters. */
    private TaskRecord completeTarget(String step, Map<String, Object> result) {
        TaskRecord t = h.open(step);
        h.scheduler.complete(t.id(), result);
        return t;
    }

    private Map<String, Integer> accepted(String target) {
        Map<String, Integer> m = new java.util.TreeMap<>();
        for (PlanProgress p : h.targets.progress(target)) {
            m.put(p.plan(), p.accepted());
        }
        return m;
    }

    @Test
    void aTargetSlewsThenTakesItsPlanFrameByFrameAndCountsThem() throws Exception {
        String id = h.start(M42.formatted("by_filter"));
        TaskRecord slew = completeTarget("m42", Map.of());
        assertEquals("mount.slew", slew.spec().action());
        assertEquals(Map.of("ra", 5.5881, "dec", -5.391), slew.spec().parameters());
        List<String> ids = new ArrayList<>();
        List<Object> filters = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            TaskRecord frame = completeTarget("m42", STARS);
            assertEquals("camera.expose", frame.spec().action());
            assertEquals(1, frame.spec().parameters().get("count"));
            assertEquals("M 42", frame.spec().parameters().get("object"));
            ids.add(frame.id());
            filters.add(frame.spec().parameters().get("filter"));
        }
        assertEquals(List.of(id + ".m42.L-60s-1x1.1", id + ".m42.L-60s-1x1.2", id + ".m42.R-30.5s-2x2.1"), ids);
        assertEquals(List.of("L", "L", "R"), filters);
        h.complete("after");
        h.assertState(id, SequenceState.COMPLETED);
        h.assertStep(id, "m42", StepState.COMPLETED);
        assertEquals(Map.of("L-60s-1x1", 2, "R-30.5s-2x2", 1), accepted("M 42"));
    }

    @Test
    void aDeferredPauseLetsTheFrameEndAndTakesNoOtherUntilResumed() throws Exception {
        String id = h.start(M42.formatted("by_filter"));
        completeTarget("m42", Map.of());
        h.runner.pause(id, org.orrery.task.PauseMode.DEFERRED);
        completeTarget("m42", STARS);
        h.assertState(id, SequenceState.PAUSED);
        assertEquals(List.of(), h.openSteps());
        h.runner.resume(id);
        assertEquals(id + ".m42.L-60s-1x1.2", h.open("m42").id());
    }

    @Test
    void aFailedFrameFailsTheTargetAfterItsEndAndItsRetryTakesAFrameOfANewNumber() throws Exception {
        String id = h.start("""
                name: retry
                main:
                  - type: target
                    id: m42
                    name: M 42
                    ra: 5.5881
                    dec: -5.391
                    on_error: {policy: retry, attempts: 1, cooldown: 60}
                    plan: [{filter: L, exposure: 60, count: 1}]
                    end: [{type: task, id: after, action: system.noop}]
                """);
        completeTarget("m42", Map.of());
        h.scheduler.fail(h.open("m42").id(), "the camera broke");
        h.complete("after"); // the end runs before the policy acts
        h.assertStep(id, "m42", StepState.PENDING);
        h.advance(Duration.ofSeconds(60));
        assertEquals(id + ".m42.slew.2", completeTarget("m42", Map.of()).id());
        assertEquals(id + ".m42.L-60s-1x1.2", completeTarget("m42", STARS).id());
        h.complete("after");
        h.assertState(id, SequenceState.COMPLETED);
        assertEquals(Map.of("L-60s-1x1", 1), accepted("M 42"));
    }

    @Test
    void theFramesOfAnEntryCarryItsSettings() throws Exception {
        h.start(M42.formatted("by_filter"));
        completeTarget("m42", Map.of());
        completeTarget("m42", STARS);
        completeTarget("m42", STARS);
        assertEquals(Map.of("exposure", 30.5, "count", 1, "frame_type", "light", "binning", 2, "filter", "R",
                "gain", 100, "offset", 10, "object", "M 42"), h.open("m42").spec().parameters());
    }

    @Test
    void cycleOrderTakesOneFrameOfEachEntryInTurn() throws Exception {
        h.start(M42.formatted("cycle"));
        completeTarget("m42", Map.of());
        List<Object> filters = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            filters.add(completeTarget("m42", STARS).spec().parameters().get("filter"));
        }
        assertEquals(List.of("L", "R", "L"), filters);
    }

    @Test
    void aFrameWithoutStarsIsNotAcceptedAndIsTakenAgain() throws Exception {
        String id = h.start(M42.formatted("by_filter"));
        completeTarget("m42", Map.of());
        completeTarget("m42", NO_STARS);
        assertEquals(id + ".m42.L-60s-1x1.2", completeTarget("m42", STARS).id());
        assertEquals(id + ".m42.L-60s-1x1.3", completeTarget("m42", STARS).id());
        assertEquals("R", h.open("m42").spec().parameters().get("filter"));
        assertEquals(Map.of("L-60s-1x1", 2), accepted("M 42"));
    }

    @Test
    void threeFramesInARowWithoutAStarFailTheTargetInsteadOfTakingTheFrameAllNight() throws Exception {
        String id = h.start(M42.formatted("by_filter"));
        completeTarget("m42", Map.of());
        completeTarget("m42", NO_STARS);
        completeTarget("m42", NO_STARS);
        completeTarget("m42", STARS); // a star again: the count starts over
        completeTarget("m42", NO_STARS);
        completeTarget("m42", NO_STARS);
        h.assertStep(id, "m42", StepState.RUNNING);
        completeTarget("m42", NO_STARS);
        h.complete("after"); // the end steps run
        h.assertStep(id, "m42", StepState.FAILED);
        assertTrue(h.step(id, "m42").error().startsWith("3 frames in a row found no star"), h.step(id, "m42").error());
        assertEquals(Map.of("L-60s-1x1", 1), accepted("M 42"));
    }

    @Test
    void frameCountsAreKeptAcrossSequences() throws Exception {
        h.targets.recordFrame("m  42", "L-60s-1x1", "earlier.1#1", true);
        h.targets.recordFrame("M 42", "L-60s-1x1", "earlier.2#1", true);
        h.start(M42.formatted("by_filter"));
        completeTarget("m42", Map.of());
        assertEquals("R", h.open("m42").spec().parameters().get("filter"));
    }

    @Test
    void aRestartInTheMiddlePointsAgainAndTakesTheInterruptedFrameAgainWithoutCountingAFrameTwice()
            throws Exception {
        String id = h.start(M42.formatted("by_filter"));
        completeTarget("m42", Map.of());
        completeTarget("m42", STARS);
        String second = h.open("m42").id();
        h.crash();
        // the mount may have been parked or switched off meanwhile: the frame that ran is cancelled (not
        // counted), the mount unparked and the target slewed to again before the frames go on
        assertEquals(List.of(second), h.scheduler.cancelled);
        assertEquals("mount.unpark", completeTarget("m42", Map.of()).spec().action());
        assertEquals("mount.slew", completeTarget("m42", Map.of()).spec().action());
        assertEquals(id + ".m42.L-60s-1x1.3", completeTarget("m42", STARS).id());
        assertEquals("R", completeTarget("m42", STARS).spec().parameters().get("filter"));
        h.complete("after");
        h.assertState(id, SequenceState.COMPLETED);
        List<String> frames = h.scheduler.submitted.stream().map(t -> t.id()).toList();
        assertEquals(frames.size(), new java.util.HashSet<>(frames).size(), "a task submitted twice: " + frames);
        assertEquals(Map.of("L-60s-1x1", 2, "R-30.5s-2x2", 1), accepted("M 42"));
    }

    @Test
    void aFrameThatEndedJustBeforeARestartIsCountedAndTheTargetPointsAgainBeforeTheNext() throws Exception {
        String id = h.start(M42.formatted("by_filter"));
        completeTarget("m42", Map.of());
        String first = h.open("m42").id();
        h.actor.hold(); // the frame ends in the scheduler, the runner dies before it hears of it
        h.scheduler.complete(first, STARS);
        h.crash();
        assertEquals(List.of(), h.scheduler.cancelled, "an ended frame is not cancelled");
        assertEquals(Map.of("L-60s-1x1", 1), accepted("M 42"));
        assertEquals("mount.unpark", completeTarget("m42", Map.of()).spec().action());
        assertEquals("mount.slew", completeTarget("m42", Map.of()).spec().action());
        assertEquals(id + ".m42.L-60s-1x1.2", completeTarget("m42", STARS).id());
    }

    @Test
    void aTargetThatIsNotViableAnyMoreIsInterruptedBeforeItsNextFrameAndRunsItsEnd() throws Exception {
        String id = h.start(M42.formatted("by_filter"));
        completeTarget("m42", Map.of());
        completeTarget("m42", STARS);
        down.add("M 42");
        completeTarget("m42", STARS); // a frame in progress is not interrupted
        h.complete("after");
        h.assertStep(id, "m42", StepState.COMPLETED);
        assertEquals("interrupted: below 30° until 23:14Z", h.step(id, "m42").error());
        assertEquals(Map.of("L-60s-1x1", 2), accepted("M 42"));
    }

    @Test
    void aTargetOutsideAContainerWaitsUntilViableCheckingEveryMinute() throws Exception {
        down.add("M 42");
        h.viability = new Night.Viability() {
            @Override
            public String whyNot(TargetSpec t, Instant at) {
                return down.isEmpty() ? null : "below 30° until 20:30Z";
            }

            @Override
            public Instant nextViable(TargetSpec t, Instant from, Instant until) {
                return Harness.T0.plus(Duration.ofMinutes(30));
            }
        };
        h.crash();
        String id = h.start(M42.formatted("by_filter"));
        assertEquals(List.of(), h.openSteps());
        h.advance(Duration.ofMinutes(5));
        assertEquals(List.of(), h.openSteps());
        down.clear();
        h.advance(Duration.ofMinutes(1));
        assertEquals("mount.slew", h.open("m42").spec().action());
        h.assertStep(id, "m42", StepState.RUNNING);
    }

    @Test
    void aTargetThatWillNotBeViableIsSkippedWithTheReason() throws Exception {
        down.add("M 42");
        String id = h.start(M42.formatted("by_filter"));
        h.assertStep(id, "m42", StepState.SKIPPED);
        assertTrue(h.step(id, "m42").error().startsWith("not viable before 20:00Z: below 30°"),
                h.step(id, "m42").error());
        h.assertState(id, SequenceState.COMPLETED); // nothing of it ran, not even its end
    }

    // ------------------------------------------------------------------ targets container

    /** In order: the first target not done and viable runs; none viable: wait; all done: end. */
    private static PlannerDecision inOrder(PlannerInput in, List<String> down) {
        List<TargetDecision.Candidate> candidates = new ArrayList<>();
        String chosen = null;
        boolean pending = false;
        for (TargetSpec t : in.targets()) {
            TargetStatus s = in.status().getOrDefault(t.stepId(), TargetStatus.PENDING);
            int missing = t.plan().stream().mapToInt(e -> Math.max(0, e.count()
                    - in.accepted().getOrDefault(t.stepId(), Map.of()).getOrDefault(e.key(), 0))).sum();
            boolean viable = s != TargetStatus.DONE && missing > 0 && !down.contains(t.name());
            pending |= s != TargetStatus.DONE && missing > 0;
            boolean pick = viable && chosen == null;
            chosen = pick ? t.stepId() : chosen;
            candidates.add(new TargetDecision.Candidate(t.stepId(), t.name(), viable, null, pick,
                    pick ? "first viable" : viable ? "later" : missing == 0 ? "complete" : "below 30°"));
        }
        TargetDecision.Kind kind = chosen != null ? (chosen.equals(in.runningStepId()) ? TargetDecision.Kind.CONTINUE
                : TargetDecision.Kind.RUN) : pending ? TargetDecision.Kind.WAIT : TargetDecision.Kind.END;
        return new PlannerDecision(kind, chosen, kind.id(), candidates, null);
    }

    private static final String NIGHT = """
            name: night
            main:
              - type: targets
                id: night
                park_when_waiting: true
                steps:
                  - {type: target, id: a, name: A, ra: 1, dec: 10, start: [{type: task, id: goa, action: mount.slew}],
                     plan: [{filter: L, exposure: 60, count: 2}], end: [{type: task, id: enda, action: system.noop}]}
                  - {type: target, id: b, name: B, ra: 2, dec: 20, start: [{type: task, id: gob, action: mount.slew}],
                     plan: [{filter: L, exposure: 60, count: 1}]}
            """;

    @Test
    void aContainerRunsTargetsAsThePlannerDecidesAndResumesAnInterruptedOne() throws Exception {
        h.planner = in -> inOrder(in, down);
        String id = h.start(NIGHT);
        h.complete("goa");
        completeTarget("a", STARS);
        down.add("A");
        down.add("B");
        completeTarget("a", NO_STARS); // not accepted: A needs one more
        h.complete("enda");
        h.assertStep(id, "a", StepState.COMPLETED);
        // nothing viable: the mount is parked, the container waits
        TaskRecord park = h.open("night");
        assertEquals("mount.park", park.spec().action());
        h.scheduler.complete(park.id(), Map.of());
        assertEquals(List.of(), h.openSteps());
        down.clear();
        h.advance(Duration.ofMinutes(10));
        TaskRecord unpark = h.open("night");
        assertEquals("mount.unpark", unpark.spec().action());
        h.scheduler.complete(unpark.id(), Map.of());
        h.complete("goa"); // A again: its start runs again
        assertEquals(id + ".a.L-60s-1x1.3", completeTarget("a", STARS).id());
        h.complete("enda");
        h.complete("gob");
        completeTarget("b", STARS);
        h.assertState(id, SequenceState.COMPLETED);
        h.assertStep(id, "night", StepState.COMPLETED);

        List<TargetDecision> stored = h.runner.decisions(id, -1, 100);
        assertEquals(List.of("run", "wait", "run", "run", "end"), stored.stream().map(d -> d.kind().id()).toList());
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), stored.stream().map(TargetDecision::index).toList());
        assertEquals(List.of("a", "a", "b"), stored.stream().map(TargetDecision::chosenStepId)
                .filter(java.util.Objects::nonNull).toList());
        assertEquals(stored, h.postedDecisions);
        assertEquals(5, h.events.stream().filter(e -> e.type() == SequenceEvent.Type.TARGET_DECISION
                && "night".equals(e.stepId())).count());
        assertEquals(Map.of("L-60s-1x1", 2), accepted("A"));
    }

    @Test
    void withThePlannerATargetBelowItsAltitudeIsInterruptedAndResumedWhenItRisesAgain() throws Exception {
        FixedSky sky = new FixedSky();
        Instant dip = Harness.T0.plus(Duration.ofMinutes(30));
        Instant rise = Harness.T0.plus(Duration.ofMinutes(60));
        sky.targetAltitude = t -> t.isBefore(dip) || !t.isBefore(rise) ? 45.0 : 20.0;
        h.sky = sky;
        org.orrery.core.sequence.internal.night.ConstraintCheck check =
                new org.orrery.core.sequence.internal.night.ConstraintCheck(
                        org.orrery.core.sequence.internal.night.SkyView.dynamic(() -> sky, () -> null, h.time::instant));
        h.viability = Night.of(check);
        h.planner = new org.orrery.core.sequence.internal.night.Planner(check)::decide;
        String id = h.start("""
                name: dip
                main:
                  - type: targets
                    id: night
                    steps:
                      - {type: target, id: a, name: A, ra: 1, dec: 10, constraints: {min_altitude: 30},
                         plan: [{filter: L, exposure: 600, count: 2}]}
                """);
        completeTarget("a", Map.of()); // slew
        TaskRecord first = h.open("a");
        h.advance(Duration.ofMinutes(40)); // at 20:30 A sinks to 20°: the watch cancels its frame, A is interrupted
        assertEquals(List.of(first.id()), h.scheduler.cancelled);
        h.assertStep(id, "a", StepState.COMPLETED);
        assertTrue(h.step(id, "a").error().startsWith("interrupted: "), h.step(id, "a").error());
        assertEquals(List.of(), h.openSteps());
        TargetDecision wait = h.runner.decisions(id, 0, 1).get(0);
        assertEquals(TargetDecision.Kind.WAIT, wait.kind());
        h.advance(Duration.between(h.time.instant(), wait.waitUntil())); // the planner's estimate (after 21:00)
        completeTarget("a", Map.of()); // slew again
        assertEquals(id + ".a.L-600s-1x1.2", completeTarget("a", STARS).id());
        assertEquals(id + ".a.L-600s-1x1.3", completeTarget("a", STARS).id()); // the cancelled one is not counted
        h.assertState(id, SequenceState.COMPLETED);
        List<String> kinds = h.runner.decisions(id, -1, 100).stream().map(d -> d.kind().id()).toList();
        assertEquals("run", kinds.get(0));
        assertTrue(kinds.contains("wait"), kinds.toString());
        assertEquals("end", kinds.get(kinds.size() - 1));
        assertEquals(Map.of("L-600s-1x1", 2), accepted("A"));
    }

    @Test
    void aRestartWhileTheContainerParksAndWaitsContinuesTheWait() throws Exception {
        h.planner = in -> inOrder(in, down);
        down.add("A");
        down.add("B");
        String id = h.start(NIGHT);
        TaskRecord park = h.open("night");
        h.crash();
        h.scheduler.complete(park.id(), Map.of());
        assertEquals(List.of(), h.openSteps());
        down.clear();
        h.crash();
        h.advance(Duration.ofMinutes(10));
        h.scheduler.complete(h.open("night").id(), Map.of()); // unpark
        assertEquals("mount.slew", h.open("goa").spec().action());
        assertEquals(List.of("wait", "run"), h.runner.decisions(id, -1, 10).stream().map(d -> d.kind().id())
                .toList());
    }

    @Test
    void aWaitingTargetOutsideAContainerWaitsOnAfterARestart() throws Exception {
        down.add("M 42");
        h.viability = new Night.Viability() {
            @Override
            public String whyNot(TargetSpec t, Instant at) {
                return down.isEmpty() ? null : "below 30°";
            }

            @Override
            public Instant nextViable(TargetSpec t, Instant from, Instant until) {
                return from.plus(Duration.ofHours(1));
            }
        };
        String id = h.start(M42.formatted("by_filter"));
        h.crash();
        down.clear();
        h.advance(Duration.ofMinutes(1));
        assertEquals("mount.slew", h.open("m42").spec().action());
        h.assertStep(id, "m42", StepState.RUNNING);
    }

    @Test
    void aSwitchLetsTheRunningTargetEndAfterItsFrame() throws Exception {
        h.planner = in -> {
            boolean late = !in.now().isBefore(Harness.T0.plus(Duration.ofMinutes(10)));
            if (late && in.status().get("b") != TargetStatus.DONE) {
                TargetDecision.Kind kind = in.runningStepId() == null ? TargetDecision.Kind.RUN
                        : "b".equals(in.runningStepId()) ? TargetDecision.Kind.CONTINUE : TargetDecision.Kind.SWITCH;
                return new PlannerDecision(kind, "b", "B scores higher", List.of(), null);
            }
            return inOrder(in, down);
        };
        String id = h.start(NIGHT.replace("park_when_waiting: true", "strategy: dispatch\n    decision_interval: 600"));
        h.complete("goa");
        TaskRecord frame = h.open("a");
        h.advance(Duration.ofMinutes(10)); // a decision point while A's frame runs: switch to B
        h.assertStep(id, "a", StepState.RUNNING);
        h.scheduler.complete(frame.id(), STARS); // the frame ends, then A
        h.complete("enda");
        assertEquals("interrupted: switched to b", h.step(id, "a").error());
        h.complete("gob");
        completeTarget("b", STARS);
        h.complete("goa");
        completeTarget("a", STARS);
        h.complete("enda");
        h.assertState(id, SequenceState.COMPLETED);
        assertEquals(List.of("run", "switch", "run", "run", "end"), h.runner.decisions(id, -1, 10).stream()
                .map(d -> d.kind().id()).toList());
    }

    @Test
    void theDecisionCounterSurvivesARestart() throws Exception {
        h.planner = in -> inOrder(in, down);
        String id = h.start(NIGHT);
        h.crash();
        h.complete("goa");
        completeTarget("a", STARS);
        completeTarget("a", STARS);
        h.complete("enda");
        h.complete("gob");
        completeTarget("b", STARS);
        h.assertState(id, SequenceState.COMPLETED);
        assertEquals(List.of(0L, 1L, 2L), h.runner.decisions(id, -1, 100).stream().map(TargetDecision::index)
                .toList());
        assertNull(h.runner.decisions(id, 2, 10).stream().findFirst().orElse(null));
        h.runner.delete(id);
        assertEquals(List.of(), h.targets.decisions(id, -1, 10));
    }
}
