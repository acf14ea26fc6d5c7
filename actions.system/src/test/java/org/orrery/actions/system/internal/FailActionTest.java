package org.orrery.actions.system.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;
import org.orrery.task.TaskExecutionException;
import org.orrery.task.TaskParameterException;
import org.orrery.testsupport.FakeActionContext;

class FailActionTest {

    private final FailAction action = new FailAction();

    private TaskExecutionException failure(Map<String, Object> parameters) throws Exception {
        try (FakeActionContext context = new FakeActionContext(parameters)) {
            CompletableFuture<Map<String, Object>> stage = action.execute(context).toCompletableFuture();
            assertTrue(stage.isCompletedExceptionally(), "system.fail should fail at once");
            CompletionException e = assertThrows(CompletionException.class, stage::join);
            return assertInstanceOf(TaskExecutionException.class, FakeActionContext.unwrap(e));
        }
    }

    @Test
    void failsWithTheGivenMessageAndRetryableFlag() throws Exception {
        TaskExecutionException e = failure(Map.of("message", "mount did not park", "retryable", false));
        assertEquals("mount did not park", e.getMessage());
        assertFalse(e.retryable());
    }

    @Test
    void failsRetryablyWithTheDefaultMessageWhenNothingIsGiven() throws Exception {
        TaskExecutionException e = failure(Map.of());
        assertEquals(FailAction.DEFAULT_MESSAGE, e.getMessage());
        assertTrue(e.retryable());
        assertEquals("system.fail was asked to fail", failure(null).getMessage());
    }

    @Test
    void retryableTrueSaysRetryable() throws Exception {
        assertTrue(failure(Map.of("retryable", true)).retryable());
    }

    @Test
    void messageOfTheWrongTypeIsAParameterError() {
        try (FakeActionContext context = new FakeActionContext(Map.of("message", 42))) {
            TaskParameterException e = assertThrows(TaskParameterException.class, () -> action.execute(context));
            assertEquals("system.fail: parameter 'message' must be a string, found a number (42)", e.getMessage());
        }
    }

    @Test
    void retryableAsAStringIsAParameterError() {
        try (FakeActionContext context = new FakeActionContext(Map.of("retryable", "yes"))) {
            TaskParameterException e = assertThrows(TaskParameterException.class, () -> action.execute(context));
            assertEquals("system.fail: parameter 'retryable' must be a boolean (true or false), found a string (\"yes\")",
                    e.getMessage());
        }
    }

    @Test
    void misspelledParameterIsRefused() {
        try (FakeActionContext context = new FakeActionContext(Map.of("retriable", false))) {
            TaskParameterException e = assertThrows(TaskParameterException.class, () -> action.execute(context));
            assertEquals("system.fail: unknown parameter 'retriable'; it takes only message, retryable", e.getMessage());
        }
    }
}
