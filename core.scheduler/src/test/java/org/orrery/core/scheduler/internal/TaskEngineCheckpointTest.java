package org.orrery.core.scheduler.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.orrery.task.Action;
import org.orrery.task.ActionContext;
import org.orrery.task.RetryPolicy;
import org.orrery.task.Severity;
import org.orrery.task.TaskException;
import org.orrery.task.TaskPage;
import org.orrery.task.TaskQuery;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskSpec;
import org.orrery.task.TaskStatus;
import org.orrery.task.TaskStore;
import org.orrery.task.TaskStoreException;

/** An action's checkpoint: stored with the task, seen by the next attempt (a retry, a restart). */
class TaskEngineCheckpointTest {

    private final InMemoryTaskStore store = new InMemoryTaskStore();
    private TaskEngine engine;

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    private TaskEngine newEngine() {
        return new TaskEngine(EngineSettings.defaults(), store, e -> { }, Clock.systemUTC(), ParameterValidator.NONE);
    }

    /**
     * Counts frames: each attempt starts after the checkpoint's count, saves after each frame, and
     * (when told) stops for good after {@code stopAfter} frames of its first attempt, never ending.
     */
    private static final class Frames implements Action {
        final int stopAfter;
        final boolean failInsteadOfHanging;
        final List<Map<String, Object>> seen = new CopyOnWriteArrayList<>();
        final CountDownLatch stopped = new CountDownLatch(1);

        Frames(int stopAfter, boolean failInsteadOfHanging) {
            this.stopAfter = stopAfter;
            this.failInsteadOfHanging = failInsteadOfHanging;
        }

        @Override
        public String name() {
            return "test.frames";
        }

        @Override
        public boolean safeToRerun() {
            return true;
        }

        @Override
        public CompletionStage<Map<String, Object>> execute(ActionContext context) throws TaskException {
            seen.add(context.checkpoint());
            int count = ((Number) context.parameters().get("count")).intValue();
            int done = ((Number) context.checkpoint().getOrDefault("frames_done", 0)).intValue();
            while (done < count) {
                done++;
                context.checkpoint(Map.of("frames_done", done));
                if (context.attempt() == 1 && done == stopAfter) {
                    stopped.countDown();
                    if (failInsteadOfHanging) {
                        throw new TaskException("the camera hiccupped", Severity.MEDIUM, true);
                    }
                    return new CompletableFuture<>(); // hangs: the engine stops ("a crash") meanwhile
                }
            }
            return CompletableFuture.completedFuture(Map.of("frames", done));
        }
    }

    private static TaskSpec frames(String id, int count) {
        return TaskSpec.builder("test.frames").id(id).parameter("count", count)
                .retry(new RetryPolicy(2, java.time.Duration.ZERO, 1, java.time.Duration.ZERO, 0)).build();
    }

