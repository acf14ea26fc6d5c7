package org.orrery.core.scheduler.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.orrery.task.RetryPolicy;
import org.orrery.task.TaskParameterException;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskSpec;
import org.orrery.task.TaskStatus;

/** Times far away, or out of range: the engine never overflows, refuses them at submission, and recovers without them. */
class TaskEngineTimesTest {

    private final InMemoryTaskStore store = new InMemoryTaskStore();
    private TaskEngine engine;

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    private TaskEngine engine() {
        engine = new TaskEngine(EngineSettings.defaults(), store, e -> { }, Clock.systemUTC(), ParameterValidator.NONE);
        engine.addAction(new TestActions.Quick("system.echo"), "test");
        return engine;
    }

    @Test
    void aStartTimeCenturiesAheadIsAcceptedAndWaits() throws Exception {
        TaskRecord r = engine().submit(TaskSpec.builder("system.echo").id("far")
                .notBefore(Instant.parse("2150-01-01T00:00:00Z")).deadline(TaskSpec.LATEST_TIME)
                .timeout(Duration.ofSeconds(Long.MAX_VALUE / 2)).build());
        assertEquals(TaskStatus.PENDING, r.status());
        assertTrue(r.waitingFor().contains("start time"), r.waitingFor());
        assertEquals(TaskStatus.PENDING, store.get("far").orElseThrow().status());
    }

    @Test
    void timesOutOfRangeAreRefusedNamingTheFieldAndTheRange() {
        engine();
        for (Instant bad : List.of(Instant.MAX, Instant.MIN, Instant.parse("1000-01-01T00:00:00Z"), Instant.parse("2400-01-01T00:00:00Z"),
                TaskSpec.LATEST_TIME.plusSeconds(1), TaskSpec.EARLIEST_TIME.minusNanos(1))) {
            TaskParameterException notBefore = assertThrows(TaskParameterException.class,
                    () -> engine.submit(TaskSpec.builder("system.echo").id("nb").notBefore(bad).build()));
            assertTrue(notBefore.getMessage().contains("not_before must lie between 2000-01-01T00:00:00Z and"
                    + " 2199-12-31T23:59:59Z, was " + bad), notBefore.getMessage());
            TaskParameterException deadline = assertThrows(TaskParameterException.class,
                    () -> engine.submit(TaskSpec.builder("system.echo").id("dl").deadline(bad).build()));
            assertTrue(deadline.getMessage().contains("deadline must lie between"), deadline.getMessage());
        }
        assertTrue(store.get("nb").isEmpty() && store.get("dl").isEmpty(), "nothing stored");
    }

    @Test
    void recoveryFailsABadRecordWithTheReasonAndTakesUpTheOthers() throws Exception {
        Instant now = Instant.now();
        store.save(List.of(
                TaskRecord.accepted(TaskSpec.builder("system.echo").id("far-future").notBefore(Instant.MAX).build(),
                        TaskStatus.PENDING, null, now),
                TaskRecord.accepted(TaskSpec.builder("system.echo").id("long-ago").deadline(Instant.MIN).build(),
                        TaskStatus.PAUSED, null, now),
                TaskRecord.accepted(TaskSpec.builder("system.echo").id("after-bad").dependsOn("far-future").build(),
                        TaskStatus.PENDING, null, now),
                TaskRecord.accepted(TaskSpec.builder("system.echo").id("good").build(), TaskStatus.PENDING, null, now)));
        engine();
        TaskRecord far = engine.get("far-future").orElseThrow();
        assertEquals(TaskStatus.FAILED, far.status());
        assertTrue(far.error().message().contains("not_before must lie between"), far.error().message());
        assertEquals(TaskStatus.FAILED, engine.get("long-ago").orElseThrow().status());
        assertEquals(TaskStatus.CANCELLED, engine.get("after-bad").orElseThrow().status());
        long until = System.nanoTime() + 5_000_000_000L;
        while (store.get("good").orElseThrow().status() != TaskStatus.COMPLETED && System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        assertEquals(TaskStatus.COMPLETED, store.get("good").orElseThrow().status());
        assertEquals(TaskStatus.FAILED, store.get("far-future").orElseThrow().status(), "the failure is stored");
    }

    @Test
    void timerDelaysAreCutInsteadOfOverflowing() {
        assertEquals(EngineTimer.LONGEST.toNanos(), EngineTimer.nanos(Duration.ofSeconds(Long.MAX_VALUE)));
        assertEquals(0, EngineTimer.nanos(Duration.ofSeconds(Long.MIN_VALUE)));
        assertEquals(1_000_000, EngineTimer.nanos(Duration.ofMillis(1)));
        assertEquals(Long.MAX_VALUE + " s", EngineTimer.human(Duration.ofSeconds(Long.MAX_VALUE)));
    }

    @Test
    void aRetryDelayOfAnyLengthNeverOverflows() {
        Duration huge = Duration.ofSeconds(Long.MAX_VALUE / 4);
        RetryPolicy policy = new RetryPolicy(3, huge, 2, Duration.ofSeconds(Long.MAX_VALUE), 0.5);
        assertTrue(policy.delayBefore(3, 0.9).compareTo(huge) > 0);
        assertEquals(Duration.ofSeconds(Long.MAX_VALUE), policy.delayBefore(60, 0.99));
    }
}
