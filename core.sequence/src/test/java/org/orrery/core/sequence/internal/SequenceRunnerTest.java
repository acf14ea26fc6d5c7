package org.orrery.core.sequence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.orrery.sequence.SequenceInfo;
import org.orrery.sequence.SequenceState;
import org.orrery.sequence.SequenceStateException;
import org.orrery.sequence.StepState;
import org.orrery.task.PauseMode;
import org.orrery.task.TaskSpec;

class SequenceRunnerTest {

    private final Harness h = new Harness();

    SequenceRunnerTest() throws Exception {
    }

    @Test
    void areasRunInOrderAndEachStepAfterThePreviousEnded() throws Exception {
        String id = h.start("""
                name: order
                start: [{type: task, id: a, action: system.noop}]
                main: [{type: task, id: b, action: system.noop}, {type: task, id: c, action: system.noop}]
                end: [{type: task, id: d, action: system.noop}]
                """);
        for (String step : List.of("a", "b", "c", "d")) {
            assertEquals(List.of(step), h.openSteps());
            h.complete(step);
        }
        h.assertState(id, SequenceState.COMPLETED);
        assertEquals(List.of("sequence_started", "step_started:a", "step_completed:a", "step_started:b",
                "step_completed:b", "step_started:c", "step_completed:c", "step_started:d", "step_completed:d",
                "sequence_completed"), h.events(id));
        SequenceInfo info = h.info(id);
        assertEquals(4, info.stepsDone());
        assertEquals(4, info.stepsTotal());
    }

    @Test
    void aTaskStepIsATaggedTaskWithADeterministicId() throws Exception {
        String id = h.start("""
                name: tags
                main:
                  - {type: task, id: expose, action: camera.expose, parameters: {exposure: 2}, priority: high,
                     timeout: 30, tags: [night], metadata: {who: me}, resources: [{name: "device:cam", mode: read}, {name: system_cpu, type: cpu, mode: read, amount: 2}]}
                """);
        TaskSpec spec = h.open("expose").spec();
        assertEquals(id + ".expose.1", spec.id());
        assertEquals(Map.of("exposure", 2), spec.parameters());
        assertEquals(java.util.Set.of("sequence:" + id, "step:expose", "night"), spec.tags());
        assertEquals(Map.of("who", "me", "sequence_id", id, "step_id", "expose", "path", "/main/0"), spec.metadata());
        assertEquals(Duration.ofSeconds(30), spec.timeout());
        assertEquals(org.orrery.task.Priority.HIGH, spec.priority());
        assertEquals(java.util.List.of(org.orrery.task.ResourceClaim.shared("device:cam"), new org.orrery.task.ResourceClaim(
                "system_cpu", org.orrery.task.ResourceClaim.Type.CPU, org.orrery.task.ResourceClaim.Mode.READ, 2)),
                spec.resources(), "seed 003's type; without one, custom");
    }

    @Test
    void setVariablesMacrosAndOutputs() throws Exception {
        String id = h.start("""
                name: vars
                variables: {count: 2, target: M42}
                main:
                  - {type: set, id: s, variables: {count: 3, label: "${target} x${count}"}}
                  - {type: task, id: t, action: camera.expose, parameters: {count: "${count}", label: "${label}"},
                     outputs: {hfr: hfr, first: "files.0"}}
                  - {type: task, id: u, action: system.echo, parameters: {message: "${steps.t.result.hfr} ${first}"}}
                """);
        assertEquals(Map.of("count", 3, "label", "M42 x2"), h.open("t").spec().parameters());
        h.complete("t", Map.of("hfr", 2.5, "files", List.of("a.fits", "b.fits")));
        assertEquals(Map.of("message", "2.5 a.fits"), h.open("u").spec().parameters());
        assertEquals(2.5, h.info(id).variables().get("hfr"));
        assertEquals("a.fits", h.info(id).variables().get("first"));
        assertEquals(Map.of("hfr", 2.5, "files", List.of("a.fits", "b.fits")), h.step(id, "t").result());
    }

    @Test
    void aMacroThatDoesNotResolveFailsTheStep() throws Exception {
        String id = h.start("""
                name: missing
                on_error: continue
                main:
                  - {type: task, id: t, action: system.echo, parameters: {message: "${steps.nothing.result.x}"}}
                  - {type: task, id: u, action: system.noop}
                """);
        h.assertStep(id, "t", StepState.FAILED);
        assertEquals(List.of("u"), h.openSteps());
    }

