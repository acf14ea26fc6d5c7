package org.orrery.core.scheduler.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.orrery.core.scheduler.internal.TestActions.Gate;
import org.orrery.core.scheduler.internal.TestActions.Quick;
import org.orrery.task.PauseMode;
import org.orrery.task.Priority;
import org.orrery.task.ResourceClaim;
import org.orrery.task.RetryPolicy;
import org.orrery.task.SchedulerStatistics;
import org.orrery.task.TaskConflictException;
import org.orrery.task.TaskDependencyException;
import org.orrery.task.TaskEvent;
import org.orrery.task.TaskException;
import org.orrery.task.TaskNotFoundException;
import org.orrery.task.TaskPage;
import org.orrery.task.TaskParameterException;
import org.orrery.task.TaskQuery;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskSpec;
import org.orrery.task.TaskStatus;

class TaskEngineTest {

    private final List<TaskEvent> events = new CopyOnWriteArrayList<>();
    private final InMemoryTaskStore store = new InMemoryTaskStore();
    private TaskEngine engine;

    private TaskEngine engine(EngineSettings settings) {
        engine = new TaskEngine(settings, store, events::add, Clock.systemUTC(), ParameterValidator.NONE);
        return engine;
    }

    /** An engine whose time (ticker, timer, clock) only the test moves. */
    private TaskEngine engine(ManualTimer time) {
        engine = new TaskEngine(EngineSettings.defaults().withCancelGrace(Duration.ofMillis(200)), store, events::add,
                time.clock(), ParameterValidator.NONE, time, time);
        return engine;
    }

    private TaskEngine engine() {
        return engine(EngineSettings.defaults().withCancelGrace(Duration.ofMillis(200)));
    }

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    private static TaskSpec task(String id, String action, String... deps) {
        return TaskSpec.builder(action).id(id).dependsOn(deps).build();
    }

    private TaskStatus status(String id) {
        return engine.get(id).orElseThrow().status();
    }

