package org.orrery.actions.system.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.orrery.task.TaskParameterException;
import org.orrery.testsupport.FakeActionContext;

class NoopActionTest {

    private final NoopAction action = new NoopAction();

    @Test
    void completesAtOnceWithAnEmptyResult() throws Exception {
        try (FakeActionContext context = new FakeActionContext(Map.of())) {
            CompletableFuture<Map<String, Object>> stage = action.execute(context).toCompletableFuture();
            assertTrue(stage.isDone(), "system.noop should complete at once");
            assertEquals(Map.of(), stage.join());
        }
    }

    @Test
    void acceptsNullParameters() throws Exception {
        try (FakeActionContext context = new FakeActionContext(null)) {
            assertEquals(Map.of(), action.execute(context).toCompletableFuture().join());
        }
    }

    @Test
    void unknownParameterIsRefusedByName() {
        try (FakeActionContext context = new FakeActionContext(Map.of("colour", "red"))) {
            TaskParameterException e = assertThrows(TaskParameterException.class, () -> action.execute(context));
            assertTrue(e.getMessage().contains("'colour'"), e.getMessage());
            assertTrue(e.getMessage().contains("takes no parameters"), e.getMessage());
        }
    }
}
