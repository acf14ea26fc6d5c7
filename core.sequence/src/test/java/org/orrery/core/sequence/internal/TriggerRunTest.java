package org.orrery.core.sequence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.orrery.sequence.SequenceState;
import org.orrery.sequence.StepState;
import org.orrery.task.TaskRecord;

/** The triggers of containers and targets at run time, on the harness (fake scheduler, manual clock). */
class TriggerRunTest {

    private final Harness h = new Harness();
    private final AlwaysUpSky sky = new AlwaysUpSky();

    TriggerRunTest() throws Exception {
        h.sky = sky;
    }

    /** A target of {@code plan} inside a sequential carrying {@code outer} triggers, with its own {@code own}. */
    private String start(String outer, String own, String plan) throws Exception {
        return h.start("""
                name: triggers
                main:
                  - type: sequential
                    id: night
                    triggers: %s
                    steps:
                      - type: target
                        id: m42
                        name: M 42
                        ra: 5.5881
                        dec: -5.391
                        triggers: %s
                        plan: %s
                """.formatted(outer, own, plan));
    }

    private static Map<String, Object> frame(Object hfr, Object temperature) {
        Map<String, Object> entry = new HashMap<>();
        entry.put("stars", 10);
        entry.put("hfr", hfr);
        entry.put("focus_temperature", temperature);
        return Map.of("frames", List.of(entry));
    }

    private static final Map<String, Object> FRAME = frame(2.0, 10.0);

    /** Completes the target's open task with a frame's result when it is a frame; returns its action. */
    private String next(Map<String, Object> frameResult) {
        TaskRecord t = h.open("m42");
        h.scheduler.complete(t.id(), "camera.expose".equals(t.spec().action()) ? frameResult : Map.of());
        return t.spec().action();
    }

    /** Runs the target to its end, every frame giving {@link #FRAME}; the actions in order. */
    private List<String> runAll(List<String> actions) {
        while (h.openSteps().contains("m42")) {
            actions.add(next(FRAME));
        }
        return actions;
    }

    private List<String> actions(String... names) {
        return List.of(names);
    }

    @Test
    void aDitherRunsEveryNFramesOfTheTargetWithTheContainersTrigger() throws Exception {
        String id = start("[{type: dither, every_frames: 2, max_arcsec: 30}]", "[]",
                "[{filter: L, exposure: 60, count: 5}]");
        List<String> actions = runAll(new ArrayList<>());
        assertEquals(actions("mount.slew", "camera.expose", "camera.expose", "mount.dither", "camera.expose",
                "camera.expose", "mount.dither", "camera.expose"), actions);
        TaskRecord dither = h.scheduler.get(id + ".m42.1.dither.1").orElseThrow();
        assertEquals(Map.of("max_arcsec", 30), dither.spec().parameters());
        h.assertState(id, SequenceState.COMPLETED);
    }

    @Test
    void anAutofocusAfterAFilterChangeRunsOnceBeforeTheFirstFrameOfTheNewFilter() throws Exception {
        String id = start("[]", "[{type: autofocus, after_filter_change: true, parameters: {exposure: 3, steps: 4}}]",
                "[{filter: L, exposure: 60, count: 2}, {filter: R, exposure: 60, count: 2}]");
        List<String> actions = runAll(new ArrayList<>());
        assertEquals(actions("mount.slew", "camera.expose", "camera.expose", "autofocus", "camera.expose",
                "camera.expose"), actions);
        TaskRecord af = h.scheduler.get(id + ".m42.1.autofocus.1").orElseThrow();
        assertEquals(Map.of("exposure", 3, "steps", 4, "filter", "R"), af.spec().parameters());
        Map<?, ?> state = (Map<?, ?>) h.step(id, "m42").result().get("triggers");
        assertEquals("R", state.get("last_filter"));
    }

