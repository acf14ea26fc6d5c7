package org.orrery.core.sequence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.orrery.sequence.SequenceState;
import org.orrery.sequence.StepState;
import org.orrery.task.PauseMode;
import org.orrery.task.TaskStoreException;

class SequenceRecoveryTest {

    private final Harness h = new Harness();

    SequenceRecoveryTest() throws Exception {
    }

    @Test
    void aRestartReattachesToTheRunningTaskAndNeverRerunsCompletedSteps() throws Exception {
        String id = h.start("""
                name: restart
                variables: {n: 1}
                main:
                  - {type: task, id: a, action: system.noop, outputs: {n: n}}
                  - {type: task, id: b, action: system.noop}
                  - {type: task, id: c, action: system.echo, parameters: {message: "${n}"}}
                """);
        h.complete("a", Map.of("n", 7));
        h.crash();
        assertEquals(List.of("a", "b"), h.submittedSteps());
        h.complete("b");
        assertEquals(List.of("a", "b", "c"), h.submittedSteps());
        assertEquals(Map.of("message", 7), h.open("c").spec().parameters());
        h.crash();
        h.complete("c");
        h.assertState(id, SequenceState.COMPLETED);
        assertEquals(List.of("a", "b", "c"), h.submittedSteps());
    }

    @Test
    void variablesKeepTheirValuesExactlyAcrossARestart() throws Exception {
        String id = h.start("""
                name: decimals
                variables: {x: 1.50, big: 12345678901234}
                main: [{type: task, id: a, action: system.noop}, {type: task, id: b, action: system.echo,
                        parameters: {message: "${x} ${big}"}}]
                """);
        h.crash();
        h.complete("a");
        assertEquals(Map.of("message", "1.50 12345678901234"), h.open("b").spec().parameters());
        assertEquals(new java.math.BigDecimal("1.50"), h.info(id).variables().get("x"));
    }

    @Test
    void aTaskNeverSubmittedBeforeTheCrashIsSubmittedWithTheSameId() throws Exception {
        String id = h.start("name: lost\nmain: [{type: task, id: a, action: system.noop}]\n");
        h.scheduler.forget(id + ".a.1");
        h.crash();
        assertEquals(id + ".a.1", h.open("a").id());
        h.complete("a");
        h.assertState(id, SequenceState.COMPLETED);
    }

    @Test
    void aTaskThatEndedWhileTheRunnerWasDownIsTakenUp() throws Exception {
        String id = h.start("name: down\nmain: [{type: task, id: a, action: system.fail}, {type: task, id: b, action: system.noop}]\nend: [{type: task, id: park, action: mount.park}]\n");
        h.runner.close();
        h.fail("a");
        h.crash();
        h.assertStep(id, "a", StepState.FAILED);
        assertEquals(List.of("park"), h.openSteps());
    }

    @Test
    void loopCountersAndWaitsSurviveARestart() throws Exception {
        String id = h.start("""
                name: loop
                main:
                  - type: loop
                    id: l
                    count: 3
                    max_iterations: 3
                    steps: [{type: task, id: t, action: system.noop}, {type: wait, id: w, seconds: 100}]
                """);
        h.complete("t");
        h.advance(Duration.ofSeconds(50));
        h.crash();
        h.advance(Duration.ofSeconds(49));
        assertEquals(List.of(), h.openSteps());
        h.advance(Duration.ofSeconds(1));
        assertEquals(id + ".t.2.1", h.open("t").id());
        h.crash();
        h.complete("t");
        h.advance(Duration.ofSeconds(100));
        h.complete("t");
        h.advance(Duration.ofSeconds(100));
        h.assertState(id, SequenceState.COMPLETED);
        assertEquals(3, h.step(id, "l").iteration());
        assertEquals(3, h.scheduler.submitted.size());
    }

    @Test
    void aPausedSequenceStaysPausedAfterARestart() throws Exception {
        String id = h.start("name: p\nmain: [{type: task, id: a, action: system.noop}, {type: task, id: b, action: system.noop}]\n");
        h.runner.pause(id, PauseMode.DEFERRED);
        h.complete("a");
        h.crash();
        h.assertState(id, SequenceState.PAUSED);
        assertEquals(List.of(), h.openSteps());
        h.runner.resume(id);
        h.complete("b");
        h.assertState(id, SequenceState.COMPLETED);
    }

