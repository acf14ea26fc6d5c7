package org.orrery.core.scheduler.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.orrery.agent.AgentException;
import org.orrery.agent.AgentInfo;
import org.orrery.agent.AgentRegistration;
import org.orrery.agent.AgentState;
import org.orrery.agent.Lease;
import org.orrery.task.RetryPolicy;
import org.orrery.task.Severity;
import org.orrery.task.TaskError;
import org.orrery.task.TaskExecution;
import org.orrery.task.TaskQuery;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskSpec;
import org.orrery.task.TaskStatus;

/** Remote agents: registration, claims (long polls), leases and their expiry, reports, drain. Time moves by hand. */
class RemoteAgentsTest {

    private static final Duration LONG_POLL = Duration.ofSeconds(60);

    private final InMemoryTaskStore store = new InMemoryTaskStore();
    private final ManualTimer time = new ManualTimer();
    private TaskEngine engine;
    private AgentService agents;

    private void engine() {
        engine = new TaskEngine(EngineSettings.defaults().withCancelGrace(Duration.ofSeconds(5)), store, e -> { },
                time.clock(), ParameterValidator.NONE, time, time);
        agents = engine.agents();
    }

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    private AgentInfo register(String id, int concurrency, String... capabilities) throws AgentException {
        return agents.register(new AgentRegistration(id, "gpu", Set.of(capabilities), concurrency, null));
    }

    private static TaskSpec task(String id, String capability) {
        return TaskSpec.builder("render").id(id).capability(capability).build();
    }

    private static List<Lease> answer(CompletableFuture<List<Lease>> claim) throws Exception {
        return claim.get(5, TimeUnit.SECONDS);
    }

    private CompletableFuture<List<Lease>> claim(String agent, int max) throws AgentException {
        return agents.claim(agent, max, LONG_POLL).toCompletableFuture();
    }

    private TaskRecord record(String id) {
        return engine.get(id).orElseThrow();
    }

    @Test
    void aClaimGetsAReadyTaskWithALeaseAndCompleteEndsIt() throws Exception {
        engine();
        register("gpu-1", 2, "render");
        engine.submit(task("t1", "render"));
        assertEquals(TaskStatus.READY, record("t1").status(), "an agent is there but not pulling");
        List<Lease> leases = answer(claim("gpu-1", 5));
        assertEquals(1, leases.size());
        Lease lease = leases.get(0);
        assertEquals("t1", lease.task().id());
        assertEquals(TaskStatus.RUNNING, lease.task().status());
        assertEquals(ManualTimer.START.plus(RemoteClaims.DEFAULT_LEASE), lease.expiresAt());
        assertEquals("gpu-1", record("t1").assignedTo());
        assertEquals(List.of("t1"), agents.get("gpu-1").orElseThrow().runningTasks());
        TaskRecord done = agents.complete("gpu-1", "t1", lease.leaseId(), Map.of("frames", 3),
                new TaskExecution.ResourceUsage(Duration.ofSeconds(2), 1024L), List.of());
        assertEquals(TaskStatus.COMPLETED, done.status());
        assertEquals(Map.of("frames", 3), store.get("t1").orElseThrow().result(), "stored before complete returns");
        AgentInfo info = agents.get("gpu-1").orElseThrow();
        assertEquals(1, info.metrics().completed());
        assertEquals(AgentState.ONLINE, info.state());
        assertThrows(AgentException.class, () -> agents.complete("gpu-1", "t1", lease.leaseId(), Map.of(), null, null));
        TaskExecution execution = engine.executions("t1").get(0);
        assertEquals("gpu-1", execution.executorId());
        assertEquals(Duration.ofSeconds(2), execution.usage().cpuTime(), "what the agent reported");
    }

    @Test
    void aWaitingClaimIsAnsweredWhenATaskComesAndEmptyWhenItsWaitPasses() throws Exception {
        engine();
        register("gpu-1", 1, "render");
        CompletableFuture<List<Lease>> waiting = claim("gpu-1", 1);
        assertFalse(waiting.isDone());
        engine.submit(task("t1", "render"));
        assertEquals(List.of("t1"), answer(waiting).stream().map(l -> l.task().id()).toList());
        CompletableFuture<List<Lease>> next = agents.claim("gpu-1", 1, Duration.ofSeconds(10)).toCompletableFuture();
        time.advance(Duration.ofSeconds(9));
        assertFalse(next.isDone(), "the agent's only slot is taken; the claim waits");
        time.advance(Duration.ofSeconds(1));
        assertEquals(List.of(), answer(next));
    }