    @Test
    void anAutofocusAfterNFramesCountsTheFramesSinceTheLastOne() throws Exception {
        start("[{type: autofocus, after_frames: 2}]", "[]", "[{filter: L, exposure: 60, count: 5}]");
        assertEquals(actions("mount.slew", "camera.expose", "camera.expose", "autofocus", "camera.expose",
                "camera.expose", "autofocus", "camera.expose"), runAll(new ArrayList<>()));
    }

    @Test
    void anAutofocusAfterMinutesFiresOnceTheyPassedAtTheNextFrame() throws Exception {
        start("[]", "[{type: autofocus, after_minutes: 30}]", "[{filter: L, exposure: 60, count: 3}]");
        List<String> actions = new ArrayList<>();
        actions.add(next(FRAME)); // the slew
        h.advance(Duration.ofMinutes(29));
        actions.add(next(FRAME)); // not yet: 29 minutes
        h.advance(Duration.ofMinutes(1));
        actions.add(next(FRAME)); // 30 minutes when the next frame is due
        assertEquals(actions("mount.slew", "camera.expose", "camera.expose"), actions);
        assertEquals("autofocus", h.open("m42").spec().action());
        h.complete("m42");
        h.advance(Duration.ofMinutes(10));
        assertEquals(actions("camera.expose"), runAll(new ArrayList<>()));
    }

    @Test
    void anAutofocusAfterATemperatureChangeComparesWithTheTemperatureOfTheLastOne() throws Exception {
        start("[]", "[{type: autofocus, after_temperature_change: 1.5}]", "[{filter: L, exposure: 60, count: 5}]");
        List<String> actions = new ArrayList<>();
        actions.add(next(FRAME));
        actions.add(next(frame(2.0, 10.0)));
        actions.add(next(frame(2.0, 9.0)));
        actions.add(next(frame(2.0, 8.5))); // 1.5 °C below the first frame's
        actions.add(next(Map.of())); // the autofocus: 8.5 °C is its temperature now
        actions.add(next(frame(2.0, 7.5)));
        actions.add(next(frame(2.0, 7.1)));
        assertEquals(actions("mount.slew", "camera.expose", "camera.expose", "camera.expose", "autofocus",
                "camera.expose", "camera.expose"), actions);
        assertEquals(List.of(), h.openSteps());
    }

    @Test
    void anHfrIncreaseBelowTheThresholdFiresNoAutofocus() throws Exception {
        start("[]", "[{type: autofocus, after_hfr_increase: 15}]", "[{filter: L, exposure: 60, count: 7}]");
        next(FRAME);
        for (double hfr : new double[] {2.0, 2.1, 1.9, 2.28, 2.28, 2.28, 2.28}) { // 14 % above the baseline 2.0
            assertEquals("camera.expose", next(frame(hfr, null)));
        }
        assertEquals(List.of(), h.openSteps());
    }

    @Test
    void anHfrIncreaseFiresBeforeTheNextFrame() throws Exception {
        start("[]", "[{type: autofocus, after_hfr_increase: 15}]", "[{filter: L, exposure: 60, count: 7}]");
        next(FRAME);
        for (Object hfr : new Object[] {2.0, 2.0, 2.0, 2.4, null, 2.4}) { // a frame without stars has no HFR
            assertEquals("camera.expose", next(frame(hfr, null)));
        }
        assertEquals("autofocus", next(Map.of()));
        assertEquals("camera.expose", next(frame(2.0, null)));
        assertEquals(List.of(), h.openSteps());
    }

    @Test
    void theTriggersRunInOrderFlipAutofocusDitherAndOneAutofocusBeforeAFrame() throws Exception {
        sky.hourAngle = -0.5;
        String id = start("[{type: dither, every_frames: 1}, {type: autofocus, after_frames: 1}]",
                "[{type: meridian_flip, minutes_after: 5}, {type: autofocus, after_filter_change: true}]",
                "[{filter: L, exposure: 60, count: 1}, {filter: R, exposure: 60, count: 1}]");
        List<String> actions = new ArrayList<>();
        actions.add(next(FRAME)); // the slew, east of the meridian
        sky.hourAngle = 0.1; // 6 minutes past the meridian when the first frame ends
        actions = runAll(actions);
        assertEquals(actions("mount.slew", "camera.expose", "mount.meridian_flip", "autofocus", "mount.dither",
                "camera.expose"), actions);
        TaskRecord flip = h.scheduler.get(id + ".m42.1.meridian_flip.1").orElseThrow();
        assertEquals(Map.of("ra", 5.5881, "dec", -5.391), flip.spec().parameters());
    }

