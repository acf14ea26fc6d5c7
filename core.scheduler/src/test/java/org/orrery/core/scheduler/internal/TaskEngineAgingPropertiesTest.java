package org.orrery.core.scheduler.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import org.orrery.core.scheduler.internal.TestActions.Gate;
import org.orrery.task.Priority;
import org.orrery.task.TaskSpec;

/**
 * Aging against priorities, on a real engine with a ticker the test moves (no sleeping): aging
 * lifts old tasks so that they do not starve, but never past a CRITICAL task, which starts on the
 * next free slot whatever backlog of older tasks waits.
 */
class TaskEngineAgingPropertiesTest {

    private static final Duration STEP = Duration.ofSeconds(60);

    /** A backlog task: its priority (LOW..HIGH) and how many aging steps passed before the next was submitted. */
    record Queued(Priority priority, int stepsAfter) {
    }

    @Provide
    Arbitrary<List<Queued>> backlogs() {
        Arbitrary<Priority> priorities = Arbitraries.of(Priority.LOW, Priority.NORMAL, Priority.HIGH);
        Arbitrary<Integer> gaps = Arbitraries.integers().between(0, 3);
        return Combinators.combine(priorities, gaps).as(Queued::new).list().ofMinSize(1).ofMaxSize(60);
    }

    @Property(tries = 60)
    void aCriticalTaskStartsOnTheNextFreeSlotWhateverTheBacklog(@ForAll("backlogs") List<Queued> backlog,
            @ForAll @IntRange(min = 1, max = 4) int slots, @ForAll @IntRange(min = 0, max = 12) int stepsBeforeCritical)
            throws Exception {
        AtomicLong ticker = new AtomicLong();
        Gate gate = new Gate("prop.gate");
        TaskEngine engine = new TaskEngine(EngineSettings.defaults().withMaxConcurrentTasks(slots).withAgingStep(STEP),
                new InMemoryTaskStore(), e -> { }, Clock.systemUTC(), ParameterValidator.NONE, ticker::get);
        try {
            engine.addAction(gate, "test");
            for (int i = 0; i < slots; i++) {
                engine.submit(TaskSpec.builder("prop.gate").id("blocker" + i).build());
            }
            await(() -> gate.started.size() == slots, "the blockers started");
            for (int i = 0; i < backlog.size(); i++) {
                engine.submit(TaskSpec.builder("prop.gate").id("old" + i).priority(backlog.get(i).priority()).build());
                ticker.addAndGet(STEP.toNanos() * backlog.get(i).stepsAfter());
            }
            ticker.addAndGet(STEP.toNanos() * stepsBeforeCritical);
            engine.submit(TaskSpec.builder("prop.gate").id("critical").priority(Priority.CRITICAL).build());
            gate.finish("blocker0", 1, Map.of());
            await(() -> gate.started.size() == slots + 1, "a task started on the free slot");
            String next = gate.started.get(slots);
            if (!next.equals("critical")) {
                throw new AssertionError(next + " started on the free slot before the critical task; backlog " + backlog
                        + ", " + stepsBeforeCritical + " steps before the critical one");
            }
        } finally {
            engine.close();
        }
    }

    @Example
    void waitingLongEnoughRaisesALowPriorityTaskOverANewerHighOne() throws Exception {
        AtomicLong ticker = new AtomicLong();
        Gate gate = new Gate("prop.gate");
        TaskEngine engine = new TaskEngine(EngineSettings.defaults().withMaxConcurrentTasks(1).withAgingStep(STEP),
                new InMemoryTaskStore(), e -> { }, Clock.systemUTC(), ParameterValidator.NONE, ticker::get);
        try {
            engine.addAction(gate, "test");
            engine.submit(TaskSpec.builder("prop.gate").id("blocker").build());
            await(() -> gate.started.size() == 1, "the blocker started");
            engine.submit(TaskSpec.builder("prop.gate").id("old-low").priority(Priority.LOW).build());
            ticker.addAndGet(STEP.toNanos() * 4); // LOW + 4 steps: CRITICAL's level, above HIGH
            engine.submit(TaskSpec.builder("prop.gate").id("new-high").priority(Priority.HIGH).build());
            engine.submit(TaskSpec.builder("prop.gate").id("new-normal").priority(Priority.NORMAL).build());
            gate.finish("blocker", 1, Map.of());
            await(() -> gate.started.size() == 2, "the next started");
            if (!gate.started.get(1).equals("old-low")) {
                throw new AssertionError("the aged task did not go first: " + gate.started);
            }
            gate.finish("old-low", 1, Map.of());
            await(() -> gate.started.size() == 3, "the next started");
            if (!gate.started.get(2).equals("new-high")) {
                throw new AssertionError("without aging, priority decides: " + gate.started);
            }
        } finally {
            engine.close();
        }
    }

    @Example
    void effectiveLevelsNeverPassTheTopAndNeverOverflow() {
        long step = STEP.toNanos();
        assertEquals(5, ReadyQueue.effective(1, Long.MAX_VALUE, step));
        assertEquals(3, ReadyQueue.effective(1, 2 * step, step));
        assertEquals(2, ReadyQueue.effective(2, -5, step));
    }

    private static void assertEquals(int expected, int actual) {
        if (expected != actual) {
            throw new AssertionError("expected " + expected + ", was " + actual);
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long until = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }
}
