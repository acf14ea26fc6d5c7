package org.orrery.core.scheduler.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.orrery.agent.AgentEvent;
import org.orrery.agent.AgentState;
import org.orrery.core.scheduler.internal.TestActions.Gate;
import org.orrery.task.RetryPolicy;
import org.orrery.task.TaskParameterException;
import org.orrery.task.TaskQuery;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskSpec;
import org.orrery.task.TaskStatus;

/** Routing tasks to local agents: capability, assigned_to, least loaded, limits, waiting, agents going away. */
class AgentRoutingTest {

    private final InMemoryTaskStore store = new InMemoryTaskStore();
    private final List<AgentEvent> agentEvents = new CopyOnWriteArrayList<>();
    private TaskEngine engine;

    private TaskEngine engine(EngineSettings settings) {
        engine = new TaskEngine(settings, store, e -> { }, java.time.Clock.systemUTC(), ParameterValidator.NONE);
        engine.agents().events(agentEvents::add);
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

    private static TaskSpec forCapability(String id, String capability) {
        return TaskSpec.builder("review").id(id).capability(capability).build();
    }

    private TaskRecord record(String id) {
        return engine.get(id).orElseThrow();
    }

    private void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        fail("not within 5 s: " + what + "; tasks: " + engine.list(TaskQuery.all()).tasks());
    }

    private void awaitStatus(String id, TaskStatus expected) {
        await(id + " is " + expected, () -> record(id).status() == expected);
    }

    @Test
    void aTaskRunsOnTheAgentWithItsCapabilityWithItsTaskType() throws Exception {
        TestAgent analysis = new TestAgent("a1", 1, "code_analysis").immediate();
        TestAgent review = new TestAgent("r1", 1, "code_review").immediate();
        engine().agents().addLocal(analysis, "test");
        engine.agents().addLocal(review, "test");
        engine.submit(forCapability("t1", "code_review"));
        awaitStatus("t1", TaskStatus.COMPLETED);
        assertEquals(List.of("t1"), review.started);
        assertEquals(List.of("review"), review.taskTypes, "the agent reads the task type in task().action()");
        assertTrue(analysis.started.isEmpty());
        assertEquals("r1", record("t1").assignedTo());
        assertEquals(Map.of("by", "r1"), record("t1").result());
        assertEquals(1, engine.agents().get("r1").orElseThrow().metrics().completed());
    }

    @Test
    void assignedToRunsOnlyOnTheNamedAgent() throws Exception {
        TestAgent one = new TestAgent("one", 4, "x").immediate();
        TestAgent two = new TestAgent("two", 4, "x").immediate();
        engine().agents().addLocal(one, "test");
        engine.agents().addLocal(two, "test");
        for (int i = 0; i < 3; i++) {
            engine.submit(TaskSpec.builder("job").id("t" + i).capability("x").assignedTo("two").build());
        }
        for (int i = 0; i < 3; i++) {
            awaitStatus("t" + i, TaskStatus.COMPLETED);
            assertEquals("two", record("t" + i).assignedTo());
        }
        assertTrue(one.started.isEmpty());
        assertEquals(3, engine.list(TaskQuery.all()).tasks().stream().filter(r -> "two".equals(r.assignedTo())).count());
    }

    @Test
    void theLeastLoadedAgentGetsTheNextTaskAndNoAgentRunsBeyondItsLimit() throws Exception {
        TestAgent big = new TestAgent("big", 4, "x");
        TestAgent small = new TestAgent("small", 1, "x");
        engine().agents().addLocal(small, "test");
        engine.agents().addLocal(big, "test");
        for (int i = 0; i < 6; i++) {
            engine.submit(forCapability("t" + i, "x"));
        }
        await("five running", () -> big.started.size() + small.started.size() == 5);
        // small (registered first, so idle longest) takes t0; then big (0/4, 1/4, 2/4, 3/4 < 1/1) the next four
        assertEquals(List.of("t0"), small.started, "small's one slot");
        assertEquals(List.of("t1", "t2", "t3", "t4"), big.started.stream().sorted().toList(), "big's four slots");
        assertEquals(TaskStatus.READY, record("t5").status(), "both are busy: it stays ready (queued)");
        assertEquals(AgentState.BUSY, engine.agents().get("small").orElseThrow().state());
        org.orrery.task.SchedulerStatistics stats = engine.statistics();
        assertEquals(5, stats.running(), "agents' attempts count as running");
        assertEquals(4, stats.byAgent().get("big").running());
        assertEquals(0, stats.byAgent().get(TaskEngine.WORKER).running());
        small.finish("t0");
        await("t5 on small", () -> small.started.contains("t5"));
        assertEquals("small", record("t5").assignedTo());
    }