    @Test
    void aFlipWithRefocusRunsTheAutofocusAfterItAndNoFlipWhenTheTargetBeganPastTheMeridian() throws Exception {
        sky.hourAngle = -0.1;
        start("[]", "[{type: meridian_flip, minutes_after: 0, refocus: true, parameters: {steps: 5}}]",
                "[{filter: L, exposure: 60, count: 2}]");
        List<String> actions = new ArrayList<>();
        actions.add(next(FRAME));
        sky.hourAngle = 0.01;
        actions = runAll(actions);
        assertEquals(actions("mount.slew", "camera.expose", "mount.meridian_flip", "autofocus", "camera.expose"),
                actions);

        Harness other = new Harness();
        AlwaysUpSky past = new AlwaysUpSky();
        past.hourAngle = 1;
        other.sky = past;
        other.start("""
                name: late
                main:
                  - {type: target, id: m42, name: M 42, ra: 5.5881, dec: -5.391,
                     triggers: [{type: meridian_flip, minutes_after: 0}], plan: [{filter: L, exposure: 60, count: 1}]}
                """);
        other.complete("m42");
        assertEquals("camera.expose", other.open("m42").spec().action(), "the slew put it past the meridian already");
    }

    @Test
    void theSideIsTheOneTheSlewEndedOnSoATargetSlewedToPastTheMeridianIsNotFlipped() throws Exception {
        sky.hourAngle = -0.01;
        start("[]", "[{type: meridian_flip, minutes_after: 1}]", "[{filter: L, exposure: 60, count: 2}]");
        sky.hourAngle = 0.05; // 3 minutes past when the slew ends: the mount is on the side past the meridian
        assertEquals("mount.slew", next(FRAME));
        assertEquals("camera.expose", next(FRAME));
        assertEquals("camera.expose", next(FRAME));
        assertEquals(List.of(), h.openSteps());
    }

    @Test
    void aFlipThatFailsFailsTheTargetWithTheActionsMessage() throws Exception {
        sky.hourAngle = -0.1;
        String id = start("[]", "[{type: meridian_flip, minutes_after: 0}]", "[{filter: L, exposure: 60, count: 2}]");
        next(FRAME);
        sky.hourAngle = 0.2;
        next(FRAME);
        TaskRecord flip = h.open("m42");
        assertEquals("mount.meridian_flip", flip.spec().action());
        h.scheduler.fail(flip.id(), "mount did not flip: pier side was west before the slew and is still west");
        h.assertStep(id, "m42", StepState.FAILED);
        h.assertState(id, SequenceState.FAILED);
        String error = h.step(id, "m42").error();
        assertTrue(error.contains("did not flip: pier side was west before the slew and is still west"), error);
        assertNotEquals("done", h.step(id, "m42").result().get("status"));
    }

