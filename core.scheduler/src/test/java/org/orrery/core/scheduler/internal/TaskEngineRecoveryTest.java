package org.orrery.core.scheduler.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.orrery.task.Action;
import org.orrery.task.ActionContext;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskSpec;
import org.orrery.task.TaskStatus;

/** A restart: a new engine on the store the old one left. */
class TaskEngineRecoveryTest {

    private final InMemoryTaskStore store = new InMemoryTaskStore();
    private TaskEngine engine;

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    /** A store as a crash left it: tasks in every unfinished status. */
    private void crashedWith(TaskRecord... records) {
        store.save(List.of(records));
    }

    private static TaskRecord record(String id, String action, TaskStatus status, String... deps) {
        TaskSpec spec = TaskSpec.builder(action).id(id).dependsOn(deps).build();
        TaskRecord r = TaskRecord.accepted(spec, TaskStatus.PENDING, null, Instant.now());
        return status == TaskStatus.RUNNING ? Transitions.started(Transitions.withStatus(r, TaskStatus.READY, null), Instant.now(), "local")
                : Transitions.withStatus(r, status, null);
    }

    private static final class Counting implements Action {
        final String name;
        final boolean safe;
        final AtomicInteger runs = new AtomicInteger();

        Counting(String name, boolean safe) {
            this.name = name;
            this.safe = safe;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean safeToRerun() {
            return safe;
        }

        @Override
        public CompletionStage<Map<String, Object>> execute(ActionContext context) {
            runs.incrementAndGet();
            return CompletableFuture.completedFuture(Map.of());
        }
    }

    private TaskStatus status(String id) {
        return engine.get(id).orElseThrow().status();
    }

    private void awaitStatus(String id, TaskStatus expected) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            if (status(id) == expected) {
                return;
            }
            Thread.sleep(10);
        }
        fail(id + " is " + engine.get(id).orElseThrow() + ", expected " + expected);
    }

    @Test
    void interruptedTasksRunAgainOnlyIfTheirActionIsSafeToRerun() throws Exception {
        crashedWith(record("expose", "camera.expose", TaskStatus.RUNNING),
                record("slew", "mount.slew", TaskStatus.RUNNING));
        engine = new TaskEngine(EngineSettings.defaults(), store, e -> { }, Clock.systemUTC(), ParameterValidator.NONE);
        assertEquals(TaskStatus.RETRYING, status("expose"));
        assertTrue(engine.get("expose").orElseThrow().waitingFor().contains("interrupted by a restart"));

        Counting expose = new Counting("camera.expose", true);
        Counting slew = new Counting("mount.slew", false);
        engine.addAction(expose, "test");
        engine.addAction(slew, "test");
        awaitStatus("expose", TaskStatus.COMPLETED);
        assertEquals(1, expose.runs.get());
        awaitStatus("slew", TaskStatus.FAILED);
        assertEquals(0, slew.runs.get(), "never run twice");
        assertTrue(engine.get("slew").orElseThrow().error().message().contains("interrupted by restart"));
        assertEquals(TaskStatus.FAILED, store.get("slew").orElseThrow().status(), "the decision is stored");
    }

    @Test
    void waitingPausedAndDependentTasksContinueAsTheyWere() throws Exception {
        TaskRecord done = record("done", "system.noop", TaskStatus.COMPLETED);
        store.save(List.of(Transitions.finished(done, TaskStatus.COMPLETED, Map.of(), null, Instant.now(), Duration.ZERO)));
        crashedWith(record("ready", "system.noop", TaskStatus.READY, "done"),
                record("paused", "system.noop", TaskStatus.PAUSED),
                record("after", "system.noop", TaskStatus.PENDING, "ready"));
        engine = new TaskEngine(EngineSettings.defaults(), store, e -> { }, Clock.systemUTC(), ParameterValidator.NONE);
        assertEquals(TaskStatus.PAUSED, status("paused"));
        engine.addAction(new Counting("system.noop", true), "test");
        awaitStatus("ready", TaskStatus.COMPLETED);
        awaitStatus("after", TaskStatus.COMPLETED);
        assertEquals(TaskStatus.PAUSED, status("paused"));
    }

    @Test
    void stoppingTheEngineLeavesRunningTasksForTheNextOneToTakeUp() throws Exception {
        engine = new TaskEngine(EngineSettings.defaults(), store, e -> { }, Clock.systemUTC(), ParameterValidator.NONE);
        engine.addAction(new TestActions.Sleep(), "test");
        engine.submit(TaskSpec.builder("test.sleep").id("long").parameter("millis", 60_000).build());
        awaitStatus("long", TaskStatus.RUNNING);
        engine.close(); // returns once the last changes are committed
        assertEquals(TaskStatus.RUNNING, store.get("long").orElseThrow().status(), "a stop is not a failure");

        engine = new TaskEngine(EngineSettings.defaults(), store, e -> { }, Clock.systemUTC(), ParameterValidator.NONE);
        assertEquals(TaskStatus.RETRYING, status("long"));
    }

    @Test
    void aTaskWhoseDependencyHadFailedIsCancelledOnRecovery() throws Exception {
        TaskRecord failed = record("failed", "x", TaskStatus.PENDING);
        store.save(List.of(Transitions.withStatus(failed, TaskStatus.FAILED, null)));
        crashedWith(record("next", "x", TaskStatus.PENDING, "failed"));
        engine = new TaskEngine(EngineSettings.defaults(), store, e -> { }, Clock.systemUTC(), ParameterValidator.NONE);
        assertEquals(TaskStatus.CANCELLED, status("next"));
        assertTrue(engine.get("next").orElseThrow().error().message().contains("'failed'"));
    }
}