    @Test
    void parallelRunsAtMostMaxConcurrencyAtOnce() throws Exception {
        String id = h.start("""
                name: parallel
                main:
                  - type: parallel
                    id: p
                    max_concurrency: 2
                    steps:
                      - {type: task, id: a, action: system.noop}
                      - {type: task, id: b, action: system.noop}
                      - {type: task, id: c, action: system.noop}
                      - {type: task, id: d, action: system.noop}
                  - {type: task, id: after, action: system.noop}
                """);
        assertEquals(List.of("a", "b"), h.openSteps());
        h.complete("b");
        assertEquals(List.of("a", "c"), h.openSteps());
        h.complete("a");
        h.complete("c");
        assertEquals(List.of("d"), h.openSteps());
        h.complete("d");
        assertEquals(List.of("after"), h.openSteps());
        h.assertStep(id, "p", StepState.COMPLETED);
    }

    @Test
    void parallelWithoutALimitStartsEveryStep() throws Exception {
        h.start("""
                name: parallel
                main:
                  - type: parallel
                    id: p
                    steps: [{type: task, id: a, action: system.noop}, {type: task, id: b, action: system.noop},
                            {type: task, id: c, action: system.noop}]
                """);
        assertEquals(List.of("a", "b", "c"), h.openSteps());
    }

    @Test
    void nestedLoopsWithConditionsRunEveryIterationWithItsOwnTask() throws Exception {
        String id = h.start("""
                name: loops
                variables: {done: false}
                main:
                  - type: loop
                    id: outer
                    count: 2
                    max_iterations: 5
                    steps:
                      - type: loop
                        id: inner
                        while: {field: done, operator: equals, value: false}
                        max_iterations: 3
                        steps:
                          - {type: task, id: work, action: system.noop}
                          - type: conditional
                            id: check
                            condition: {field: steps.inner.iteration, operator: greater_or_equal, value: 2}
                            then: [{type: set, id: stop, variables: {done: true}}]
                      - {type: set, id: again, variables: {done: false}}
                """);
        h.complete("work");
        h.complete("work");
        // the inner loop ended after 2 iterations, the outer loop begins its second
        h.complete("work");
        h.complete("work");
        h.assertState(id, SequenceState.COMPLETED);
        assertEquals(List.of(id + ".work.1.1.1", id + ".work.1.2.1", id + ".work.2.1.1", id + ".work.2.2.1"),
                h.scheduler.submitted.stream().map(TaskSpec::id).toList());
        assertEquals(2, h.step(id, "outer").iteration());
        assertEquals(4, h.step(id, "work").taskIds().size());
    }

    @Test
    void aLoopNeverBeginsMoreThanMaxIterations() throws Exception {
        String id = h.start("""
                name: bounded
                main:
                  - type: loop
                    id: l
                    while: {field: sequence.name, operator: equals, value: bounded}
                    max_iterations: 3
                    steps: [{type: task, id: work, action: system.noop}]
                """);
        for (int i = 0; i < 3; i++) {
            h.complete("work");
        }
        h.assertState(id, SequenceState.COMPLETED);
        assertEquals(3, h.scheduler.submitted.size());
    }

    @Test
    void aLoopUntilAnInstantStopsWhenItPassed() throws Exception {
        String id = h.start("""
                name: until
                main:
                  - type: loop
                    id: l
                    until: "2026-01-01T20:10:00Z"
                    max_iterations: 100
                    steps: [{type: wait, id: w, seconds: 240}]
                """);
        h.advance(Duration.ofMinutes(12));
        h.assertState(id, SequenceState.COMPLETED);
        assertEquals(3, h.step(id, "l").iteration());
    }

    @Test
    void waitsCountOnTheClock() throws Exception {
        String id = h.start("""
                name: waits
                main:
                  - {type: wait, id: s, seconds: 30}
                  - {type: wait, id: u, until: "2026-01-01T22:00:00Z"}
                """);
        h.advance(Duration.ofSeconds(29));
        h.assertStep(id, "s", StepState.RUNNING);
        h.advance(Duration.ofSeconds(1));
        h.assertStep(id, "s", StepState.COMPLETED);
        h.advance(Duration.ofHours(1));
        h.assertState(id, SequenceState.RUNNING);
        h.advance(Duration.ofHours(1));
        h.assertState(id, SequenceState.COMPLETED);
    }

