package org.orrery.core.scheduler.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.orrery.core.scheduler.internal.TestActions.Gate;
import org.orrery.core.scheduler.internal.TestActions.Quick;
import org.orrery.task.Priority;
import org.orrery.task.ResourceRequirements;
import org.orrery.task.RetryPolicy;
import org.orrery.task.TaskConflictException;
import org.orrery.task.TaskEvent;
import org.orrery.task.TaskExecution;
import org.orrery.task.TaskNotFoundException;
import org.orrery.task.TaskParameterException;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskSpec;
import org.orrery.task.TaskStatus;
import org.orrery.task.TaskUpdate;

/** Executions of attempts, update and purge, and resource requirements as claims. */
class TaskEngineRecordsTest {

    private final List<TaskEvent> events = new CopyOnWriteArrayList<>();
    private final InMemoryTaskStore store = new InMemoryTaskStore();
    private TaskEngine engine;

    private TaskEngine engine(EngineSettings settings) {
        engine = new TaskEngine(settings, store, events::add, Clock.systemUTC(), ParameterValidator.NONE);
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

    private TaskRecord finished(String id) throws Exception {
        return engine.whenFinished(id).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Spins until this thread has used at least this much CPU time. */
    private static void burn(Duration cpu) {
        long start = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        long x = 0;
        while (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - start < cpu.toNanos()) {
            x += System.nanoTime() % 7;
        }
        if (x == 42) {
            System.out.print("");
        }
    }

    @Test
    void aCompletedAttemptIsRecordedWithItsLogResultAndCpuTime() throws Exception {
        engine().addAction(new Quick("test.logs", c -> {
            c.log().info("starting");
            c.log().warn("cloudy");
            burn(Duration.ofMillis(20));
            c.log().error("done anyway");
            return Map.of("frames", 3);
        }), "test");
        engine.submit(TaskSpec.builder("test.logs").id("t").build());
        finished("t");
        List<TaskExecution> runs = engine.executions("t");
        assertEquals(1, runs.size());
        TaskExecution x = runs.get(0);
        assertEquals("t/1", x.id());
        assertEquals(1, x.attempt());
        assertEquals(TaskExecution.LOCAL, x.executorId());
        assertEquals(TaskStatus.COMPLETED, x.status());
        assertEquals(Map.of("frames", 3), x.result());
        assertNull(x.error());
        assertNotNull(x.endedAt());
        assertFalse(x.endedAt().isBefore(x.startedAt()));
        assertEquals(List.of("INFO starting", "WARN cloudy", "ERROR done anyway"),
                x.logs().stream().map(l -> l.level() + " " + l.message()).toList());
        assertNotNull(x.usage().cpuTime(), "this JVM measures thread CPU time");
        assertTrue(x.usage().cpuTime().compareTo(Duration.ofMillis(20)) >= 0, "the execute call's CPU: " + x.usage());
        assertEquals(store.executions("t"), runs, "kept in the store");
    }

    @Test
    void whatAnActionReportsItUsedWinsOverWhatWasMeasured() throws Exception {
        TaskExecution.ResourceUsage child = new TaskExecution.ResourceUsage(Duration.ofSeconds(7), 123_456L);
        engine().addAction(new Quick("test.child", c -> {
            c.reportUsage(child);
            return Map.of();
        }), "test");
        engine.submit(TaskSpec.builder("test.child").id("t").build());
        finished("t");
        assertEquals(child, engine.executions("t").get(0).usage());
    }

    @Test
    void eachAttemptOfARetriedTaskHasItsExecution() throws Exception {
        Quick flaky = new Quick("test.flaky");
        flaky.failures = 1;
        engine().addAction(flaky, "test");
        RetryPolicy once = new RetryPolicy(1, Duration.ofMillis(1), 1, Duration.ofMillis(1), 0);
        engine.submit(TaskSpec.builder("test.flaky").id("t").retry(once).build());
        assertEquals(TaskStatus.COMPLETED, finished("t").status());
        List<TaskExecution> runs = engine.executions("t");
        assertEquals(List.of(1, 2), runs.stream().map(TaskExecution::attempt).toList());
        assertEquals(TaskStatus.FAILED, runs.get(0).status());
        assertTrue(runs.get(0).error().message().contains("planned failure 1"), runs.get(0).error().message());
        assertEquals(TaskStatus.COMPLETED, runs.get(1).status());
    }

    @Test
    void theRunningAttemptShowsAndACancelledOneSaysSo() throws Exception {
        Gate gate = new Gate("test.gate");
        engine().addAction(gate, "test");
        engine.submit(TaskSpec.builder("test.gate").id("t").build());
        awaitStarted(gate, "t");
        gate.contexts.get("t").log().info("exposing");
        List<TaskExecution> running = engine.executions("t");
        assertEquals(1, running.size());
        assertEquals(TaskStatus.RUNNING, running.get(0).status());
        assertNull(running.get(0).endedAt());
        assertEquals("exposing", running.get(0).logs().get(0).message());
        assertTrue(store.executions("t").isEmpty(), "a running attempt is not stored");
        engine.cancel("t", "clouds");
        finished("t");
        TaskExecution x = engine.executions("t").get(0);
        assertEquals(TaskStatus.CANCELLED, x.status());
        assertTrue(x.error().message().contains("clouds"), x.error().message());
    }

    @Test
    void anAttemptARestartInterruptedGetsAnExecutionSayingSo() throws Exception {
        Gate gate = new Gate("test.gate");
        engine().addAction(gate, "test");
        engine.submit(TaskSpec.builder("test.gate").id("t").build());
        awaitStarted(gate, "t");
        engine.close(); // the task stays RUNNING in the store, as after a crash
        engine = new TaskEngine(EngineSettings.defaults(), store, events::add, Clock.systemUTC(), ParameterValidator.NONE);
        List<TaskExecution> runs = engine.executions("t");
        assertEquals(1, runs.size());
        assertEquals(TaskStatus.FAILED, runs.get(0).status());
        assertTrue(runs.get(0).error().message().contains("interrupted"), runs.get(0).error().message());
        assertEquals(1, runs.get(0).attempt());
    }

    @Test
    void tasksAreListedByWhoRanThem() throws Exception {
        engine().addAction(new Quick("test.quick"), "test");
        engine.submit(TaskSpec.builder("test.quick").id("ran").build());
        engine.submit(TaskSpec.builder("test.missing").id("waits").waitForAction(true).assignedTo("gpu-1").build());
        finished("ran");
        assertEquals(List.of("ran"), engine.list(org.orrery.task.TaskQuery.all().withAssignedTo(TaskExecution.LOCAL)).tasks()
                .stream().map(TaskRecord::id).toList());
        assertEquals(List.of("waits"), engine.list(org.orrery.task.TaskQuery.all().withAssignedTo("gpu-1")).tasks()
                .stream().map(TaskRecord::id).toList(), "before it runs: the agent its spec names");
    }

    @Test
    void executionsOfAnUnknownTaskAreNotFound() {
        engine();
        assertThrows(TaskNotFoundException.class, () -> engine.executions("nope"));
    }

    private void awaitStarted(Gate gate, String id) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!gate.started.contains(id) || engine.get(id).orElseThrow().status() != TaskStatus.RUNNING) {
            assertTrue(System.nanoTime() < deadline, id + " did not start");
            Thread.sleep(2);
        }
    }

