package org.orrery.core.sequence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.orrery.sequence.SequenceState;
import org.orrery.sequence.StepState;
import org.orrery.task.PauseMode;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskStatus;

/** Lookahead of one: the next task step of a sequential list is submitted ahead, depending on the current one. */
class LookaheadTest {

    private static final String THREE = """
            name: three
            main:
              - {type: task, id: a, action: system.noop}
              - {type: task, id: b, action: system.noop}
              - {type: task, id: c, action: system.noop}
            end: [{type: task, id: z, action: system.noop}]
            """;

    private final Harness h = new Harness();

    LookaheadTest() throws Exception {
    }

    private String start(String policyOfA) throws Exception {
        return h.start(THREE.replace("id: a, action: system.noop}", "id: a, action: system.noop" + policyOfA + "}"));
    }

    private TaskRecord task(String id) {
        return h.scheduler.get(id).orElseThrow();
    }

    @Test
    void theNextTaskIsSubmittedAheadAndTheStepStartsOnlyWhenThePreviousEnded() throws Exception {
        String id = start("");
        assertEquals(List.of(id + ".a.1", id + ".b.1"), h.scheduler.submitted.stream().map(t -> t.id()).toList());
        assertEquals(List.of(id + ".a.1"), task(id + ".b.1").spec().dependsOn());
        assertEquals(1, h.scheduler.batches.size(), "both in one submitAll");
        assertEquals(List.of("a"), h.openSteps());
        h.assertStep(id, "b", StepState.PENDING);
        assertFalse(h.events(id).contains("step_started:b"));

        h.complete("a");
        assertTrue(h.events(id).contains("step_started:b"));
        h.assertStep(id, "b", StepState.RUNNING);
        // b runs its queued task (not a second one); c is queued behind it: one waiting task at a time
        assertEquals(List.of("a", "b", "c"), h.submittedSteps());
        assertEquals(List.of(id + ".b.1"), task(id + ".c.1").spec().dependsOn());
        assertEquals(1, h.scheduler.waitingForDependencies().size());

        h.complete("b");
        h.complete("c");
        h.complete("z");
        h.assertState(id, SequenceState.COMPLETED);
        assertEquals(List.of("sequence_started", "step_started:a", "step_completed:a", "step_started:b",
                "step_completed:b", "step_started:c", "step_completed:c", "step_started:z", "step_completed:z",
                "sequence_completed"), h.events(id));
        assertEquals(List.of("a", "b", "c", "z"), h.submittedSteps());
    }

    @Test
    void aStepThatUsesWhatTheStepBeforeGivesIsNotSubmittedAhead() throws Exception {
        h.start("""
                name: uses
                variables: {fixed: 1}
                main:
                  - {type: task, id: a, action: system.echo, outputs: {x: message}}
                  - {type: task, id: b, action: system.echo, parameters: {message: "${x}"}}
                  - {type: task, id: c, action: system.echo, parameters: {message: "${steps.b.state}"}}
                  - {type: task, id: d, action: system.echo, parameters: {message: "${fixed} ${sequence.name}"}}
                """);
        assertEquals(List.of("a"), h.submittedSteps());
        h.complete("a", java.util.Map.of("message", "hi"));
        assertEquals(List.of("a", "b"), h.submittedSteps());
        h.complete("b");
        assertEquals(List.of("a", "b", "c", "d"), h.submittedSteps(), "d uses only constants: submitted ahead");
    }

    @Test
    void aFailureUnderContinueWithdrawsTheQueuedTaskAndTheNextStepRunsANewAttempt() throws Exception {
        String id = start(", on_error: continue");
        h.fail("a");
        assertEquals(TaskStatus.CANCELLED, task(id + ".b.1").status());
        h.assertStep(id, "b", StepState.RUNNING);
        assertEquals(id + ".b.2", h.open("b").id());
        assertFalse(h.events(id).contains("step_failed:b"));
        h.complete("b");
        h.complete("c");
        h.complete("z");
        h.assertState(id, SequenceState.COMPLETED);
    }

    @Test
    void aRetryOfTheStepBeforeWithdrawsTheQueuedTaskAndQueuesAgainBehindTheNewAttempt() throws Exception {
        String id = start(", on_error: {policy: retry, attempts: 1, cooldown: 10}");
        h.fail("a");
        assertEquals(TaskStatus.CANCELLED, task(id + ".b.1").status());
        h.assertStep(id, "b", StepState.PENDING);
        h.advance(Duration.ofSeconds(10));
        assertEquals(id + ".a.2", h.open("a").id());
        assertEquals(List.of(id + ".a.2"), task(id + ".b.2").spec().dependsOn());
        h.complete("a");
        assertEquals(id + ".b.2", h.open("b").id());
        assertFalse(h.events(id).contains("step_failed:b"));
    }