    @Test
    void aClaimTakesAtMostMaxAndTheAgentsFreeSlots() throws Exception {
        engine();
        register("gpu-1", 3, "render");
        for (int i = 0; i < 5; i++) {
            engine.submit(task("t" + i, "render"));
        }
        assertEquals(2, answer(claim("gpu-1", 2)).size());
        assertEquals(1, answer(claim("gpu-1", 5)).size(), "one slot left of three");
        assertEquals(2, engine.list(TaskQuery.all()).tasks().stream().filter(r -> r.status() == TaskStatus.READY).count());
    }

    @Test
    void anOutstandingClaimIsAnsweredEmptyWhenTheSchedulerStops() throws Exception {
        engine();
        register("gpu-1", 1, "render");
        CompletableFuture<List<Lease>> waiting = claim("gpu-1", 1);
        engine.close();
        assertEquals(List.of(), answer(waiting));
        engine = null;
    }

    @Test
    void operationsDoNotWalkQueuedAgentTasksWhileNoAgentPulls() throws Exception {
        engine();
        register("gpu-1", 1, "render");
        List<TaskSpec> many = new java.util.ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            many.add(task("t" + i, "render"));
        }
        engine.submitAll(many);
        long before = engine.locked(() -> engine.dispatcher.examined);
        for (int i = 0; i < 50; i++) {
            assertThrows(org.orrery.task.TaskNotFoundException.class, () -> engine.cancel("nobody", null));
        }
        assertEquals(before, (long) engine.locked(() -> engine.dispatcher.examined), "no pass looked at the 1000 queued tasks");
        assertEquals(1, answer(claim("gpu-1", 1)).size());
        assertEquals(before + 1, (long) engine.locked(() -> engine.dispatcher.examined), "a pulling agent: one task offered");
    }

    @Test
    void anAgentOfferingSlotsNoQueuedTaskCanTakeStartsNoWalkOfTheQueue() throws Exception {
        engine();
        register("gpu-1", 1, "render");
        register("idle", 4, "other"); // like the runtime's own local agents: free slots, no queued task for them
        CompletableFuture<List<Lease>> idle = claim("idle", 4);
        List<TaskSpec> many = new java.util.ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            many.add(task("t" + i, "render"));
        }
        engine.submitAll(many);
        long before = engine.locked(() -> engine.dispatcher.examined);
        for (int i = 0; i < 50; i++) {
            assertThrows(org.orrery.task.TaskNotFoundException.class, () -> engine.cancel("nobody", null));
        }
        assertEquals(before, (long) engine.locked(() -> engine.dispatcher.examined), "no pass looked at the 1000 queued tasks");
        assertEquals(1, answer(claim("gpu-1", 1)).size());
        assertEquals(before + 1, (long) engine.locked(() -> engine.dispatcher.examined), "one task offered, not the 999 others");
        assertFalse(idle.isDone(), "the idle agent still waits");
        engine.submit(task("o1", "other"));
        assertEquals(List.of("o1"), answer(idle).stream().map(l -> l.task().id()).toList(), "and gets a task of its own");
    }

    @Test
    void aSecondClaimReplacesTheFirst() throws Exception {
        engine();
        register("gpu-1", 1, "render");
        CompletableFuture<List<Lease>> first = claim("gpu-1", 1);
        CompletableFuture<List<Lease>> second = claim("gpu-1", 1);
        assertEquals(List.of(), answer(first));
        engine.submit(task("t1", "render"));
        assertEquals(1, answer(second).size());
    }

    @Test
    void anExpiredLeaseFailsTheAttemptAsRetryableAndTheTaskRunsElsewhere() throws Exception {
        engine();
        register("dies", 1, "render");
        engine.submit(TaskSpec.builder("render").id("t1").capability("render")
                .retry(new RetryPolicy(1, Duration.ofSeconds(1), 1, Duration.ofSeconds(1), 0)).build());
        Lease lease = answer(claim("dies", 1)).get(0);
        time.advance(Duration.ofSeconds(20));
        Lease renewed = agents.heartbeat("dies", "t1", lease.leaseId(), 0.5, "half");
        assertEquals(ManualTimer.START.plusSeconds(50), renewed.expiresAt());
        assertEquals(0.5, record("t1").progress());
        time.advance(Duration.ofSeconds(29));
        assertEquals(TaskStatus.RUNNING, record("t1").status(), "renewed: not yet expired");
        time.advance(Duration.ofSeconds(1));
        TaskRecord r = record("t1");
        assertEquals(TaskStatus.RETRYING, r.status());
        assertTrue(r.error().message().contains("agent dies's lease on this task expired at " + ManualTimer.START.plusSeconds(50)
                + ": no heartbeat"), r.error().message());
        assertEquals(AgentState.OFFLINE, agents.get("dies").orElseThrow().state());
        assertThrows(AgentException.class, () -> agents.heartbeat("dies", "t1", lease.leaseId(), null, null));
        register("lives", 1, "render");
        time.advance(Duration.ofSeconds(1)); // the retry delay
        List<Lease> again = answer(claim("lives", 1));
        assertEquals("t1", again.get(0).task().id());
        assertEquals(2, again.get(0).task().attempts());
        agents.complete("lives", "t1", again.get(0).leaseId(), Map.of(), null, null);
        assertEquals(TaskStatus.COMPLETED, record("t1").status());
        assertEquals(1, agents.get("dies").orElseThrow().metrics().failed());
    }

    @Test
    void anAgentNotHeardFromWithinItsLeaseTimeGoesOfflineAndItsTasksWait() throws Exception {
        engine();
        register("quiet", 1, "render");
        engine.submit(TaskSpec.builder("render").id("t1").assignedTo("quiet").build());
        assertEquals(TaskStatus.READY, record("t1").status());
        time.advance(RemoteClaims.DEFAULT_LEASE);
        assertEquals(AgentState.OFFLINE, agents.get("quiet").orElseThrow().state());
        assertEquals(TaskStatus.PENDING, record("t1").status());
        assertEquals("agent quiet", record("t1").waitingFor());
        assertEquals(1, answer(claim("quiet", 1)).size(), "heard from again: online, and it gets the task");
    }

    @Test
    void unclaimedLeasesAreReleasedAsIfNeverStarted() throws Exception {
        engine();
        register("gpu-1", 1, "render");
        engine.submit(task("t1", "render"));
        Lease lease = answer(claim("gpu-1", 1)).get(0);
        agents.unclaimed("gpu-1", List.of(lease));
        TaskRecord r = record("t1");
        assertEquals(TaskStatus.READY, r.status());
        assertEquals(0, r.attempts());
        assertEquals(List.of(), agents.get("gpu-1").orElseThrow().runningTasks());
        assertEquals(1, answer(claim("gpu-1", 1)).size());
        assertEquals(1, record("t1").attempts());
    }

    @Test
    void aFailureTheAgentReportsIsKeptAsItSaidIt() throws Exception {
        engine();
        register("gpu-1", 1, "render");
        engine.submit(task("t1", "render"));
        Lease lease = answer(claim("gpu-1", 1)).get(0);
        TaskError error = new TaskError("OutOfMemory", "CUDA out of memory", Severity.HIGH, false);
        TaskRecord failed = agents.fail("gpu-1", "t1", lease.leaseId(), error, null, null);
        assertEquals(TaskStatus.FAILED, failed.status());
        assertEquals(error, failed.error());
    }

    @Test
    void aCancelledTaskTellsTheAgentAtItsHeartbeat() throws Exception {
        engine();
        register("gpu-1", 1, "render");
        engine.submit(task("t1", "render"));
        Lease lease = answer(claim("gpu-1", 1)).get(0);
        assertFalse(agents.heartbeat("gpu-1", "t1", lease.leaseId(), null, null).cancelled());
        engine.cancel("t1", "not needed");
        assertTrue(agents.heartbeat("gpu-1", "t1", lease.leaseId(), null, null).cancelled());
        agents.fail("gpu-1", "t1", lease.leaseId(), new TaskError("Stopped", "stopped", Severity.LOW, false), null, null);
        assertEquals(TaskStatus.CANCELLED, record("t1").status());
    }

    @Test
    void drainTakesNothingNewAndRemovesTheAgentOnceItsTasksEnded() throws Exception {
        engine();
        register("gpu-1", 2, "render");
        engine.submit(task("t1", "render"));
        Lease lease = answer(claim("gpu-1", 1)).get(0);
        CompletableFuture<AgentInfo> removed = agents.remove("gpu-1").toCompletableFuture();
        assertFalse(removed.isDone());
        assertEquals(AgentState.DRAINING, agents.get("gpu-1").orElseThrow().state());
        engine.submit(task("t2", "render"));
        assertEquals(TaskStatus.PENDING, record("t2").status());
        assertEquals("capability render", record("t2").waitingFor());
        assertEquals(List.of(), answer(claim("gpu-1", 1)), "draining: nothing new");
        AgentException e = assertThrows(AgentException.class, () -> register("gpu-1", 2, "render"));
        assertEquals(AgentException.Reason.DRAINING, e.reason());
        agents.complete("gpu-1", "t1", lease.leaseId(), Map.of(), null, null);
        assertEquals("gpu-1", removed.get(5, TimeUnit.SECONDS).id());
        assertTrue(agents.get("gpu-1").isEmpty());
        AgentException unknown = assertThrows(AgentException.class, () -> agents.remove("gpu-1"));
        assertEquals(AgentException.Reason.UNKNOWN_AGENT, unknown.reason());
    }

    @Test
    void aReRegistrationWithoutACapabilityMakesItsReadyTasksWait() throws Exception {
        engine();
        register("gpu-1", 1, "render", "denoise");
        engine.submit(task("t1", "denoise"));
        assertEquals(TaskStatus.READY, record("t1").status());
        register("gpu-1", 1, "render");
        assertEquals(TaskStatus.PENDING, record("t1").status());
        assertEquals("capability denoise", record("t1").waitingFor());
        register("gpu-1", 1, "render", "denoise");
        assertEquals(TaskStatus.READY, record("t1").status());
    }

    @Test
    void agentEventsCarryTheAgentItsStateAndRunningCount() throws Exception {
        engine();
        List<org.orrery.agent.AgentEvent> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        agents.events(seen::add);
        register("gpu-1", 1, "render");
        Map<String, Object> p = SchedulerComponent.properties(seen.get(0));
        assertEquals("gpu-1", p.get(org.orrery.agent.AgentEvent.PROPERTY_AGENT_ID));
        assertEquals("online", p.get(org.orrery.agent.AgentEvent.PROPERTY_STATE));
        assertEquals(0, p.get(org.orrery.agent.AgentEvent.PROPERTY_RUNNING));
        assertEquals(seen.get(0), p.get(org.orrery.agent.AgentEvent.PROPERTY_EVENT));
        assertEquals(ManualTimer.START.toString(), p.get(org.orrery.agent.AgentEvent.PROPERTY_TIMESTAMP));
        assertEquals("org/orrery/agent/REGISTERED", seen.get(0).type().topic());
    }

    @Test
    void aReportWithNextHandsOutTheNextTaskInTheReportsOwnOperation() throws Exception {
        engine();
        register("gpu-1", 1, "render");
        engine.submit(task("t1", "render"));
        engine.submit(task("t2", "render"));
        Lease first = answer(claim("gpu-1", 1)).get(0);
        List<org.orrery.agent.AgentEvent> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        agents.events(seen::add);
        org.orrery.agent.Agents.Handover handover = agents.complete("gpu-1", first.task().id(), first.leaseId(), Map.of(),
                null, null, 1);
        assertEquals(TaskStatus.COMPLETED, handover.task().status());
        assertTrue(handover.next().toCompletableFuture().isDone(), "the next lease came with the report's commit");
        List<Lease> next = answer(handover.next().toCompletableFuture());
        assertEquals(List.of("t2"), next.stream().map(l -> l.task().id()).toList());
        assertEquals(TaskStatus.COMPLETED, store.get("t1").orElseThrow().status());
        assertEquals(TaskStatus.RUNNING, store.get("t2").orElseThrow().status());
        assertEquals(List.of(), seen, "the agent ran one task before and after the operation: no STATE event");
        TaskRecord failed = agents.fail("gpu-1", "t2", next.get(0).leaseId(), new TaskError("Boom", "no", Severity.HIGH,
                false), null, null, 1).task();
        assertEquals(TaskStatus.FAILED, failed.status());
        assertEquals(1, seen.size(), "now idle: one STATE event");
        assertEquals(0, seen.get(0).agent().runningTasks().size());
    }

    @Test
    void aReportWithNextAndNothingReadyAnswersEmptyAtOnceWithoutATimer() throws Exception {
        engine();
        register("gpu-1", 2, "render");
        engine.submit(task("t1", "render"));
        Lease lease = answer(claim("gpu-1", 1)).get(0);
        int timers = time.pending();
        org.orrery.agent.Agents.Handover handover = agents.complete("gpu-1", "t1", lease.leaseId(), Map.of(), null, null, 2);
        assertTrue(handover.next().toCompletableFuture().isDone(), "answered in the report's operation");
        assertEquals(List.of(), answer(handover.next().toCompletableFuture()));
        assertTrue(time.pending() < timers, "the lease's timer went, and no timer was set for the claim");
        engine.submit(task("t2", "render"));
        assertEquals(TaskStatus.READY, record("t2").status(), "no claim of the agent stays outstanding");
    }

    @Test
    void severalReportsAndTheNextClaimAreOneOperation() throws Exception {
        engine();
        register("gpu-1", 2, "render");
        for (int i = 1; i <= 4; i++) {
            engine.submit(task("t" + i, "render"));
        }
        List<Lease> first = answer(claim("gpu-1", 2));
        List<org.orrery.agent.AgentEvent> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        agents.events(seen::add);
        org.orrery.agent.Agents.Reported reported = agents.report("gpu-1", List.of(
                new org.orrery.agent.Agents.Report(first.get(0).task().id(), first.get(0).leaseId(), Map.of("n", 1), null,
                        null, null),
                new org.orrery.agent.Agents.Report("t9", "nope", null, null, null, null),
                new org.orrery.agent.Agents.Report(first.get(1).task().id(), first.get(1).leaseId(), null,
                        new TaskError("Boom", "no", Severity.HIGH, false), null, null)), 2);
        List<org.orrery.agent.Agents.Outcome> outcomes = reported.outcomes();
        assertEquals(TaskStatus.COMPLETED, outcomes.get(0).task().status());
        assertEquals(Map.of("n", 1), store.get(first.get(0).task().id()).orElseThrow().result());
        assertEquals(AgentException.Reason.LEASE_LOST, outcomes.get(1).refused().reason());
        assertEquals(TaskStatus.FAILED, outcomes.get(2).task().status());
        assertTrue(reported.next().toCompletableFuture().isDone(), "the next leases came with the reports' commit");
        assertEquals(Set.of("t3", "t4"), Set.copyOf(answer(reported.next().toCompletableFuture()).stream()
                .map(l -> l.task().id()).toList()));
        assertEquals(List.of(), seen, "two ended, two began in one operation: no STATE event");
        assertThrows(AgentException.class, () -> agents.report("nobody", List.of(), 1));
    }

    @Test
    void registrationRulesIdsAndTypes() throws Exception {
        engine();
        engine.agents().addLocal(new TestAgent("local-1", 1, "x"), "test");
        AgentException local = assertThrows(AgentException.class, () -> register("local-1", 1, "x"));
        assertEquals(AgentException.Reason.ID_TAKEN, local.reason());
        register("gpu-1", 1, "render");
        AgentException type = assertThrows(AgentException.class,
                () -> agents.register(new AgentRegistration("gpu-1", "cpu", Set.of("render"), 1, null)));
        assertEquals(AgentException.Reason.ID_TAKEN, type.reason());
        AgentInfo again = agents.register(new AgentRegistration("gpu-1", "gpu", Set.of("render", "denoise"), 4,
                Duration.ofSeconds(10)));
        assertEquals(Set.of("render", "denoise"), again.capabilities());
        assertEquals(4, again.concurrency());
        assertEquals(Duration.ofSeconds(10), again.leaseTime());
        assertEquals(AgentException.Reason.UNKNOWN_AGENT,
                assertThrows(AgentException.class, () -> agents.claim("nobody", 1, LONG_POLL)).reason());
    }

    @Test
    void remoteTasksRunningAtARestartRunAgainWhenTheirRetryPolicyAllows() throws Exception {
        engine();
        register("gpu-1", 2, "render");
        engine.submit(TaskSpec.builder("render").id("again").capability("render")
                .retry(new RetryPolicy(1, Duration.ZERO, 1, Duration.ZERO, 0)).build());
        engine.submit(task("once", "render"));
        assertEquals(2, answer(claim("gpu-1", 2)).size());
        engine.close();
        engine();
        assertEquals(TaskStatus.RETRYING, record("again").status());
        register("gpu-1", 2, "render");
        assertEquals(TaskStatus.READY, record("again").status());
        TaskRecord once = record("once");
        assertEquals(TaskStatus.FAILED, once.status());
        assertTrue(once.error().message().contains("retry policy allows no further attempt"), once.error().message());
        assertEquals("again", answer(claim("gpu-1", 2)).get(0).task().id());
    }
}