    @Test
    void aConditionWaitRechecksAndFailsAtItsTimeout() throws Exception {
        String id = h.start("""
                name: condition
                variables: {ready: false}
                main:
                  - type: parallel
                    id: p
                    on_error: continue
                    steps:
                      - {type: wait, id: w, condition: {field: ready, operator: equals, value: true}, interval: 10,
                         timeout: 60}
                      - {type: wait, id: never, condition: {field: ready, operator: equals, value: 42}, timeout: 60}
                      - {type: task, id: t, action: system.noop, outputs: {ready: ok}}
                """);
        h.complete("t", Map.of("ok", true));
        h.advance(Duration.ofSeconds(10));
        h.assertStep(id, "w", StepState.COMPLETED);
        h.advance(Duration.ofSeconds(49));
        h.assertStep(id, "never", StepState.RUNNING);
        h.advance(Duration.ofSeconds(1));
        h.assertStep(id, "never", StepState.FAILED);
        h.assertState(id, SequenceState.COMPLETED);
    }

    @Test
    void continueMarksTheStepFailedAndGoesOn() throws Exception {
        String id = h.start("""
                name: continue
                main:
                  - type: sequential
                    id: box
                    on_error: continue
                    steps: [{type: task, id: a, action: system.fail}, {type: task, id: b, action: system.noop}]
                """);
        h.fail("a");
        h.complete("b");
        h.assertStep(id, "a", StepState.FAILED);
        h.assertStep(id, "box", StepState.COMPLETED);
        h.assertState(id, SequenceState.COMPLETED);
    }

    @Test
    void skipEndsTheContainerAndItsParentGoesOn() throws Exception {
        String id = h.start("""
                name: skip
                main:
                  - type: sequential
                    id: box
                    steps:
                      - {type: task, id: a, action: system.fail, on_error: skip}
                      - {type: task, id: b, action: system.noop}
                  - {type: task, id: c, action: system.noop}
                """);
        h.fail("a");
        assertEquals(List.of("c"), h.openSteps());
        h.complete("c");
        h.assertStep(id, "b", StepState.SKIPPED);
        h.assertStep(id, "box", StepState.FAILED);
        h.assertState(id, SequenceState.COMPLETED);
    }

    @Test
    void skipInsideAParallelContainerCancelsItsRunningSteps() throws Exception {
        String id = h.start("""
                name: skip
                main:
                  - type: parallel
                    id: p
                    max_concurrency: 2
                    steps:
                      - {type: task, id: a, action: system.fail, on_error: skip}
                      - {type: task, id: b, action: system.noop}
                      - {type: task, id: c, action: system.noop}
                  - {type: task, id: after, action: system.noop}
                """);
        h.fail("a");
        h.assertStep(id, "b", StepState.CANCELLED);
        h.assertStep(id, "c", StepState.SKIPPED);
        assertEquals(List.of("after"), h.openSteps());
    }

    @Test
    void skipToEndRunsTheEndAreaAndCompletesWithTheError() throws Exception {
        String id = h.start("""
                name: s2e
                on_error: skip_to_end
                main: [{type: task, id: a, action: system.fail}, {type: task, id: b, action: system.noop}]
                end: [{type: task, id: park, action: mount.park}]
                """);
        h.fail("a");
        h.complete("park");
        h.assertStep(id, "b", StepState.SKIPPED);
        h.assertState(id, SequenceState.COMPLETED);
        assertTrue(h.info(id).error().contains("'a'"), h.info(id).error());
    }

    @Test
    void abortRunsTheEndAreaAndFails() throws Exception {
        String id = h.start("""
                name: abort
                start: [{type: task, id: a, action: system.fail}]
                main: [{type: task, id: b, action: system.noop}]
                end: [{type: task, id: park, action: mount.park}]
                """);
        h.fail("a");
        h.complete("park");
        h.assertStep(id, "b", StepState.SKIPPED);
        h.assertState(id, SequenceState.FAILED);
        assertTrue(h.events(id).contains("sequence_failed"));
    }