    @Test
    void anAbortSkipsTheQueuedStepAndTheEndAreaRuns() throws Exception {
        String id = start("");
        h.fail("a");
        assertEquals(TaskStatus.CANCELLED, task(id + ".b.1").status());
        h.assertStep(id, "b", StepState.SKIPPED);
        h.complete("z");
        h.assertState(id, SequenceState.FAILED);
        assertFalse(h.events(id).contains("step_started:b"));
    }

    @Test
    void aDeferredPauseWithdrawsTheQueuedTaskAndTheResumeSubmitsANewAttempt() throws Exception {
        String id = start("");
        h.runner.pause(id, PauseMode.DEFERRED);
        assertEquals(TaskStatus.CANCELLED, task(id + ".b.1").status());
        h.complete("a");
        h.assertState(id, SequenceState.PAUSED);
        assertEquals(List.of(), h.openSteps());
        h.runner.resume(id);
        assertEquals(id + ".b.2", h.open("b").id());
        assertFalse(h.events(id).contains("step_failed:b"));
    }

    @Test
    void anImmediatePauseWithdrawsTheQueuedTask() throws Exception {
        String id = start("");
        h.runner.pause(id, PauseMode.IMMEDIATE);
        assertEquals(TaskStatus.CANCELLED, task(id + ".b.1").status());
        h.runner.resume(id);
        h.complete("a");
        assertEquals(id + ".b.2", h.open("b").id());
    }

    @Test
    void aStopAndAHaltCancelTheQueuedTask() throws Exception {
        h.scheduler.slowCancels = true; // a's cancel takes its grace period: the engine has not cancelled b yet
        String stopped = start("");
        h.runner.stop(stopped);
        assertEquals(TaskStatus.CANCELLED, task(stopped + ".b.1").status());
        h.assertStep(stopped, "b", StepState.SKIPPED);
        h.scheduler.landCancels();
        h.complete("z");
        h.assertState(stopped, SequenceState.STOPPED);

        String halted = start("");
        h.runner.halt(halted);
        assertEquals(TaskStatus.CANCELLED, task(halted + ".b.1").status());
        h.scheduler.landCancels();
        h.assertState(halted, SequenceState.HALTED);
    }

    @Test
    void afterARestartTheNextStepAttachesToItsQueuedTask() throws Exception {
        String id = start("");
        h.crash();
        assertEquals(List.of("a", "b"), h.submittedSteps());
        h.complete("a");
        h.assertStep(id, "b", StepState.RUNNING);
        assertEquals(id + ".b.1", h.open("b").id());
        h.complete("b");
        assertEquals(List.of("a", "b", "c"), h.submittedSteps());
    }

    @Test
    void aQueuedTaskThatWasNeverSubmittedIsWithdrawnOnRestart() throws Exception {
        String id = start("");
        h.scheduler.forget(id + ".b.1"); // the process died between the store write and the submit
        h.crash();
        h.complete("a");
        assertEquals(id + ".b.2", h.open("b").id());
        assertFalse(h.events(id).contains("step_failed:b"));
    }

    @Test
    void aQueuedTaskTheEngineCancelledBeforeARestartIsWithdrawn() throws Exception {
        String id = start(", on_error: continue");
        h.actor.hold(); // the old runner never hears of a's failure
        h.fail("a");
        h.crash();
        h.assertStep(id, "a", StepState.FAILED);
        assertEquals(id + ".b.2", h.open("b").id());
        assertFalse(h.events(id).contains("step_failed:b"));
    }

    @Test
    void aQueuedTaskTheSchedulerRefusesIsWithdrawnNotFailed() throws Exception {
        h.scheduler.refused.add("system.echo");
        String id = h.start("""
                name: refused
                main: [{type: task, id: a, action: system.noop}, {type: task, id: b, action: system.echo}]
                """);
        h.assertStep(id, "b", StepState.PENDING);
        assertEquals(List.of("a"), h.openSteps());
        h.scheduler.refused.clear();
        h.complete("a");
        assertEquals(id + ".b.2", h.open("b").id());
    }
}