    @Test
    void aStepSuspendedByAnImmediatePauseStaysSuspendedAcrossARestartAndResumeRetriesItsTask() throws Exception {
        String id = h.start("name: p\nmain: [{type: task, id: a, action: system.noop}]\n");
        h.runner.pause(id, PauseMode.IMMEDIATE);
        h.crash();
        h.assertState(id, SequenceState.PAUSED);
        h.assertStep(id, "a", StepState.PENDING);
        assertEquals(List.of(), h.scheduler.retried);
        h.runner.resume(id);
        assertEquals(List.of(id + ".a.1"), h.scheduler.retried);
        h.crash();
        h.complete("a");
        h.assertState(id, SequenceState.COMPLETED);
        assertEquals(List.of(id + ".a.1"), h.step(id, "a").taskIds());
        assertEquals(1, h.scheduler.submitted.size());
    }

    @Test
    void aRestartBetweenResumeAndRetryRetriesTheTask() throws Exception {
        String id = h.start("name: p\nmain: [{type: task, id: a, action: system.noop}]\n");
        h.scheduler.slowCancels = true;
        h.runner.pause(id, PauseMode.IMMEDIATE);
        h.runner.resume(id); // stored: running, the step suspended; the retry waits for the cancel
        h.crash();
        h.scheduler.landCancels();
        assertEquals(List.of(id + ".a.1"), h.scheduler.retried);
        h.complete("a");
        h.assertState(id, SequenceState.COMPLETED);
        assertEquals(1, h.scheduler.submitted.size());
    }

    @Test
    void aRestartAfterTheRetryBeforeItWasStoredAttachesToTheTask() throws Exception {
        String id = h.start("name: p\nmain: [{type: task, id: a, action: system.noop}]\n");
        h.scheduler.slowCancels = true;
        h.runner.pause(id, PauseMode.IMMEDIATE);
        h.runner.resume(id);
        h.actor.hold(); // the old runner never hears of the end
        h.scheduler.landCancels();
        h.scheduler.retry(id + ".a.1"); // as the old runner did before it died
        h.crash();
        assertEquals(List.of(id + ".a.1"), h.scheduler.retried);
        h.complete("a");
        h.assertState(id, SequenceState.COMPLETED);
        assertEquals(1, h.scheduler.submitted.size());
    }

    @Test
    void aTaskRetriedBeforeTheRestartThatFailsFailsItsStepWithoutAnotherRetry() throws Exception {
        String id = h.start("name: p\nmain: [{type: task, id: a, action: system.noop}]\n");
        h.scheduler.slowCancels = true;
        h.runner.pause(id, PauseMode.IMMEDIATE);
        h.runner.resume(id);
        h.actor.hold(); // the old runner never hears of the end
        h.scheduler.landCancels();
        h.scheduler.retry(id + ".a.1"); // as the old runner did before it died
        h.crash();
        h.fail("a");
        h.assertStep(id, "a", StepState.FAILED);
        assertEquals(List.of(id + ".a.1"), h.scheduler.retried);
    }

    @Test
    void aRetryCooldownSurvivesARestart() throws Exception {
        String id = h.start("""
                name: retry
                main: [{type: task, id: a, action: system.fail, on_error: {policy: retry, attempts: 1, cooldown: 60}}]
                """);
        h.fail("a");
        h.crash();
        h.advance(Duration.ofSeconds(59));
        assertEquals(List.of(), h.openSteps());
        h.advance(Duration.ofSeconds(1));
        assertEquals(id + ".a.2", h.open("a").id());
    }

    @Test
    void whatTheStoreRefusedDidNotHappenAndTheSequenceIsReadAgain() throws Exception {
        String id = h.start("name: s\nmain: [{type: task, id: a, action: system.noop}, {type: task, id: b, action: system.noop}]\n");
        h.store.failing = true;
        h.complete("a");
        assertEquals(List.of(), h.openSteps());
        assertThrows(TaskStoreException.class, () -> h.runner.stop(id));
        h.store.failing = false;
        h.advance(SequenceRunner.STORE_RETRY);
        assertEquals(List.of("b"), h.openSteps());
        assertEquals(List.of("a", "b"), h.submittedSteps());
        assertEquals(List.of(), h.scheduler.cancelled);
        h.complete("b");
        h.assertState(id, SequenceState.COMPLETED);
        assertEquals(1, h.events(id).stream().filter(e -> e.equals("step_completed:a")).count());
    }
}