    private TaskRecord finished(String id) throws Exception {
        return engine.whenFinished(id).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aRetryContinuesFromTheCheckpointOfTheFailedAttempt() throws Exception {
        engine = newEngine();
        Frames action = new Frames(6, true);
        engine.addAction(action, "test");
        engine.submit(frames("f", 10));
        TaskRecord done = finished("f");
        assertEquals(TaskStatus.COMPLETED, done.status());
        assertEquals(List.of(Map.of(), Map.of("frames_done", 6)), action.seen);
        assertEquals(Map.of("frames", 10), done.result());
        assertEquals(Map.of("frames_done", 10), store.get("f").orElseThrow().checkpoint(), "stored");
    }

    @Test
    void aCheckpointSurvivesARestartAndTheReRunContinuesFromIt() throws Exception {
        engine = newEngine();
        Frames first = new Frames(6, false);
        engine.addAction(first, "test");
        engine.submit(frames("f", 10));
        first.stopped.await(10, TimeUnit.SECONDS);
        // committed before checkpoint() returned: the store has it while the attempt still runs
        assertEquals(Map.of("frames_done", 6), store.get("f").orElseThrow().checkpoint());
        engine.close(); // as a crash: the task stays RUNNING in the store
        assertEquals(TaskStatus.RUNNING, store.get("f").orElseThrow().status());

        engine = newEngine();
        Frames second = new Frames(0, false);
        engine.addAction(second, "test");
        TaskRecord done = finished("f");
        assertEquals(TaskStatus.COMPLETED, done.status());
        assertEquals(List.of(Map.of("frames_done", 6)), second.seen, "the re-run starts at frame 7");
        assertEquals(Map.of("frames", 10), done.result());
    }

    /** Saves once cancelled, then, when told, once more (after it was given up); never ends by itself. */
    private static final class Late implements Action {
        final CountDownLatch running = new CountDownLatch(1);
        final CompletableFuture<Void> savedAfterCancel = new CompletableFuture<>();
        final CompletableFuture<Void> saveAgain = new CompletableFuture<>();
        final CompletableFuture<TaskException> secondSave = new CompletableFuture<>();

        @Override
        public String name() {
            return "test.late";
        }

        @Override
        public CompletionStage<Map<String, Object>> execute(ActionContext context) {
            context.cancellation().thenAcceptAsync(why -> {
                try {
                    context.checkpoint(Map.of("frames_done", 3)); // a frame written after the cancel
                    savedAfterCancel.complete(null);
                } catch (TaskException e) {
                    savedAfterCancel.completeExceptionally(e);
                }
            });
            saveAgain.thenRunAsync(() -> {
                try {
                    context.checkpoint(Map.of("frames_done", 4));
                    secondSave.complete(null);
                } catch (TaskException e) {
                    secondSave.complete(e);
                }
            });
            running.countDown();
            return new CompletableFuture<>(); // never stops: given up after the grace period
        }
    }

    @Test
    void aCancelledAttemptStillSavesUntilItIsGivenUpThenItsCheckpointsAreRefused() throws Exception {
        ManualTimer time = new ManualTimer();
        engine = new TaskEngine(EngineSettings.defaults().withCancelGrace(java.time.Duration.ofSeconds(10)), store,
                e -> { }, time.clock(), ParameterValidator.NONE, time, time);
        Late action = new Late();
        engine.addAction(action, "test");
        engine.submit(TaskSpec.builder("test.late").id("late").build());
        action.running.await(10, TimeUnit.SECONDS);
        engine.cancel("late", "enough");
        action.savedAfterCancel.get(10, TimeUnit.SECONDS);
        time.advance(java.time.Duration.ofSeconds(10)); // the grace period passes: given up
        TaskRecord done = finished("late");
        assertEquals(TaskStatus.CANCELLED, done.status());
        assertEquals(Map.of("frames_done", 3), done.checkpoint(), "what it did until it was given up is kept");

        action.saveAgain.complete(null);
        TaskException refused = action.secondSave.get(10, TimeUnit.SECONDS);
        assertTrue(refused != null && refused.getMessage().contains("was given up"), String.valueOf(refused));
        assertEquals(Map.of("frames_done", 3), engine.get("late").orElseThrow().checkpoint(), "not stored");
        assertEquals(Map.of("frames_done", 3), store.get("late").orElseThrow().checkpoint());
    }

    @Test
    void aCheckpointFromACancellationCallbackInsideTheEngineIsRefusedNotADeadlock() throws Exception {
        engine = newEngine();
        CountDownLatch running = new CountDownLatch(1);
        CompletableFuture<TaskException> refused = new CompletableFuture<>();
        engine.addAction(new Action() {
            @Override
            public String name() {
                return "test.callback";
            }

            @Override
            public CompletionStage<Map<String, Object>> execute(ActionContext context) {
                CompletableFuture<Map<String, Object>> stage = context.cancellation().thenApply(why -> {
                    try { // runs inside the engine's cancel operation
                        context.checkpoint(Map.of("frames_done", 1));
                        refused.complete(null);
                    } catch (TaskException e) {
                        refused.complete(e);
                    }
                    return Map.<String, Object>of();
                }).toCompletableFuture();
                running.countDown(); // only now: the callback is registered before the cancel
                return stage;
            }
        }, "test");
        engine.submit(TaskSpec.builder("test.callback").id("cb").build());
        running.await(10, TimeUnit.SECONDS);
        engine.cancel("cb", "enough");
        TaskException e = refused.get(10, TimeUnit.SECONDS);
        assertTrue(e != null && e.getMessage().contains("thenAcceptAsync"), String.valueOf(e));
        assertEquals(TaskStatus.CANCELLED, finished("cb").status());
    }

    @Test
    void aCheckpointTheStoreRefusesFailsTheCallerWithTheReason() throws Exception {
        TaskStore refusing = new TaskStore() {
            @Override
            public void save(Collection<TaskRecord> tasks) throws TaskStoreException {
                if (tasks.stream().anyMatch(t -> !t.checkpoint().isEmpty())) {
                    throw new TaskStoreException("disk full", null);
                }
                store.save(tasks);
            }

            @Override
            public Optional<TaskRecord> get(String id) {
                return store.get(id);
            }

            @Override
            public TaskPage list(TaskQuery query) {
                return store.list(query);
            }

            @Override
            public List<TaskRecord> unfinished() {
                return store.unfinished();
            }
        };
        engine = new TaskEngine(EngineSettings.defaults(), refusing, e -> { }, Clock.systemUTC(), ParameterValidator.NONE);
        CompletableFuture<TaskException> thrown = new CompletableFuture<>();
        engine.addAction(new Action() {
            @Override
            public String name() {
                return "test.refused";
            }

            @Override
            public CompletionStage<Map<String, Object>> execute(ActionContext context) {
                try {
                    context.checkpoint(Map.of("frames_done", 1));
                    thrown.complete(null);
                } catch (TaskException e) {
                    thrown.complete(e);
                }
                return CompletableFuture.completedFuture(Map.of());
            }
        }, "test");
        engine.submit(TaskSpec.builder("test.refused").id("r").build());
        TaskException e = thrown.get(10, TimeUnit.SECONDS);
        assertEquals(TaskStoreException.class, e == null ? null : e.getClass());
        assertTrue(e.getMessage().contains("the checkpoint of task"), e.getMessage());
        assertTrue(e.getMessage().contains("disk full"), e.getMessage());
    }
}