    // ------------------------------------------------------------------ update

    @Test
    void aTaskThatHasNotStartedIsUpdatedStoredAndAnnounced() throws Exception {
        engine();
        engine.submit(TaskSpec.builder("test.missing").id("t").waitForAction(true).tag("old").build());
        TaskRecord updated = engine.update("t", new TaskUpdate("new name", "what it is", Priority.HIGH,
                Map.of("k", "v"), Set.of("a", "b")));
        assertEquals("new name", updated.spec().name());
        assertEquals("what it is", updated.spec().description());
        assertEquals(Priority.HIGH, updated.spec().priority());
        assertEquals(Map.of("k", "v"), updated.spec().metadata());
        assertEquals(Set.of("a", "b"), updated.spec().tags());
        assertEquals(TaskStatus.PENDING, updated.status());
        assertEquals(updated, store.get("t").orElseThrow(), "stored");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10); // events are posted by the outbox's thread
        while (events.stream().noneMatch(e -> e.type() == TaskEvent.Type.UPDATED && e.taskId().equals("t"))) {
            assertTrue(System.nanoTime() < deadline, "no UPDATED event: " + events);
            Thread.sleep(2);
        }
        TaskRecord renamedOnly = engine.update("t", new TaskUpdate("again", null, null, null, null));
        assertEquals(Set.of("a", "b"), renamedOnly.spec().tags(), "null leaves a field as it is");
    }

    @Test
    void aReadyTaskGivenAHigherPriorityStartsFirst() throws Exception {
        Gate gate = new Gate("test.gate");
        engine(EngineSettings.defaults().withMaxConcurrentTasks(1)).addAction(gate, "test");
        engine.submit(TaskSpec.builder("test.gate").id("first").build());
        awaitStarted(gate, "first");
        engine.submit(TaskSpec.builder("test.gate").id("normal").build());
        engine.submit(TaskSpec.builder("test.gate").id("low").priority(Priority.LOW).build());
        engine.update("low", new TaskUpdate(null, null, Priority.CRITICAL, null, null));
        assertEquals(TaskStatus.READY, engine.get("low").orElseThrow().status());
        gate.finish("first", 1, Map.of());
        awaitStarted(gate, "low");
        assertEquals(TaskStatus.READY, engine.get("normal").orElseThrow().status(), "overtaken by the raised one");
        gate.finish("low", 1, Map.of());
        awaitStarted(gate, "normal");
        gate.finish("normal", 1, Map.of());
        finished("normal");
        assertEquals(List.of("first", "low", "normal"), gate.started, "each started once");
    }

    @Test
    void aReadyTaskPausedAfterItsPriorityChangedDoesNotStart() throws Exception {
        Gate gate = new Gate("test.gate");
        engine(EngineSettings.defaults().withMaxConcurrentTasks(1)).addAction(gate, "test");
        engine.submit(TaskSpec.builder("test.gate").id("first").build());
        awaitStarted(gate, "first");
        engine.submit(TaskSpec.builder("test.gate").id("raised").priority(Priority.LOW).build());
        engine.update("raised", new TaskUpdate(null, null, Priority.HIGH, null, null));
        engine.pause("raised"); // leaves the ready queue: found in its new priority's lane
        engine.submit(TaskSpec.builder("test.gate").id("next").build());
        gate.finish("first", 1, Map.of());
        awaitStarted(gate, "next");
        assertEquals(TaskStatus.PAUSED, engine.get("raised").orElseThrow().status());
        assertFalse(gate.started.contains("raised"), "a paused task never starts");
    }

    @Test
    void anUpdateOfAStartedOrFinishedTaskOrAnEmptyOneIsRefused() throws Exception {
        Gate gate = new Gate("test.gate");
        engine().addAction(gate, "test");
        engine.submit(TaskSpec.builder("test.gate").id("t").build());
        awaitStarted(gate, "t");
        TaskUpdate rename = new TaskUpdate("x", null, null, null, null);
        TaskConflictException running = assertThrows(TaskConflictException.class, () -> engine.update("t", rename));
        assertTrue(running.getMessage().contains("running"), running.getMessage());
        gate.finish("t", 1, Map.of());
        finished("t");
        assertThrows(TaskConflictException.class, () -> engine.update("t", rename));
        TaskParameterException empty = assertThrows(TaskParameterException.class,
                () -> engine.update("t", new TaskUpdate(null, null, null, null, null)));
        assertTrue(empty.getMessage().startsWith("update: expected"), empty.getMessage());
        TaskParameterException blank = assertThrows(TaskParameterException.class,
                () -> engine.update("t", new TaskUpdate(" ", null, null, null, null)));
        assertTrue(blank.getMessage().startsWith("name:"), blank.getMessage());
        assertThrows(TaskNotFoundException.class, () -> engine.update("nope", rename));
    }

    // ------------------------------------------------------------------ purge

    @Test
    void aFinishedTaskIsPurgedWithItsExecutionsFromMemoryAndStore() throws Exception {
        engine().addAction(new Quick("test.quick"), "test");
        engine.submit(TaskSpec.builder("test.quick").id("t").build());
        finished("t");
        assertEquals(1, store.executions("t").size());
        engine.purge("t");
        assertTrue(engine.get("t").isEmpty());
        assertTrue(store.get("t").isEmpty());
        assertTrue(store.executions("t").isEmpty());
        assertThrows(TaskNotFoundException.class, () -> engine.executions("t"));
        assertThrows(TaskNotFoundException.class, () -> engine.purge("t"));
        assertEquals(0, engine.statistics().totalTasks(), "no longer counted");
        engine.checkCounts();
    }

    @Test
    void anUnfinishedTaskOrOneAnUnfinishedTaskDependsOnIsNotPurged() throws Exception {
        engine().addAction(new Quick("test.quick"), "test");
        engine.submit(TaskSpec.builder("test.missing").id("waiting").waitForAction(true).build());
        TaskConflictException unfinished = assertThrows(TaskConflictException.class, () -> engine.purge("waiting"));
        assertTrue(unfinished.getMessage().contains("pending"), unfinished.getMessage());
        engine.submit(TaskSpec.builder("test.quick").id("a").build());
        finished("a");
        engine.submit(TaskSpec.builder("test.quick").id("b").dependsOn("a")
                .notBefore(Instant.now().plus(Duration.ofHours(1))).build());
        TaskConflictException needed = assertThrows(TaskConflictException.class, () -> engine.purge("a"));
        assertTrue(needed.getMessage().contains("'b'"), needed.getMessage());
        assertTrue(engine.get("a").isPresent());
    }

    @Test
    void aPurgedDependentIsNotBroughtBackByARetryOfTheTaskWhoseFailureCancelledIt() throws Exception {
        Quick flaky = new Quick("test.flaky");
        flaky.failures = 1;
        engine().addAction(flaky, "test");
        engine.submit(TaskSpec.builder("test.flaky").id("a").build());
        engine.submit(TaskSpec.builder("test.flaky").id("c").dependsOn("a").build());
        assertEquals(TaskStatus.CANCELLED, finished("c").status());
        engine.purge("c");
        engine.retry("a");
        assertEquals(TaskStatus.COMPLETED, finished("a").status());
        assertTrue(engine.get("c").isEmpty(), "purged for good");
        assertTrue(store.get("c").isEmpty());
    }

    // ------------------------------------------------------------------ requirements

    private static TaskSpec needing(String id, double cores) {
        return TaskSpec.builder("test.gate").id(id).resourceRequirements(new ResourceRequirements(cores, 0, 0, 0)).build();
    }

    @Test
    void aFourCoreTaskDoesNotStartWhileTwoOfFourCoresAreClaimed() throws Exception {
        Gate gate = new Gate("test.gate");
        engine(EngineSettings.defaults().withResourceCapacities(Map.of("cpu", 40))).addAction(gate, "test");
        engine.submit(needing("two", 2));
        awaitStarted(gate, "two");
        assertEquals(Map.of("cpu", "shared 20"), engine.resourceHoldings());
        engine.submit(needing("four", 4));
        engine.submit(needing("other-two", 2));
        awaitStarted(gate, "other-two");
        assertEquals(TaskStatus.READY, engine.get("four").orElseThrow().status(), "4 cores are not free");
        gate.finish("two", 1, Map.of());
        gate.finish("other-two", 1, Map.of());
        awaitStarted(gate, "four");
        assertEquals(Map.of("cpu", "shared 40"), engine.resourceHoldings());
    }

    @Test
    void aRequirementAboveTheWholeCapacityIsRefusedNamingFieldCapacityAndValue() {
        engine(EngineSettings.defaults().withResourceCapacities(Map.of("cpu", 40))).addAction(new Gate("test.gate"), "test");
        TaskParameterException cpu = assertThrows(TaskParameterException.class, () -> engine.submit(needing("t", 8)));
        assertTrue(cpu.getMessage().contains("resource_requirements.cpu_cores is 8.0 cores"), cpu.getMessage());
        assertTrue(cpu.getMessage().contains("capacity of 4.0 cores"), cpu.getMessage());
        TaskParameterException gpu = assertThrows(TaskParameterException.class, () -> engine.submit(TaskSpec.builder(
                "test.gate").resourceRequirements(new ResourceRequirements(0, 0, 0, 1)).build()));
        assertTrue(gpu.getMessage().contains("gpu_memory_gb is 1.0 GB"), gpu.getMessage());
        assertTrue(gpu.getMessage().contains("capacity of 0.0 GB"), "GPU memory is 0 unless configured: " + gpu.getMessage());
    }

    @Test
    void requirementsBecomeSharedClaimsInTenthsAndCapacitiesDefaultToTheMachine() {
        TaskSpec spec = TaskSpec.builder("a").resourceRequirements(new ResourceRequirements(0.3, 1.25, 0, 0)).build();
        assertEquals(List.of(new org.orrery.task.ResourceClaim("cpu", org.orrery.task.ResourceClaim.Type.CPU,
                org.orrery.task.ResourceClaim.Mode.READ, 3), new org.orrery.task.ResourceClaim("memory",
                        org.orrery.task.ResourceClaim.Type.MEMORY, org.orrery.task.ResourceClaim.Mode.READ, 13)),
                ResourceLedger.claimsOf(spec, null));
        ResourceLedger ledger = new ResourceLedger(Map.of());
        assertEquals(Runtime.getRuntime().availableProcessors() * 10, ledger.capacity("cpu"));
        assertTrue(ledger.capacity("memory") > 0);
        assertEquals(0, ledger.capacity("gpu_memory"));
        assertEquals(ResourceLedger.UNLIMITED, ledger.capacity("lamp"), "any other resource: unlimited readers unless configured");
    }
}
