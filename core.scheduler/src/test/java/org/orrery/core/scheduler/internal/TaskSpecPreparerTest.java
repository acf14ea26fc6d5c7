package org.orrery.core.scheduler.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.orrery.task.Action;
import org.orrery.task.ActionContext;
import org.orrery.task.RetryPolicy;
import org.orrery.task.TaskParameterException;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskSpec;
import org.orrery.task.TaskSpecPreparer;

/** An action that also is a {@link TaskSpecPreparer} shapes its tasks before they are stored. */
class TaskSpecPreparerTest {

    private final InMemoryTaskStore store = new InMemoryTaskStore();
    private final Preparing action = new Preparing();
    private TaskEngine engine;

    @BeforeEach
    void open() {
        engine = new TaskEngine(EngineSettings.defaults(), store, e -> { }, Clock.systemUTC(), ParameterValidator.NONE);
        engine.addAction(action, "test");
    }

    @AfterEach
    void close() {
        engine.close();
    }

    /** Sets the timeout from its parameter {@code seconds} when the task has none; refuses {@code seconds: -1}. */
    static final class Preparing implements Action, TaskSpecPreparer {
        final List<String> prepared = new ArrayList<>();

        @Override
        public String name() {
            return "prep";
        }

        @Override
        public TaskSpec prepare(TaskSpec submitted) throws TaskParameterException {
            prepared.add(submitted.id());
            Object seconds = submitted.parameters().get("seconds");
            if (seconds == null) {
                return submitted;
            }
            if (((Number) seconds).intValue() < 0) {
                throw new TaskParameterException("prep: parameter 'seconds' must be positive, found " + seconds);
            }
            return submitted.toBuilder().timeout(submitted.timeout() != null ? submitted.timeout()
                    : Duration.ofSeconds(((Number) seconds).longValue())).retry(RetryPolicy.fixed(2, Duration.ofSeconds(1)))
                    .build();
        }

        @Override
        public CompletionStage<Map<String, Object>> execute(ActionContext context) {
            return CompletableFuture.completedFuture(Map.of());
        }
    }

    @Test
    void whatThePreparerReturnsIsStored() throws Exception {
        TaskRecord r = engine.submit(TaskSpec.builder("prep").id("a").parameters(Map.of("seconds", 7)).build());
        assertEquals(Duration.ofSeconds(7), r.spec().timeout());
        assertEquals(2, r.spec().retry().maxRetries());
        TaskSpec stored = store.get("a").orElseThrow().spec();
        assertEquals(Duration.ofSeconds(7), stored.timeout());
        assertEquals(2, stored.retry().maxRetries());
        assertEquals(List.of("a"), action.prepared);
    }

    @Test
    void aTaskLeftAsItIsKeepsItsOwnValues() throws Exception {
        TaskRecord r = engine.submit(TaskSpec.builder("prep").id("b").timeout(Duration.ofSeconds(3)).build());
        assertEquals(Duration.ofSeconds(3), r.spec().timeout());
        assertNull(r.spec().retry());
    }

    @Test
    void aRefusalRefusesTheTaskAndStoresNothing() {
        TaskParameterException e = assertThrows(TaskParameterException.class,
                () -> engine.submit(TaskSpec.builder("prep").id("c").parameters(Map.of("seconds", -1)).build()));
        assertTrue(e.getMessage().contains("seconds"), e.getMessage());
        assertTrue(store.get("c").isEmpty());
        assertTrue(engine.get("c").isEmpty());
    }
}