    @Test
    void aFailureInTheEndAreaSkipsTheRestOfItAndFails() throws Exception {
        String id = h.start("""
                name: end
                on_error: skip_to_end
                end: [{type: task, id: a, action: system.fail}, {type: task, id: b, action: system.noop}]
                """);
        h.fail("a");
        h.assertStep(id, "b", StepState.SKIPPED);
        h.assertState(id, SequenceState.FAILED);
    }

    @Test
    void retryRunsTheStepAgainAfterItsCooldownThenFollowsThen() throws Exception {
        String id = h.start("""
                name: retry
                main:
                  - {type: task, id: a, action: system.fail, on_error: {policy: retry, attempts: 2, cooldown: 30,
                     then: continue}}
                  - {type: task, id: b, action: system.noop}
                """);
        h.fail("a");
        assertEquals(List.of(), h.openSteps());
        h.advance(Duration.ofSeconds(30));
        assertEquals(id + ".a.2", h.open("a").id());
        h.fail("a");
        h.advance(Duration.ofSeconds(30));
        h.fail("a");
        h.assertStep(id, "a", StepState.FAILED);
        assertEquals(3, h.step(id, "a").attempts());
        assertEquals(List.of(id + ".a.1", id + ".a.2", id + ".a.3"), h.step(id, "a").taskIds());
        assertEquals(List.of("b"), h.openSteps());
    }

    @Test
    void aTaskCancelledFromOutsideFailsItsStep() throws Exception {
        String id = h.start("""
                name: cancelled
                main: [{type: task, id: a, action: system.noop, on_error: continue}, {type: task, id: b, action: system.noop}]
                """);
        h.scheduler.cancel(h.open("a").id(), "a user cancelled the task");
        h.assertStep(id, "a", StepState.FAILED);
        assertTrue(h.step(id, "a").error().contains("a user cancelled the task"), h.step(id, "a").error());
        assertEquals(List.of("b"), h.openSteps());
    }

    @Test
    void aRefusedTaskFailsItsStep() throws Exception {
        h.scheduler.refused.add("nothing.here");
        String id = h.start("""
                name: refused
                main: [{type: task, id: a, action: nothing.here}]
                end: [{type: task, id: park, action: mount.park}]
                """);
        h.assertStep(id, "a", StepState.FAILED);
        h.complete("park");
        h.assertState(id, SequenceState.FAILED);
    }

    @Test
    void skipToEndFromDeepInsideALoop() throws Exception {
        String id = h.start("""
                name: deep
                main:
                  - type: loop
                    id: outer
                    count: 3
                    max_iterations: 3
                    steps:
                      - type: loop
                        id: inner
                        count: 3
                        max_iterations: 3
                        steps:
                          - {type: task, id: work, action: system.noop}
                end: [{type: task, id: park, action: mount.park}]
                """);
        h.complete("work");
        h.complete("work");
        h.runner.skipToEnd(id);
        assertEquals(List.of("park"), h.openSteps());
        assertTrue(h.scheduler.cancelled.contains(id + ".work.1.3.1"));
        h.complete("park");
        h.assertState(id, SequenceState.COMPLETED);
        h.assertStep(id, "outer", StepState.CANCELLED);
        assertEquals(3, h.scheduler.submitted.size() - 1);
    }

    @Test
    void aFailureDeepInsideALoopSkipsToTheEnd() throws Exception {
        String id = h.start("""
                name: deep
                main:
                  - type: loop
                    id: outer
                    count: 3
                    max_iterations: 3
                    steps:
                      - type: loop
                        id: inner
                        count: 3
                        max_iterations: 3
                        steps:
                          - {type: task, id: work, action: system.noop, on_error: skip_to_end}
                end: [{type: task, id: park, action: mount.park}]
                """);
        h.complete("work");
        h.fail("work");
        assertEquals(List.of("park"), h.openSteps());
        h.complete("park");
        h.assertState(id, SequenceState.COMPLETED);
    }

    @Test
    void deferredPauseLetsRunningStepsFinishThenStartsNothing() throws Exception {
        String id = h.start("""
                name: pause
                main:
                  - type: parallel
                    id: p
                    max_concurrency: 1
                    steps: [{type: task, id: a, action: system.noop}, {type: task, id: b, action: system.noop}]
                """);
        h.runner.pause(id, PauseMode.DEFERRED);
        h.assertState(id, SequenceState.PAUSING);
        h.complete("a");
        h.assertState(id, SequenceState.PAUSED);
        assertEquals(List.of(), h.openSteps());
        h.runner.resume(id);
        h.complete("b");
        h.assertState(id, SequenceState.COMPLETED);
        assertTrue(h.events(id).containsAll(List.of("sequence_paused", "sequence_resumed")));
    }