    @Test
    void leastLoadedIsRunningPerConcurrency() throws Exception {
        TestAgent a = new TestAgent("a", 2, "x");
        TestAgent b = new TestAgent("b", 2, "x");
        engine().agents().addLocal(a, "test");
        engine.agents().addLocal(b, "test");
        engine.submit(forCapability("t0", "x"));
        await("t0 started", () -> a.started.size() + b.started.size() == 1);
        engine.submit(forCapability("t1", "x"));
        await("t1 started", () -> a.started.size() + b.started.size() == 2);
        assertEquals(1, a.started.size(), "each agent got one: " + a.started + " " + b.started);
        assertNotEquals(record("t0").assignedTo(), record("t1").assignedTo());
    }

    @Test
    void aTaskNoAgentCouldTakeWaitsAndBecomesReadyWhenOneAppears() throws Exception {
        engine();
        engine.submit(forCapability("t1", "code_review"));
        engine.submit(TaskSpec.builder("job").id("t2").assignedTo("gpu-1").build());
        assertEquals(TaskStatus.PENDING, record("t1").status());
        assertEquals("capability code_review", record("t1").waitingFor());
        assertEquals("agent gpu-1", record("t2").waitingFor());
        TestAgent reviewer = new TestAgent("r", 1, "code_review").immediate();
        engine.agents().addLocal(reviewer, "test");
        awaitStatus("t1", TaskStatus.COMPLETED);
        assertEquals(TaskStatus.PENDING, record("t2").status());
        engine.agents().addLocal(new TestAgent("gpu-1", 1, "cuda").immediate(), "test");
        awaitStatus("t2", TaskStatus.COMPLETED);
    }

    @Test
    void agentTasksRunOutsideTheSchedulersOwnSlots() throws Exception {
        engine(EngineSettings.defaults().withMaxConcurrentTasks(1));
        Gate gate = new Gate("test.gate");
        engine.addAction(gate, "test");
        engine.submit(TaskSpec.builder("test.gate").id("local").build());
        engine.submit(TaskSpec.builder("test.gate").id("local2").build());
        await("local running", () -> gate.started.contains("local"));
        engine.agents().addLocal(new TestAgent("a", 1, "x").immediate(), "test");
        engine.submit(forCapability("t1", "x"));
        awaitStatus("t1", TaskStatus.COMPLETED);
        assertEquals(TaskStatus.READY, record("local2").status(), "the one local slot is still taken");
    }

    @Test
    void anAgentsRefusalAtSubmissionStoresNothing() throws Exception {
        TestAgent picky = new TestAgent("p", 1, "x");
        picky.refuses = "rm_rf";
        engine().agents().addLocal(picky, "test");
        TaskParameterException e = assertThrows(TaskParameterException.class, () -> engine.submit(
                TaskSpec.builder("clean").id("t1").capability("x").parameter("rm_rf", true).build()));
        assertTrue(e.getMessage().contains("rm_rf"), e.getMessage());
        assertTrue(engine.get("t1").isEmpty());
        assertTrue(store.get("t1").isEmpty());
    }

    @Test
    void aLocalAgentWhoseCapabilitiesChangeIsReadAgain() throws Exception {
        TestAgent codegen = new TestAgent("codegen", 1, "code_analysis").immediate();
        engine().agents().addLocal(codegen, "test");
        engine.submit(forCapability("t1", "code_review"));
        assertEquals("capability code_review", record("t1").waitingFor());
        codegen.capabilities = java.util.Set.of("code_analysis", "code_review"); // a language model configured
        engine.agents().updateLocal(codegen);
        awaitStatus("t1", TaskStatus.COMPLETED);
        assertEquals("codegen", record("t1").assignedTo());
    }