    private void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        fail("not within 5 s: " + what + "; tasks: " + engine.list(TaskQuery.all()).tasks());
    }

    private void awaitStatus(String id, TaskStatus expected) {
        await(id + " is " + expected, () -> status(id) == expected);
    }

    private List<String> eventTypes(String id) {
        return events.stream().filter(e -> e.taskId().equals(id)).map(e -> e.type().id()).toList();
    }

    @Test
    void whenFinishedCompletesAfterTheFinishIsStoredAndForAFinishedTaskAtOnce() throws Exception {
        java.util.concurrent.CompletableFuture<Void> gate = new java.util.concurrent.CompletableFuture<>();
        engine().addAction(new Quick("test.gated", c -> {
            gate.join();
            return Map.of("n", 1);
        }), "test");
        engine.submit(TaskSpec.builder("test.gated").id("w1").build());
        java.util.concurrent.CompletableFuture<TaskRecord> finished = engine.whenFinished("w1").toCompletableFuture();
        assertFalse(finished.isDone());
        gate.complete(null);
        TaskRecord done = finished.get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(TaskStatus.COMPLETED, done.status());
        assertEquals(TaskStatus.COMPLETED, store.get("w1").orElseThrow().status());
        assertEquals(Map.of("n", 1), engine.whenFinished("w1").toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS).result());
        assertThrows(java.util.concurrent.ExecutionException.class, () -> engine.whenFinished("nobody").toCompletableFuture().get());
    }

    @Test
    void taskRunsToCompletionAndPostsTheSeedEventsInOrder() throws Exception {
        engine().addAction(new Quick("test.quick", c -> Map.of("answer", 42)), "test");
        TaskRecord accepted = engine.submit(TaskSpec.builder("test.quick").id("t1").name("first").build());
        assertEquals("first", accepted.spec().name());
        awaitStatus("t1", TaskStatus.COMPLETED);
        TaskRecord done = engine.get("t1").orElseThrow();
        assertEquals(Map.of("answer", 42), done.result());
        assertEquals(1, done.attempts());
        assertTrue(done.completedAt() != null && done.startedAt() != null);
        await("events posted", () -> eventTypes("t1").contains("task_completed"));
        assertEquals(List.of("task_scheduled", "task_ready", "task_started", "task_completed"), eventTypes("t1"));
        assertEquals(TaskStatus.COMPLETED, store.get("t1").orElseThrow().status(), "stored before the event");
    }

    @Test
    void unknownActionIsRefusedListingTheInstalledOnes() {
        engine().addAction(new Quick("test.quick"), "test");
        TaskParameterException e = assertThrows(TaskParameterException.class, () -> engine.submit(task("t", "camera.expose")));
        assertTrue(e.getMessage().contains("'camera.expose'") && e.getMessage().contains("[test.quick]"), e.getMessage());
        assertTrue(engine.get("t").isEmpty(), "nothing was accepted");
    }

    @Test
    void taskMayWaitForItsActionAndRunsWhenItArrives() throws Exception {
        engine().submit(TaskSpec.builder("later.action").id("t").waitForAction(true).build());
        TaskRecord waiting = engine.get("t").orElseThrow();
        assertEquals(TaskStatus.PENDING, waiting.status());
        assertTrue(waiting.waitingFor().contains("action 'later.action'"), waiting.waitingFor());
        engine.addAction(new Quick("later.action"), "test");
        awaitStatus("t", TaskStatus.COMPLETED);
    }

    @Test
    void dependentRunsOnlyAfterItsDependencyCompleted() throws Exception {
        Gate gate = new Gate("test.gate");
        engine().addAction(gate, "test");
        engine.addAction(new Quick("test.quick"), "test");
        engine.submitAll(List.of(task("a", "test.gate"), task("b", "test.quick", "a")));
        await("a started", () -> gate.started.contains("a"));
        assertEquals(TaskStatus.PENDING, status("b"));
        assertTrue(engine.get("b").orElseThrow().waitingFor().contains("dependencies a"));
        gate.finish("a", 1, Map.of());
        awaitStatus("b", TaskStatus.COMPLETED);
    }

    @Test
    void waitingForNamesTheFirstFiveUnfinishedDependenciesAndCountsTheRest() throws Exception {
        Gate gate = new Gate("test.gate");
        engine().addAction(gate, "test");
        engine.addAction(new Quick("test.quick"), "test");
        List<TaskSpec> specs = new java.util.ArrayList<>();
        String[] deps = new String[12];
        for (int i = 0; i < deps.length; i++) {
            deps[i] = "d" + i;
            specs.add(task(deps[i], "test.gate"));
        }
        specs.add(task("g", "test.quick", deps));
        engine.submitAll(specs);
        assertEquals("dependencies d0, d1, d2, d3, d4 and 7 more", engine.get("g").orElseThrow().waitingFor());
        await("d0 started", () -> gate.started.contains("d0"));
        gate.finish("d0", 1, Map.of());
        await("d0's end counted", () -> "dependencies d1, d2, d3, d4, d5 and 6 more".equals(
                engine.get("g").orElseThrow().waitingFor()));
        for (int i = 1; i < deps.length; i++) {
            String dep = deps[i];
            await(dep + " started", () -> gate.started.contains(dep));
            gate.finish(dep, 1, Map.of());
            if (i == deps.length - 2) {
                await("one dependency left", () -> "dependencies d11".equals(engine.get("g").orElseThrow().waitingFor()));
            }
        }
        awaitStatus("g", TaskStatus.COMPLETED);
    }

    @Test
    void cyclesAndUnknownDependenciesAreRefusedAndNothingIsAccepted() {
        engine().addAction(new Quick("q"), "test");
        TaskDependencyException cycle = assertThrows(TaskDependencyException.class,
                () -> engine.submitAll(List.of(task("a", "q", "c"), task("b", "q", "a"), task("c", "q", "b"))));
        assertTrue(cycle.getMessage().contains("a -> c -> b -> a"), cycle.getMessage());
        TaskDependencyException unknown = assertThrows(TaskDependencyException.class,
                () -> engine.submitAll(List.of(task("x", "q"), task("y", "q", "nope"))));
        assertTrue(unknown.getMessage().contains("'nope'"), unknown.getMessage());
        assertTrue(engine.get("a").isEmpty() && engine.get("x").isEmpty(), "a refused batch accepts nothing");
        assertThrows(TaskDependencyException.class, () -> engine.submit(task("self", "q", "self")));
    }

    @Test
    void failedDependencyCancelsDependentsExceptThoseThatRunAlways() throws Exception {
        Quick failing = new Quick("test.fail");
        failing.failures = Integer.MAX_VALUE;
        engine().addAction(failing, "test");
        engine.addAction(new Quick("test.quick"), "test");
        engine.submitAll(List.of(task("expose", "test.fail"), task("process", "test.quick", "expose"),
                task("archive", "test.quick", "process"),
                TaskSpec.builder("test.quick").id("park").dependsOn("expose").runAlways(true).build()));
        awaitStatus("expose", TaskStatus.FAILED);
        awaitStatus("archive", TaskStatus.CANCELLED);
        TaskRecord process = engine.get("process").orElseThrow();
        assertEquals(TaskStatus.CANCELLED, process.status());
        assertTrue(process.error().message().contains("dependency 'expose' failed"), process.error().message());
        assertTrue(engine.get("archive").orElseThrow().error().message().contains("'process' was cancelled"));
        awaitStatus("park", TaskStatus.COMPLETED);
    }

    @Test
    void retryOfAFailedTaskBringsBackTheDependentsItsFailureCancelled() throws Exception {
        Quick flaky = new Quick("test.flaky");
        flaky.failures = 1;
        engine().addAction(flaky, "test");
        engine.addAction(new Quick("test.quick"), "test");
        engine.submitAll(List.of(task("a", "test.flaky"), task("b", "test.quick", "a")));
        awaitStatus("a", TaskStatus.FAILED);
        awaitStatus("b", TaskStatus.CANCELLED);
        engine.retry("a");
        awaitStatus("a", TaskStatus.COMPLETED);
        awaitStatus("b", TaskStatus.COMPLETED);
        assertThrows(TaskException.class, () -> engine.retry("a"), "a completed task cannot be retried");
    }

    @Test
    void finishedTasksBeyondTheKeptNumberLeaveMemoryButStayUsable() throws Exception {
        Quick flaky = new Quick("test.flaky");
        flaky.failures = 1;
        engine().addAction(flaky, "test");
        engine.addAction(new Quick("test.quick"), "test");
        engine.keepFinished = 3;
        engine.submitAll(List.of(task("a", "test.flaky"), task("b", "test.quick", "a")));
        awaitStatus("a", TaskStatus.FAILED);
        awaitStatus("b", TaskStatus.CANCELLED);
        for (int i = 0; i < 10; i++) {
            engine.submit(task("q" + i, "test.quick"));
            awaitStatus("q" + i, TaskStatus.COMPLETED);
        }
        engine.submit(task("last", "test.quick")); // an operation after the others' commits lets them go
        awaitStatus("last", TaskStatus.COMPLETED);
        engine.submit(task("after", "test.quick"));
        awaitStatus("after", TaskStatus.COMPLETED);
        // the 3 most recent, and 'a', whose failure cancelled 'b' (a retry of 'a' brings 'b' back)
        assertTrue(engine.tasksInMemory() <= 4, "finished tasks kept in memory: " + engine.tasksInMemory());
        assertEquals(14, engine.statistics().totalTasks(), "let-go tasks still count");
        assertEquals(12L, engine.statistics().byStatus().get(TaskStatus.COMPLETED));

        // read from the store, depended on, retried: as if they had never left
        assertEquals(TaskStatus.COMPLETED, status("q0"));
        engine.submit(task("needs-q0", "test.quick", "q0"));
        awaitStatus("needs-q0", TaskStatus.COMPLETED);
        engine.retry("a");
        awaitStatus("a", TaskStatus.COMPLETED);
        awaitStatus("b", TaskStatus.COMPLETED);
        assertEquals(TaskStatus.COMPLETED, store.get("b").orElseThrow().status());
        assertEquals(15, engine.statistics().totalTasks());
    }

    @Test
    void higherPriorityStartsFirstAndFifoWithinALevel() throws Exception {
        Gate gate = new Gate("test.gate");
        engine(EngineSettings.defaults().withMaxConcurrentTasks(1)).addAction(gate, "test");
        engine.submit(task("blocker", "test.gate"));
        await("blocker started", () -> gate.started.contains("blocker"));
        for (String[] t : new String[][] {{"low", "LOW"}, {"n1", "NORMAL"}, {"crit", "CRITICAL"}, {"n2", "NORMAL"},
                {"high", "HIGH"}}) {
            engine.submit(TaskSpec.builder("test.gate").id(t[0]).priority(Priority.valueOf(t[1])).build());
        }
        List<String> order = List.of("crit", "high", "n1", "n2", "low");
        String previous = "blocker";
        for (String next : order) {
            gate.finish(previous, 1, Map.of());
            String expected = next;
            await(expected + " starts next", () -> gate.started.size() == order.indexOf(expected) + 2);
            assertEquals(expected, gate.started.get(gate.started.size() - 1));
            previous = next;
        }
    }

    @Test
    void anExclusiveResourceIsNeverHeldTwiceAndIsAlwaysReleased() throws Exception {
        Gate gate = new Gate("test.gate");
        engine().addAction(gate, "test");
        TaskSpec first = TaskSpec.builder("test.gate").id("a").resource(ResourceClaim.exclusive("camera")).build();
        TaskSpec second = TaskSpec.builder("test.gate").id("b").resource(ResourceClaim.exclusive("camera")).build();
        engine.submitAll(List.of(first, second));
        await("a started", () -> gate.started.contains("a"));
        // dispatching is decided within the operation: no waiting needed to see what did not start
        assertFalse(gate.started.contains("b"), "b waits for the camera");
        assertEquals(TaskStatus.READY, status("b"));
        gate.fail("a", 1, new IllegalStateException("shutter stuck"));
        await("b started after a released the camera", () -> gate.started.contains("b"));
        engine.cancel("b", "test");
        awaitStatus("b", TaskStatus.CANCELLED);
        await("nothing held", () -> engine.resourceHoldings().isEmpty());
    }

    @Test
    void aWaitingExclusiveClaimIsNotStarvedByAStreamOfSharedOnes() throws Exception {
        Gate gate = new Gate("test.gate");
        engine().addAction(gate, "test");
        engine.submit(TaskSpec.builder("test.gate").id("r1").resource(ResourceClaim.shared("disk")).build());
        await("r1 started", () -> gate.started.contains("r1"));
        engine.submit(TaskSpec.builder("test.gate").id("w").resource(ResourceClaim.exclusive("disk")).build());
        engine.submit(TaskSpec.builder("test.gate").id("r2").resource(ResourceClaim.shared("disk")).build());
        assertEquals(TaskStatus.READY, status("r2"), "a later reader does not overtake the waiting writer");
        gate.finish("r1", 1, Map.of());
        await("the writer runs", () -> gate.started.contains("w"));
        assertFalse(gate.started.contains("r2"));
        gate.finish("w", 1, Map.of());
        await("then the reader", () -> gate.started.contains("r2"));
    }

    @Test
    void sharedClaimsShareUpToTheCapacity() throws Exception {
        Gate gate = new Gate("test.gate");
        engine(EngineSettings.defaults().withResourceCapacities(Map.of("cpu", 2))).addAction(gate, "test");
        for (String id : List.of("a", "b", "c")) {
            engine.submit(TaskSpec.builder("test.gate").id(id).resource(ResourceClaim.shared("cpu")).build());
        }
        await("two run", () -> gate.started.size() == 2);
        assertEquals(2, engine.statistics().running());
        gate.finish(gate.started.get(0), 1, Map.of());
        await("the third runs", () -> gate.started.size() == 3);
        TaskParameterException tooBig = assertThrows(TaskParameterException.class, () -> engine.submit(
                TaskSpec.builder("test.gate").resource(new ResourceClaim("cpu", ResourceClaim.Mode.READ, 3)).build()));
        assertTrue(tooBig.getMessage().contains("capacity of 2"), tooBig.getMessage());
    }

    @Test
    void failedAttemptsAreRetriedWithBackoffThenSucceed() throws Exception {
        Quick flaky = new Quick("test.flaky");
        flaky.failures = 2;
        ManualTimer time = new ManualTimer();
        engine(time).addAction(flaky, "test");
        engine.submit(TaskSpec.builder("test.flaky").id("t")
                .retry(new RetryPolicy(3, Duration.ofMillis(20), 2, Duration.ofSeconds(1), 0.1)).build());
        // delays of 20 ms, then 40 ms, each give or take 10 %
        awaitStatus("t", TaskStatus.RETRYING);
        time.advance(Duration.ofMillis(17));
        assertEquals(TaskStatus.RETRYING, status("t"), "retried before its delay of about 20 ms");
        time.advance(Duration.ofMillis(6));
        await("attempt 2 failed", () -> engine.get("t").orElseThrow().attempts() == 2
                && status("t") == TaskStatus.RETRYING);
        // attempt 2 may fail while the timer still stands at its wake-up (18–22 ms), so its 36–44 ms delay
        // ends between 54 and 67 ms; the clock is at 23 ms here
        time.advance(Duration.ofMillis(30));
        assertEquals(TaskStatus.RETRYING, status("t"), "retried before its delay of about 40 ms");
        time.advance(Duration.ofMillis(20));
        awaitStatus("t", TaskStatus.COMPLETED);
        assertEquals(3, engine.get("t").orElseThrow().attempts());
        await("events", () -> eventTypes("t").contains("task_completed"));
        assertEquals(2, eventTypes("t").stream().filter("task_retrying"::equals).count());
    }

    @Test
    void retriesEndWhenThePolicyIsSpentAndNonRetryableErrorsAreNotRetried() throws Exception {
        Quick failing = new Quick("test.fail");
        failing.failures = Integer.MAX_VALUE;
        ManualTimer time = new ManualTimer();
        engine(time).addAction(failing, "test");
        engine.submit(TaskSpec.builder("test.fail").id("t").retry(RetryPolicy.fixed(2, Duration.ofMillis(5))).build());
        for (int attempt = 1; attempt <= 2; attempt++) {
            int n = attempt;
            await("attempt " + n + " failed", () -> status("t") == TaskStatus.RETRYING
                    && engine.get("t").orElseThrow().attempts() == n);
            time.advance(Duration.ofMillis(5));
        }
        awaitStatus("t", TaskStatus.FAILED);
        TaskRecord failed = engine.get("t").orElseThrow();
        assertEquals(3, failed.attempts());
        assertEquals("TaskExecutionException", failed.error().type());

        engine.addAction(new TestActions.Refusing("test.bad"), "test");
        engine.submit(TaskSpec.builder("test.bad").id("p").retry(RetryPolicy.fixed(5, Duration.ofMillis(5))).build());
        awaitStatus("p", TaskStatus.FAILED);
        assertEquals(1, engine.get("p").orElseThrow().attempts());
    }

    @Test
    void aTimeoutCancelsTheAttemptAndCountsAsATimeoutError() throws Exception {
        ManualTimer time = new ManualTimer();
        engine(time).addAction(new TestActions.Sleep(), "test");
        engine.submit(TaskSpec.builder("test.sleep").id("t").parameter("millis", 5_000).timeout(Duration.ofMillis(50)).build());
        await("the timeout and the action's delay are set", () -> time.pending() == 2);
        time.advance(Duration.ofMillis(49));
        assertEquals(TaskStatus.RUNNING, status("t"), "timed out early");
        time.advance(Duration.ofMillis(1));
        awaitStatus("t", TaskStatus.FAILED);
        TaskRecord failed = engine.get("t").orElseThrow();
        assertEquals("TaskTimeoutException", failed.error().type());
        assertTrue(failed.error().message().contains("exceeded its timeout of 50 ms"), failed.error().message());
    }

    @Test
    void cancellingARunningTaskSignalsItsAction() throws Exception {
        Gate gate = new Gate("test.gate");
        engine().addAction(gate, "test");
        engine.submit(TaskSpec.builder("test.gate").id("t").resource(ResourceClaim.exclusive("mount")).build());
        await("started", () -> gate.started.contains("t"));
        engine.cancel("t", "clouds");
        awaitStatus("t", TaskStatus.CANCELLED);
        assertTrue(gate.contexts.get("t").isCancelled());
        assertTrue(engine.get("t").orElseThrow().error().message().contains("clouds"));
        assertTrue(engine.resourceHoldings().isEmpty());
        assertThrows(TaskNotFoundException.class, () -> engine.cancel("nope", null));
    }

    @Test
    void aCancelledRunningTaskCountsAsCancelledNotFailed() throws Exception {
        Gate gate = new Gate("test.gate");
        engine().addAction(gate, "test");
        engine.submit(TaskSpec.builder("test.gate").id("t").build());
        await("started", () -> gate.started.contains("t"));
        engine.cancel("t", "clouds");
        awaitStatus("t", TaskStatus.CANCELLED);
        SchedulerStatistics.Group group = engine.statistics().byAction().get("test.gate");
        assertEquals(1, group.cancelled());
        assertEquals(0, group.failed());
        assertEquals(1, engine.statistics().byAgent().values().iterator().next().cancelled());
    }

    @Test
    void anActionThatIgnoresCancellationIsGivenUpAfterTheGracePeriod() throws Exception {
        Gate gate = new Gate("test.stubborn");
        gate.honoursCancel = false;
        ManualTimer time = new ManualTimer();
        engine(time).addAction(gate, "test");
        engine.submit(TaskSpec.builder("test.stubborn").id("t").resource(ResourceClaim.exclusive("focuser")).build());
        await("started", () -> gate.started.contains("t"));
        engine.cancel("t", "user");
        time.advance(Duration.ofMillis(199));
        assertEquals(TaskStatus.RUNNING, status("t"), "waits for the action within the grace period of 200 ms");
        time.advance(Duration.ofMillis(1));
        assertEquals(TaskStatus.CANCELLED, status("t"), "given up when the grace period ended");
        assertTrue(engine.resourceHoldings().isEmpty(), "resources released even so");
        gate.finish("t", 1, Map.of("late", true)); // handled on this thread, before finish returns
        assertEquals(TaskStatus.CANCELLED, status("t"), "a late result changes nothing");
    }

    @Test
    void losingTheActionMakesTasksWaitAndRetriesRunningOnesWhenItReturns() throws Exception {
        Gate gate = new Gate("test.gate");
        engine().addAction(gate, "test");
        engine.submit(TaskSpec.builder("test.gate").id("running").retry(RetryPolicy.fixed(1, Duration.ZERO)).build());
        await("started", () -> gate.started.contains("running"));
        engine.removeAction(gate);
        engine.submit(TaskSpec.builder("test.gate").id("later").waitForAction(true).build());
        await("the running one waits for its action", () -> status("running") == TaskStatus.PENDING);
        TaskRecord interrupted = engine.get("running").orElseThrow();
        assertTrue(interrupted.error().message().contains("was removed while the task ran"), interrupted.error().message());
        assertTrue(interrupted.waitingFor().contains("action 'test.gate'"), interrupted.waitingFor());
        Gate back = new Gate("test.gate");
        engine.addAction(back, "test");
        await("both run on the returned action", () -> back.started.containsAll(List.of("running", "later")));
        back.finish("running", 2, Map.of());
        awaitStatus("running", TaskStatus.COMPLETED);
    }

    @Test
    void aPausedTaskWaitsUntilResumed() throws Exception {
        engine().addAction(new Quick("test.quick"), "test");
        engine.submit(TaskSpec.builder("test.quick").id("t").notBefore(Instant.now().plusSeconds(60)).build());
        engine.pause("t");
        assertEquals(TaskStatus.PAUSED, status("t"));
        engine.resume("t");
        assertEquals(TaskStatus.PENDING, status("t"));
        assertTrue(engine.get("t").orElseThrow().waitingFor().contains("start time"));
        assertThrows(TaskException.class, () -> engine.resume("t"));
    }

    @Test
    void pausingTheSchedulerStartsNothingNewUntilResumed() throws Exception {
        engine().addAction(new Quick("test.quick"), "test");
        engine.pauseAll(PauseMode.DEFERRED);
        engine.submit(task("t", "test.quick"));
        assertEquals(TaskStatus.READY, status("t"));
        assertTrue(engine.statistics().paused());
        engine.resumeAll();
        awaitStatus("t", TaskStatus.COMPLETED);
    }

    @Test
    void anImmediatePauseInterruptsRunningTasksWhichRunAgainOnResume() throws Exception {
        Gate gate = new Gate("test.gate");
        engine().addAction(gate, "test");
        engine.submit(task("t", "test.gate"));
        await("started", () -> gate.started.contains("t"));
        engine.pauseAll(PauseMode.IMMEDIATE);
        awaitStatus("t", TaskStatus.RETRYING);
        engine.resumeAll();
        await("second attempt", () -> gate.attempts.containsKey("t#2"));
        gate.finish("t", 2, Map.of());
        awaitStatus("t", TaskStatus.COMPLETED);
    }

    @Test
    void notBeforeDelaysTheStartAndAMissedDeadlineFailsTheTask() throws Exception {
        ManualTimer time = new ManualTimer();
        engine(time).addAction(new Quick("test.quick"), "test");
        engine.submit(TaskSpec.builder("test.quick").id("later").notBefore(ManualTimer.START.plusMillis(150)).build());
        time.advance(Duration.ofMillis(149));
        assertEquals(TaskStatus.PENDING, status("later"), "started before its not_before");
        time.advance(Duration.ofMillis(1));
        awaitStatus("later", TaskStatus.COMPLETED);
        assertEquals(ManualTimer.START.plusMillis(150), engine.get("later").orElseThrow().startedAt());

        Instant now = time.clock().instant();
        engine.submit(TaskSpec.builder("test.quick").id("late").notBefore(now.plusSeconds(60))
                .deadline(now.plusMillis(50)).build());
        time.advance(Duration.ofMillis(49));
        assertEquals(TaskStatus.PENDING, status("late"), "failed before its deadline");
        time.advance(Duration.ofMillis(1));
        assertEquals(TaskStatus.FAILED, status("late"), "not failed at its deadline");
        assertTrue(engine.get("late").orElseThrow().error().message().contains("deadline"));
    }

    @Test
    void perActionLimitsHoldBackTheSurplus() throws Exception {
        Gate gate = new Gate("test.gate");
        engine(EngineSettings.defaults().withActionLimits(Map.of("test.gate", 2))).addAction(gate, "test");
        for (String id : List.of("a", "b", "c")) {
            engine.submit(task(id, "test.gate"));
        }
        await("two started", () -> gate.started.size() == 2);
        assertEquals(2, engine.statistics().running());
        gate.finish("a", 1, Map.of());
        await("the third", () -> gate.started.size() == 3);
    }

    @Test
    void progressIsKeptAndPosted() throws Exception {
        Gate gate = new Gate("test.gate");
        engine().addAction(gate, "test");
        engine.submit(task("t", "test.gate"));
        await("started", () -> gate.started.contains("t"));
        gate.contexts.get("t").progress(0.5, "halfway");
        TaskRecord running = engine.get("t").orElseThrow();
        assertEquals(0.5, running.progress());
        assertEquals("halfway", running.progressMessage());
        await("progress event", () -> eventTypes("t").contains("task_progress"));
    }

    @Test
    void executionPlanGivesWavesByDependencyThenPriority() throws Exception {
        engine().submitAll(List.of(
                TaskSpec.builder("x").id("a").waitForAction(true).build(),
                TaskSpec.builder("x").id("b").waitForAction(true).priority(Priority.HIGH).build(),
                TaskSpec.builder("x").id("c").dependsOn("a", "b").waitForAction(true).build(),
                TaskSpec.builder("x").id("d").dependsOn("c").waitForAction(true).build()));
        assertEquals(List.of(List.of("b", "a"), List.of("c"), List.of("d")), engine.executionPlan(List.of("d")));
        assertThrows(TaskNotFoundException.class, () -> engine.executionPlan(List.of("zzz")));
    }

    @Test
    void statisticsCountByStatusAndAction() throws Exception {
        Quick failing = new Quick("test.fail");
        failing.failures = Integer.MAX_VALUE;
        engine().addAction(new Quick("test.quick"), "test");
        engine.addAction(failing, "test");
        engine.submitAll(List.of(task("a", "test.quick"), task("b", "test.quick"), task("c", "test.fail")));
        awaitStatus("c", TaskStatus.FAILED);
        awaitStatus("a", TaskStatus.COMPLETED);
        awaitStatus("b", TaskStatus.COMPLETED);
        SchedulerStatistics stats = engine.statistics();
        assertEquals(2L, stats.byStatus().get(TaskStatus.COMPLETED));
        assertEquals(1L, stats.byStatus().get(TaskStatus.FAILED));
        assertEquals(3, stats.totalTasks());
        assertEquals(2, stats.byAction().get("test.quick").completed());
        assertEquals(1, stats.byAction().get("test.fail").failed());
        assertEquals(3.0, stats.tasksPerMinute());
    }

    @Test
    void listingFiltersAndPagesByKey() throws Exception {
        engine().addAction(new Quick("test.quick"), "test");
        List<TaskSpec> specs = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            specs.add(TaskSpec.builder("test.quick").id(String.format("t%02d", i)).tag(i % 2 == 0 ? "even" : "odd").build());
        }
        engine.submitAll(specs);
        await("all done", () -> engine.statistics().byStatus().get(TaskStatus.COMPLETED) == 25);
        TaskQuery even = new TaskQuery(Set.of(TaskStatus.COMPLETED), "test.quick", "even", null, null, null, 5);
        List<String> seen = new ArrayList<>();
        TaskPage page = engine.list(even);
        while (true) {
            page.tasks().forEach(t -> seen.add(t.id()));
            if (page.nextCursor() == null) {
                break;
            }
            page = engine.list(even.after(page.nextCursor()));
        }
        assertEquals(13, seen.size());
        assertEquals(seen.stream().sorted().toList(), seen, "oldest first");
        List<String> newest = new ArrayList<>();
        TaskQuery evenNewest = even.withNewestFirst(true);
        page = engine.list(evenNewest);
        while (true) {
            page.tasks().forEach(t -> newest.add(t.id()));
            if (page.nextCursor() == null) {
                break;
            }
            page = engine.list(evenNewest.after(page.nextCursor()));
        }
        List<String> expected = new ArrayList<>(seen);
        java.util.Collections.reverse(expected);
        assertEquals(expected, newest, "newest first, in pages of 5");
        assertTrue(engine.list(TaskQuery.byStatus(TaskStatus.FAILED)).tasks().isEmpty());
    }

    @Test
    void actionsThatWaitHoldNoThread() throws Exception {
        engine(EngineSettings.defaults().withMaxConcurrentTasks(500)).addAction(new TestActions.Sleep(), "test");
        List<TaskSpec> specs = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            specs.add(TaskSpec.builder("test.sleep").id("s" + i).parameter("millis", 300).build());
        }
        engine.submitAll(specs);
        await("all 400 run at once", () -> engine.statistics().running() == 400);
        assertTrue(Thread.activeCount() < 100, "threads: " + Thread.activeCount());
        await("all done", () -> engine.statistics().byStatus().get(TaskStatus.COMPLETED) == 400);
    }

    @Test
    void duplicateIdsAreRefused() throws Exception {
        engine().addAction(new Quick("q"), "test");
        engine.submit(task("same", "q"));
        TaskConflictException e = assertThrows(TaskConflictException.class, () -> engine.submit(task("same", "q")));
        assertTrue(e.getMessage().contains("'same' exists already"));
        assertNull(engine.get("other").orElse(null));
    }

    @Test
    void anIdOfAFinishedTaskBeyondTheKeptWindowIsRefusedAndItsRecordKept() throws Exception {
        engine().addAction(new Quick("q"), "test");
        engine.keepFinished = 2;
        engine.submit(task("old", "q"));
        awaitStatus("old", TaskStatus.COMPLETED);
        for (int i = 0; i < 6; i++) {
            engine.submit(task("n" + i, "q"));
            awaitStatus("n" + i, TaskStatus.COMPLETED);
        }
        assertTrue(engine.tasksInMemory() < 7, "'old' left memory: " + engine.tasksInMemory());
        TaskRecord before = store.get("old").orElseThrow();
        TaskConflictException e = assertThrows(TaskConflictException.class,
                () -> engine.submit(TaskSpec.builder("q").id("old").name("again").build()));
        assertTrue(e.getMessage().contains("'old' exists already (completed"), e.getMessage());
        assertEquals(before, store.get("old").orElseThrow(), "the first task's record is kept");
        assertEquals(before, engine.get("old").orElseThrow());
        assertThrows(TaskConflictException.class, () -> engine.submitAll(List.of(task("fresh", "q"), task("fresh", "q"))));
        assertNull(engine.get("fresh").orElse(null), "a refused batch leaves nothing");
    }
}