    @Test
    void immediatePauseCancelsTheTaskAndResumeRetriesTheSameTask() throws Exception {
        String id = h.start("""
                name: pause
                main: [{type: task, id: a, action: system.noop, outputs: {n: n}}]
                """);
        h.runner.pause(id, PauseMode.IMMEDIATE);
        h.assertState(id, SequenceState.PAUSED);
        assertEquals(List.of(id + ".a.1"), h.scheduler.cancelled);
        h.assertStep(id, "a", StepState.PENDING); // the CANCELLED end of its task is ignored
        assertFalse(h.events(id).contains("step_failed:a"));
        h.runner.resume(id);
        assertEquals(List.of(id + ".a.1"), h.scheduler.retried);
        assertEquals(id + ".a.1", h.open("a").id());
        assertEquals(1, h.scheduler.submitted.size());
        h.complete("a", Map.of("n", 7));
        h.assertState(id, SequenceState.COMPLETED);
        assertEquals(List.of(id + ".a.1"), h.step(id, "a").taskIds());
        assertEquals(2, h.step(id, "a").attempts());
        assertEquals(7, h.info(id).variables().get("n"));
    }

    @Test
    void aTaskThatCompletedBeforeItsCancelLandedCompletesItsStepOnResume() throws Exception {
        String id = h.start("""
                name: pause
                main: [{type: task, id: a, action: system.noop, outputs: {n: n}}]
                """);
        h.scheduler.slowCancels = true;
        h.runner.pause(id, PauseMode.IMMEDIATE);
        h.complete("a", Map.of("n", 3));
        h.assertStep(id, "a", StepState.PENDING);
        h.runner.resume(id);
        h.assertState(id, SequenceState.COMPLETED);
        assertEquals(List.of(), h.scheduler.retried);
        assertEquals(3, h.info(id).variables().get("n"));
    }

    @Test
    void resumeWaitsForTheCancelToLandBeforeRetrying() throws Exception {
        String id = h.start("name: pause\nmain: [{type: task, id: a, action: system.noop}]\n");
        h.scheduler.slowCancels = true;
        h.runner.pause(id, PauseMode.IMMEDIATE);
        h.runner.resume(id);
        assertEquals(List.of(), h.scheduler.retried);
        h.scheduler.landCancels();
        assertEquals(List.of(id + ".a.1"), h.scheduler.retried);
        h.complete("a");
        h.assertState(id, SequenceState.COMPLETED);
    }

    @Test
    void aStopWhilePausedCancelsTheSuspendedStep() throws Exception {
        String id = h.start("""
                name: pause
                main: [{type: task, id: a, action: system.noop}]
                end: [{type: task, id: e, action: system.noop}]
                """);
        h.runner.pause(id, PauseMode.IMMEDIATE);
        h.runner.stop(id);
        h.assertStep(id, "a", StepState.CANCELLED);
        assertEquals(List.of(id + ".a.1"), h.scheduler.cancelled);
        h.complete("e");
        h.assertState(id, SequenceState.STOPPED);
        assertEquals(List.of(), h.scheduler.retried);
    }

    @Test
    void aWaitCountsOnWhilePaused() throws Exception {
        String id = h.start("""
                name: pause
                main: [{type: wait, id: w, seconds: 60}, {type: task, id: a, action: system.noop}]
                """);
        h.runner.pause(id, PauseMode.IMMEDIATE);
        h.advance(Duration.ofSeconds(60));
        h.assertStep(id, "w", StepState.COMPLETED);
        assertEquals(List.of(), h.openSteps());
        h.runner.resume(id);
        assertEquals(List.of("a"), h.openSteps());
    }

    @Test
    void stopCancelsRunsTheEndAreaAndEndsStopped() throws Exception {
        String id = h.start("""
                name: stop
                main: [{type: task, id: a, action: system.noop}, {type: task, id: b, action: system.noop}]
                end: [{type: task, id: park, action: mount.park}]
                """);
        h.runner.stop(id);
        h.assertStep(id, "a", StepState.CANCELLED);
        h.assertStep(id, "b", StepState.SKIPPED);
        h.complete("park");
        h.assertState(id, SequenceState.STOPPED);
    }

