package org.orrery.core.scheduler.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.orrery.core.scheduler.internal.TestActions.Gate;
import org.orrery.task.Priority;
import org.orrery.task.ResourceClaim;
import org.orrery.task.ResourceClaim.Mode;
import org.orrery.task.ResourceClaim.Type;
import org.orrery.task.ResourceState;
import org.orrery.task.TaskSpec;
import org.orrery.task.TaskStatus;

/**
 * Seed 003's resource claims: readers share a resource nobody configured, writers take it alone
 * and are not starved by readers, configured capacities (changed while running) bound the readers,
 * and {@link TaskEngine#resources()} shows who holds what and who waits.
 */
class TaskEngineResourcesTest {

    private final InMemoryTaskStore store = new InMemoryTaskStore();
    private TaskEngine engine;
    private final Gate gate = new Gate("test.gate");

    private TaskEngine engine(Map<String, Integer> capacities) {
        engine = new TaskEngine(EngineSettings.defaults().withCancelGrace(Duration.ofMillis(200)).withResourceCapacities(capacities),
                store, e -> { }, Clock.systemUTC(), ParameterValidator.NONE);
        engine.addAction(gate, "test");
        return engine;
    }

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    private void submit(String id, ResourceClaim... claims) throws Exception {
        submit(id, Priority.NORMAL, claims);
    }

    private void submit(String id, Priority priority, ResourceClaim... claims) throws Exception {
        engine.submit(TaskSpec.builder("test.gate").id(id).priority(priority).resources(List.of(claims)).build());
    }

    private TaskStatus status(String id) {
        return engine.get(id).orElseThrow().status();
    }

