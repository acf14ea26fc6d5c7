package org.orrery.actions.system.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.orrery.task.Severity;
import org.orrery.task.TaskException;
import org.orrery.task.TaskParameterException;
import org.orrery.testsupport.FakeActionContext;

class WaitActionTest {

    private final WaitAction action = new WaitAction();

    @Test
    void completesAfterTheDurationWithTheSecondsWaited() throws Exception {
        try (FakeActionContext context = new FakeActionContext(Map.of("duration", 0.05))) {
            long start = System.nanoTime();
            CompletableFuture<Long> finished = action.execute(context).toCompletableFuture()
                    .thenApply(result -> {
                        assertEquals(Map.of("waited_seconds", 0.05), result);
                        return System.nanoTime();
                    });
            long end = finished.get(10, TimeUnit.SECONDS);
            assertTrue(end - start >= TimeUnit.MILLISECONDS.toNanos(50),
                    "finished after " + (end - start) / 1_000_000 + " ms, before the 50 ms asked for");
        }
    }

    @Test
    void doesNotBlockTheCallingThread() throws Exception {
        try (FakeActionContext context = new FakeActionContext(Map.of("duration", 0.5))) {
            long start = System.nanoTime();
            CompletableFuture<Map<String, Object>> stage = action.execute(context).toCompletableFuture();
            long returnedAfter = System.nanoTime() - start;
            assertFalse(stage.isDone(), "the wait should still be under way when execute returns");
            assertTrue(returnedAfter < TimeUnit.MILLISECONDS.toNanos(500),
                    "execute took " + returnedAfter / 1_000_000 + " ms: it held the calling thread for the wait");
            assertEquals(Map.of("waited_seconds", 0.5), stage.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void cancellingEndsTheWaitWithTheReason() throws Exception {
        try (FakeActionContext context = new FakeActionContext(Map.of("duration", 3600))) {
            CompletableFuture<Map<String, Object>> stage = action.execute(context).toCompletableFuture();
            TaskException why = new TaskException("cancelled by the test", Severity.LOW, false);
            context.cancel(why);
            ExecutionException e = assertThrows(ExecutionException.class, () -> stage.get(10, TimeUnit.SECONDS));
            assertSame(why, FakeActionContext.unwrap(e));
        }
    }

    @Test
    void anAttemptCancelledBeforeItStartsEndsAtOnce() throws Exception {
        try (FakeActionContext context = new FakeActionContext(Map.of("duration", 3600))) {
            TaskException why = new TaskException("timed out");
            context.cancel(why);
            CompletableFuture<Map<String, Object>> stage = action.execute(context).toCompletableFuture();
            assertTrue(stage.isCompletedExceptionally());
            assertSame(why, FakeActionContext.unwrap(assertThrows(ExecutionException.class, stage::get)));
        }
    }

    static Stream<Arguments> numbersOfEveryJsonKind() {
        return Stream.of(Arguments.of(0, 0.0), Arguments.of(0L, 0.0), Arguments.of(0.01, 0.01),
                Arguments.of(new BigDecimal("0.02"), 0.02), Arguments.of(0.0f, 0.0));
    }

    @ParameterizedTest
    @MethodSource("numbersOfEveryJsonKind")
    void acceptsEveryKindOfNumber(Number duration, double waited) throws Exception {
        try (FakeActionContext context = new FakeActionContext(Map.of("duration", duration))) {
            assertEquals(Map.of("waited_seconds", waited),
                    action.execute(context).toCompletableFuture().get(10, TimeUnit.SECONDS));
        }
    }

    static Stream<Arguments> badParameters() {
        Map<String, Object> nullDuration = new HashMap<>();
        nullDuration.put("duration", null);
        return Stream.of(
                Arguments.of(Map.of(), "system.wait: parameter 'duration' is missing;"
                        + " expected a number of seconds from 0 to 86400"),
                Arguments.of(Map.of("duration", "ten"), "system.wait: parameter 'duration' must be a number of seconds"
                        + " from 0 to 86400, found a string (\"ten\")"),
                Arguments.of(nullDuration, "system.wait: parameter 'duration' must be a number of seconds"
                        + " from 0 to 86400, found null"),
                Arguments.of(Map.of("duration", -1), "system.wait: parameter 'duration' must be a number of seconds"
                        + " from 0 to 86400, found -1"),
                Arguments.of(Map.of("duration", 86_400.5), "system.wait: parameter 'duration' must be a number of"
                        + " seconds from 0 to 86400, found 86400.5"),
                Arguments.of(Map.of("duration", Double.NaN), "system.wait: parameter 'duration' must be a number of"
                        + " seconds from 0 to 86400, found NaN"),
                Arguments.of(Map.of("duration", 1, "units", "minutes"), "system.wait: unknown parameter 'units';"
                        + " it takes only duration"));
    }

    @ParameterizedTest
    @MethodSource("badParameters")
    void badParametersAreRefusedSayingWhatWasExpectedAndFound(Map<String, Object> parameters, String message) {
        try (FakeActionContext context = new FakeActionContext(parameters)) {
            TaskParameterException e = assertThrows(TaskParameterException.class, () -> action.execute(context));
            assertEquals(message, e.getMessage());
            assertFalse(e.retryable());
        }
    }

    @Test
    void aWholeDayIsAllowed() throws Exception {
        try (FakeActionContext context = new FakeActionContext(Map.of("duration", 86_400))) {
            CompletableFuture<Map<String, Object>> stage = action.execute(context).toCompletableFuture();
            assertFalse(stage.isDone());
            context.cancel(new TaskException("enough"));
        }
    }
}