    @Test
    void haltSkipsEvenTheEndArea() throws Exception {
        String id = h.start("""
                name: halt
                main: [{type: task, id: a, action: system.noop}]
                end: [{type: task, id: park, action: mount.park}]
                """);
        h.runner.halt(id);
        h.assertState(id, SequenceState.HALTED);
        assertEquals(List.of("a"), h.submittedSteps());
        h.assertStep(id, "park", StepState.SKIPPED);
        assertThrows(SequenceStateException.class, () -> h.runner.resume(id));
    }

    @Test
    void commandsThatDoNotFitTheStateAreRefused() throws Exception {
        String id = h.create("name: x\nmain: [{type: task, id: a, action: system.noop}]\n");
        assertThrows(SequenceStateException.class, () -> h.runner.pause(id, PauseMode.DEFERRED));
        assertThrows(SequenceStateException.class, () -> h.runner.resume(id));
        h.runner.start(id);
        assertThrows(SequenceStateException.class, () -> h.runner.start(id));
        assertThrows(SequenceStateException.class, () -> h.runner.delete(id));
        h.complete("a");
        h.runner.delete(id);
        assertTrue(h.runner.get(id).isEmpty());
    }

    @Test
    void whenFinishedCompletesWithTheFinalState() throws Exception {
        String id = h.start("name: x\nmain: [{type: task, id: a, action: system.noop}]\n");
        var done = h.runner.whenFinished(id).toCompletableFuture();
        assertTrue(!done.isDone());
        h.complete("a");
        assertEquals(SequenceState.COMPLETED, done.getNow(null).state());
    }

    @Test
    void theStepTreeShowsStatesIterationsTasksAndProgress() throws Exception {
        String id = h.start("""
                name: tree
                main:
                  - type: loop
                    id: l
                    count: 2
                    max_iterations: 2
                    steps: [{type: task, id: t, action: system.noop}]
                  - type: conditional
                    id: c
                    condition: {field: steps.t.state, operator: equals, value: completed}
                    then: [{type: set, id: held, variables: {ok: true}}]
                    else: [{type: set, id: other, variables: {ok: false}}]
                """);
        h.complete("t");
        SequenceInfo running = h.info(id);
        assertEquals("main", running.area());
        assertEquals(List.of("/main/0/steps/0"), running.currentSteps());
        assertEquals(1, running.stepsDone());
        assertEquals(4, running.stepsTotal()); // t twice (its second iteration began), both branches not decided
        h.complete("t");
        SequenceInfo done = h.info(id);
        assertEquals(List.of("start", "main", "end"), done.areas().stream().map(s -> s.id()).toList());
        assertEquals(2, h.step(id, "l").iteration());
        assertEquals(2, h.step(id, "t").iteration());
        assertEquals(List.of(id + ".t.1.1", id + ".t.2.1"), h.step(id, "t").taskIds());
        h.assertStep(id, "held", StepState.COMPLETED);
        h.assertStep(id, "other", StepState.SKIPPED);
        assertEquals(true, done.variables().get("ok"));
        assertEquals(3, done.stepsDone());
        assertEquals(3, done.stepsTotal());
        assertEquals(SequenceState.COMPLETED, done.state());
        assertEquals(null, done.area());
    }

    @Test
    void aDeferredPauseWaitsForARunningWaitAndAStopWhilePausedRunsTheEndArea() throws Exception {
        String id = h.start("""
                name: pause
                main: [{type: wait, id: w, seconds: 60}, {type: task, id: a, action: system.noop}]
                end: [{type: task, id: park, action: mount.park}]
                """);
        h.runner.pause(id, PauseMode.DEFERRED);
        h.advance(Duration.ofSeconds(59));
        h.assertState(id, SequenceState.PAUSING);
        h.advance(Duration.ofSeconds(1));
        h.assertState(id, SequenceState.PAUSED);
        h.runner.stop(id);
        h.assertStep(id, "a", StepState.SKIPPED);
        h.complete("park");
        h.assertState(id, SequenceState.STOPPED);
        assertEquals(List.of("park"), h.submittedSteps());
    }