    /** Ends a running task (its first attempt) and waits until it is COMPLETED. */
    private void finish(String id) throws Exception {
        awaitStarted(id);
        gate.finish(id, 1, Map.of());
        engine.whenFinished(id).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private void awaitStarted(String id) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!gate.started.contains(id)) {
            assertTrue(System.nanoTime() < deadline, id + " did not start");
            Thread.sleep(2);
        }
    }

    private ResourceState resource(String name) {
        return engine.resources().stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no resource '" + name + "' in " + engine.resources()));
    }

    private static ResourceClaim read(String name) {
        return new ResourceClaim(name, Type.CPU, Mode.READ, 1);
    }

    private static ResourceClaim claim(String name, Mode mode, int amount) {
        return new ResourceClaim(name, Type.CUSTOM, mode, amount);
    }

    @Test
    void readClaimsOnAResourceNobodyConfiguredShareIt() throws Exception {
        engine(Map.of());
        submit("a", read("system_cpu"));
        submit("b", read("system_cpu"));
        submit("c", new ResourceClaim("system_cpu", Type.CPU, Mode.READ, 1000));
        // decided within each submit's operation: all three hold it at once
        assertEquals(List.of(TaskStatus.RUNNING, TaskStatus.RUNNING, TaskStatus.RUNNING), List.of(status("a"), status("b"),
                status("c")));
        ResourceState cpu = resource("system_cpu");
        assertNull(cpu.capacity(), "none configured");
        assertEquals(1002, cpu.used());
        assertEquals(Type.CPU, cpu.type());
        assertEquals(List.of(new ResourceState.Holder("a", Mode.READ, 1), new ResourceState.Holder("b", Mode.READ, 1),
                new ResourceState.Holder("c", Mode.READ, 1000)), cpu.holders());
    }

    @Test
    void writeAndExclusiveClaimsTakeAnUnconfiguredResourceAlone() throws Exception {
        engine(Map.of());
        submit("w", claim("db", Mode.WRITE, 1));
        submit("r", claim("db", Mode.READ, 1));
        submit("x", claim("db", Mode.EXCLUSIVE, 1));
        assertEquals(TaskStatus.RUNNING, status("w"));
        assertEquals(TaskStatus.READY, status("r"), "a reader waits for the writer");
        assertEquals(TaskStatus.READY, status("x"));
        assertEquals(List.of("r", "x"), resource("db").waiting());
        finish("w");
        awaitStarted("r");
        assertEquals(TaskStatus.READY, status("x"), "the exclusive claim waits for the reader");
        finish("r");
        awaitStarted("x");
        finish("x");
        assertEquals(Map.of(), engine.resourceHoldings());
    }

    @Test
    void aWaitingWriterBlocksNewReadersSoAStreamOfReadersCannotStarveIt() throws Exception {
        engine(Map.of());
        submit("r1", claim("catalog", Mode.READ, 1));
        submit("r2", claim("catalog", Mode.READ, 1));
        submit("w", claim("catalog", Mode.WRITE, 1));
        for (String later : List.of("r3", "r4", "r5")) {
            submit(later, claim("catalog", Mode.READ, 1));
            assertEquals(TaskStatus.READY, status(later), later + " does not overtake the waiting writer");
        }
        ResourceState catalog = resource("catalog");
        assertEquals(List.of("r1", "r2"), catalog.holders().stream().map(ResourceState.Holder::taskId).toList());
        assertEquals(List.of("w", "r3", "r4", "r5"), catalog.waiting());
        finish("r1");
        assertEquals(TaskStatus.READY, status("w"), "r2 still reads");
        finish("r2");
        awaitStarted("w");
        assertEquals(List.of(TaskStatus.READY, TaskStatus.READY, TaskStatus.READY), List.of(status("r3"), status("r4"),
                status("r5")));
        finish("w");
        for (String later : List.of("r3", "r4", "r5")) {
            awaitStarted(later); // together, once the writer is done
        }
        assertEquals(3, resource("catalog").holders().size());
    }

    @Test
    void aConfiguredCapacityBoundsTheReadersAmounts() throws Exception {
        engine(Map.of("lamp", 3));
        submit("a", claim("lamp", Mode.READ, 2));
        submit("b", claim("lamp", Mode.READ, 2));
        submit("c", claim("lamp", Mode.READ, 1));
        assertEquals(TaskStatus.RUNNING, status("a"));
        assertEquals(TaskStatus.READY, status("b"), "2 + 2 > 3");
        assertEquals(TaskStatus.RUNNING, status("c"), "2 + 1 fits");
        ResourceState lamp = resource("lamp");
        assertEquals(3, lamp.capacity());
        assertEquals(3, lamp.used());
        assertEquals(List.of("b"), lamp.waiting());
        finish("a");
        awaitStarted("b");
    }

    @Test
    void aCapacityChangedWhileRunningLetsWaitingReadersStart() throws Exception {
        engine(Map.of("lamp", 1));
        submit("a", claim("lamp", Mode.READ, 1));
        submit("b", claim("lamp", Mode.READ, 1));
        submit("c", claim("lamp", Mode.READ, 1));
        assertEquals(List.of("b", "c"), resource("lamp").waiting());
        engine.updateSettings(EngineSettings.defaults().withResourceCapacities(Map.of("lamp", 2)));
        assertEquals(TaskStatus.RUNNING, status("b"), "started by the change itself");
        assertEquals(TaskStatus.READY, status("c"));
        assertEquals(2, resource("lamp").capacity());
        engine.updateSettings(EngineSettings.defaults().withResourceCapacities(Map.of()));
        assertEquals(TaskStatus.RUNNING, status("c"), "no capacity any more: readers share it freely");
        assertNull(resource("lamp").capacity());
    }

    @Test
    void theViewListsWaitersInStartOrderAndConfiguredResourcesThatNobodyUses() throws Exception {
        engine(Map.of("lamp", 2));
        submit("holder", claim("mount", Mode.EXCLUSIVE, 1));
        submit("old", claim("mount", Mode.READ, 1));
        submit("urgent", Priority.URGENT, new ResourceClaim("mount", Type.FILE, Mode.WRITE, 1));
        ResourceState mount = resource("mount");
        assertEquals(List.of(new ResourceState.Holder("holder", Mode.EXCLUSIVE, 1)), mount.holders());
        assertEquals(List.of("urgent", "old"), mount.waiting(), "the order they would start in");
        assertEquals(Type.FILE, mount.type(), "the first typed claim's type");
        assertEquals(0, mount.used());
        ResourceState lamp = resource("lamp");
        assertEquals(List.of(), lamp.holders());
        assertEquals(List.of(), lamp.waiting());
        assertEquals(Type.CUSTOM, lamp.type());
        assertEquals(Type.CPU, resource("cpu").type(), "the requirement resources, with this machine's capacity");
        assertEquals(Runtime.getRuntime().availableProcessors() * 10, resource("cpu").capacity());
        finish("holder");
        awaitStarted("urgent");
        finish("urgent");
        finish("old");
        assertEquals(List.of("cpu", "disk", "gpu_memory", "lamp", "memory"), engine.resources().stream()
                .map(ResourceState::name).toList(), "what is free and not configured is not listed");
    }

    @Test
    void twoClaimsOfOneTaskOnOneResourceAreOneClaimAndAllOfItIsGivenBack() throws Exception {
        engine(Map.of("lamp", 3));
        submit("a", claim("lamp", Mode.READ, 1), claim("lamp", Mode.READ, 2));
        assertEquals(List.of(new ResourceState.Holder("a", Mode.READ, 2)), resource("lamp").holders());
        finish("a");
        assertEquals(Map.of(), engine.resourceHoldings());
    }
}