    @Test
    void aSecondLocalAgentWithATakenIdIsIgnored() throws Exception {
        TestAgent first = new TestAgent("same", 1, "x");
        TestAgent second = new TestAgent("same", 1, "y").immediate();
        engine().agents().addLocal(first, "one");
        engine.agents().addLocal(second, "two");
        assertEquals(1, engine.agents().list().size());
        assertEquals("one", engine.agents().get("same").orElseThrow().bundle());
        engine.submit(forCapability("t1", "y"));
        assertEquals("capability y", record("t1").waitingFor());
        engine.agents().removeLocal(second); // not the one registered: nothing happens
        assertEquals(1, engine.agents().list().size());
    }

    @Test
    void aLocalAgentGoneMidTaskReRunsASafeTaskElsewhere() throws Exception {
        TestAgent leaving = new TestAgent("leaving", 1, "x");
        leaving.safe = true;
        engine().agents().addLocal(leaving, "test");
        engine.submit(forCapability("t1", "x"));
        await("t1 on leaving", () -> leaving.started.contains("t1"));
        TestAgent other = new TestAgent("other", 1, "x").immediate();
        engine.agents().removeLocal(leaving);
        awaitStatus("t1", TaskStatus.PENDING); // no agent with x now
        assertEquals("capability x", record("t1").waitingFor());
        assertEquals(1, record("t1").attempts());
        engine.agents().addLocal(other, "test");
        awaitStatus("t1", TaskStatus.COMPLETED);
        assertEquals("other", record("t1").assignedTo());
        assertEquals(2, record("t1").attempts());
    }

    @Test
    void aLocalAgentGoneMidTaskFailsAnUnsafeTaskWithTheReason() throws Exception {
        TestAgent leaving = new TestAgent("leaving", 1, "x");
        engine().agents().addLocal(leaving, "test");
        engine.agents().addLocal(new TestAgent("other", 1, "y"), "test");
        engine.submit(TaskSpec.builder("deploy").id("t1").capability("x")
                .retry(new RetryPolicy(3, Duration.ZERO, 1, Duration.ZERO, 0)).build());
        await("t1 on leaving", () -> leaving.started.contains("t1"));
        engine.agents().removeLocal(leaving);
        awaitStatus("t1", TaskStatus.FAILED);
        String message = record("t1").error().message();
        assertTrue(message.contains("agent leaving went away while the task ran and its task type 'deploy' is not safe"
                + " to re-run"), message);
    }

    @Test
    void agentEventsTellRegisteredStateAndRemoved() throws Exception {
        TestAgent a = new TestAgent("a", 1, "x");
        engine().agents().addLocal(a, "test");
        engine.submit(forCapability("t1", "x"));
        await("t1 started", () -> a.started.contains("t1"));
        a.finish("t1");
        awaitStatus("t1", TaskStatus.COMPLETED);
        engine.agents().removeLocal(a);
        List<String> seen = agentEvents.stream().map(e -> e.type().id() + ":" + e.agent().state().id() + ":"
                + e.agent().runningTasks().size()).toList();
        assertEquals(List.of("agent_registered:online:0", "agent_state:busy:1", "agent_state:online:0",
                "agent_removed:online:0"), seen);
    }

    @Test
    void aTaskRunningOnALocalAgentAtARestartRunsAgainWhenTheAgentSaysItIsSafe() throws Exception {
        TaskSpec spec = TaskSpec.builder("analyse").id("t1").capability("x").build();
        TaskRecord r = TaskRecord.accepted(spec, TaskStatus.PENDING, null, Instant.now());
        store.save(List.of(Transitions.started(Transitions.withStatus(r, TaskStatus.READY, null), Instant.now(), "an")));
        TaskSpec unsafeSpec = TaskSpec.builder("deploy").id("t2").capability("x").build();
        TaskRecord u = TaskRecord.accepted(unsafeSpec, TaskStatus.PENDING, null, Instant.now());
        store.save(List.of(Transitions.started(Transitions.withStatus(u, TaskStatus.READY, null), Instant.now(), "dep")));
        engine();
        assertEquals(TaskStatus.RETRYING, record("t1").status());
        assertTrue(record("t1").waitingFor().contains("agent 'an'"), record("t1").waitingFor());
        TestAgent an = new TestAgent("an", 1, "x").immediate();
        an.safe = true;
        engine.agents().addLocal(an, "test");
        awaitStatus("t1", TaskStatus.COMPLETED);
        engine.agents().addLocal(new TestAgent("dep", 1, "x").immediate(), "test");
        awaitStatus("t2", TaskStatus.FAILED);
        assertTrue(record("t2").error().message().contains("not safe to run again"), record("t2").error().message());
    }
}