    @Test
    void aWaitThatTimesOutIsRetriedWithAFreshTimeout() throws Exception {
        String id = h.start("""
                name: retry wait
                variables: {ready: false}
                main:
                  - {type: wait, id: w, condition: {field: ready, operator: equals, value: true}, interval: 5, timeout: 10,
                     on_error: {policy: retry, attempts: 1, cooldown: 5, then: skip_to_end}}
                  - {type: task, id: a, action: system.noop}
                """);
        h.advance(Duration.ofSeconds(10));
        h.assertStep(id, "w", StepState.PENDING);
        h.advance(Duration.ofSeconds(14));
        h.assertStep(id, "w", StepState.RUNNING);
        h.advance(Duration.ofSeconds(1));
        h.assertStep(id, "w", StepState.FAILED);
        assertEquals(2, h.step(id, "w").attempts());
        h.assertState(id, SequenceState.COMPLETED);
        assertEquals(List.of(), h.submittedSteps());
    }

    @Test
    void twoSequencesRunSideBySide() throws Exception {
        String one = h.start("name: one\nmain: [{type: task, id: a, action: camera.expose}]\n");
        String two = h.start("name: two\nmain: [{type: task, id: b, action: camera.expose}]\n");
        assertEquals(List.of("a", "b"), h.openSteps());
        h.complete("b");
        h.assertState(two, SequenceState.COMPLETED);
        h.assertState(one, SequenceState.RUNNING);
        h.complete("a");
        h.assertState(one, SequenceState.COMPLETED);
    }

    @Test
    void taskEndsThatQueueUpAreStoredInOneUpdateAndTheirNextTasksSubmittedTogether() throws Exception {
        String id = h.start("""
                name: batch
                main:
                  - type: parallel
                    id: first
                    steps: [{type: task, id: a1, action: system.noop}, {type: task, id: a2, action: system.noop},
                            {type: task, id: a3, action: system.noop}, {type: task, id: a4, action: system.noop}]
                  - type: parallel
                    id: second
                    steps: [{type: task, id: b1, action: system.noop}, {type: task, id: b2, action: system.noop},
                            {type: task, id: b3, action: system.noop}, {type: task, id: b4, action: system.noop}]
                """);
        assertEquals(List.of("a1", "a2", "a3", "a4"), h.openSteps());
        int updates = h.store.updates;
        int batches = h.scheduler.batches.size();
        h.actor.hold(); // the runner's thread is busy: the four task ends queue up
        for (String step : List.of("a1", "a2", "a3", "a4")) {
            h.complete(step);
        }
        h.actor.release();
        assertEquals(1, h.store.updates - updates);
        assertEquals(batches + 1, h.scheduler.batches.size());
        assertEquals(List.of("b1", "b2", "b3", "b4"), h.scheduler.batches.get(batches).stream()
                .map(t -> t.metadata().get("step_id")).toList());
        assertEquals(List.of("b1", "b2", "b3", "b4"), h.openSteps());
        h.assertStep(id, "first", StepState.COMPLETED);
        h.assertStep(id, "a4", StepState.COMPLETED);
    }

    @Test
    void aCallerNeverSeesAStateThatIsNotStoredYet() throws Exception {
        String id = h.start("name: last\nmain: [{type: task, id: a, action: system.noop}]\n");
        h.actor.hold();
        h.complete("a"); // its task end is handled first, its flush is posted behind the call below
        var storedWhenAnswered = h.runner.whenFinished(id)
                .thenApply(info -> info.state() + " stored " + h.store.get(id).orElseThrow().state());
        h.actor.release();
        assertEquals("COMPLETED stored COMPLETED", storedWhenAnswered.toCompletableFuture().getNow(null));
    }

    @Test
    void aListShowsWhatAPendingFlushStored() throws Exception {
        String first = h.start("name: first\nmain: [{type: task, id: a, action: system.noop}]\n");
        String second = h.start("name: second\nmain: [{type: task, id: b, action: system.noop}]\n");
        var listed = h.store.get(second).orElseThrow(); // read before its task ends, as a list query would be
        // answered on the runner's thread after the first sequence's flush, before the second's
        var shown = h.runner.whenFinished(first).thenApply(info -> {
            try {
                SequenceInfo i = h.runner.infos(List.of(listed)).get(0);
                return i.state() + " stored " + h.store.get(second).orElseThrow().state();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        h.actor.hold();
        h.complete("a");
        h.complete("b");
        h.actor.release();
        assertEquals("COMPLETED stored COMPLETED", shown.toCompletableFuture().getNow(null));
    }
}