    @Test
    void aRestartBetweenATriggersTaskAndTheNextFrameNeitherRepeatsNorLosesIt() throws Exception {
        String id = start("[{type: dither, every_frames: 1}]", "[]", "[{filter: L, exposure: 60, count: 3}]");
        next(FRAME);
        next(FRAME);
        TaskRecord dither = h.open("m42");
        assertEquals("mount.dither", dither.spec().action());
        h.crash(); // while the dither runs: the same task, not a second one
        assertEquals(dither.id(), h.open("m42").id());
        h.scheduler.complete(dither.id(), Map.of());
        // after a restart the target points again before its next frame (SafetyPolicy.afterRestart)
        TaskRecord unpark = h.open("m42");
        assertEquals("mount.unpark", unpark.spec().action());
        h.crash(); // while it unparks: the same task, and no second repointing
        assertEquals(unpark.id(), h.open("m42").id());
        h.scheduler.complete(unpark.id(), Map.of());
        TaskRecord slew = h.open("m42");
        assertEquals("mount.slew", slew.spec().action());
        h.scheduler.complete(slew.id(), Map.of());
        TaskRecord frame = h.open("m42");
        assertEquals("camera.expose", frame.spec().action());
        assertEquals(id + ".m42.L-60s-1x1.2", frame.id());
        List<String> actions = runAll(new ArrayList<>());
        assertEquals(actions("camera.expose", "mount.dither", "camera.expose"), actions);
        List<String> ids = h.scheduler.submitted.stream().map(t -> t.id()).toList();
        assertEquals(ids.size(), new HashSet<>(ids).size(), "a task submitted twice: " + ids);
        assertEquals(2, ids.stream().filter(t -> t.contains(".dither.")).count(), ids.toString());
    }

    @Test
    void onFailureRunsItsStepsAndTakesTheFrameAgainAtMostRetriesTimes() throws Exception {
        String id = start("[{type: on_failure, retries: 1, steps: [{type: task, action: mount.slew,"
                + " parameters: {ra: 5.5, dec: -5}}, {type: task, action: system.echo, parameters: {message: hi}}]}]",
                "[]", "[{filter: L, exposure: 60, count: 2}]");
        next(FRAME);
        h.scheduler.fail(h.open("m42").id(), "the camera broke");
        TaskRecord slew = h.open("m42");
        assertEquals("mount.slew", slew.spec().action());
        assertEquals("{ra=5.5, dec=-5}", String.valueOf(slew.spec().parameters()));
        assertEquals("mount.slew", next(Map.of()));
        assertEquals("system.echo", next(Map.of()));
        TaskRecord again = h.open("m42");
        assertEquals(id + ".m42.L-60s-1x1.2", again.id(), "the frame is taken again under a new number");
        h.scheduler.complete(again.id(), FRAME);
        h.scheduler.fail(h.open("m42").id(), "the camera broke again");
        h.assertStep(id, "m42", StepState.FAILED);
        assertTrue(h.step(id, "m42").error().contains("the camera broke again"), h.step(id, "m42").error());
    }

    @Test
    void aCancelledFrameIsNoFailureForOnFailure() throws Exception {
        String id = start("[{type: on_failure, steps: [{type: task, action: system.echo}]}]", "[]",
                "[{filter: L, exposure: 60, count: 2}]");
        next(FRAME);
        h.scheduler.cancel(h.open("m42").id(), "the safety watch stopped it");
        assertEquals(List.of(), h.openSteps(), "no on_failure task");
        h.assertStep(id, "m42", StepState.FAILED);
    }

    @Test
    void aFailedAutofocusFollowsTheTargetsErrorPolicyAndItsRetryBeginsAFreshRun() throws Exception {
        String id = h.start("""
                name: af
                main:
                  - type: target
                    id: m42
                    name: M 42
                    ra: 5.5881
                    dec: -5.391
                    on_error: {policy: retry, attempts: 1, cooldown: 60}
                    triggers: [{type: autofocus, after_frames: 1}]
                    plan: [{filter: L, exposure: 60, count: 2}]
                """);
        next(FRAME);
        next(FRAME);
        TaskRecord af = h.open("m42");
        assertEquals("autofocus", af.spec().action());
        h.scheduler.fail(af.id(), "autofocus failed: no star in the frames");
        h.assertStep(id, "m42", StepState.PENDING);
        assertTrue(h.step(id, "m42").error().contains("no star in the frames"), h.step(id, "m42").error());
        h.advance(Duration.ofSeconds(60));
        assertEquals(List.of("mount.slew", "camera.expose"), runAll(new ArrayList<>()),
                "the retry's run counts its frames afresh: no autofocus before its one missing frame");
        h.assertState(id, SequenceState.COMPLETED);
    }
}
