package org.orrery.core.scheduler.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.orrery.task.TaskPage;
import org.orrery.task.TaskQuery;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskSpec;
import org.orrery.task.TaskStatus;
import org.orrery.task.TaskStore;

/**
 * Far more tasks than the engine keeps in memory once finished: the work per task (store reads,
 * finished tasks examined for letting go) must not grow with the number of tasks. Counts, not
 * times: the benchmark's 100 000-task DAG went from 0.65 s for 20 000 tasks to 104 s for 50 000
 * when this cost grew with the number of finished tasks still depended on.
 */
class TaskEngineScaleTest {

    /** A store that counts its reads. */
    private static final class CountingStore implements TaskStore {
        final InMemoryTaskStore inner = new InMemoryTaskStore();
        final AtomicLong reads = new AtomicLong();

        @Override
        public void save(Collection<TaskRecord> tasks) {
            inner.save(tasks);
        }

        @Override
        public Optional<TaskRecord> get(String id) {
            reads.incrementAndGet();
            return inner.get(id);
        }

        @Override
        public TaskPage list(TaskQuery query) {
            reads.incrementAndGet();
            return inner.list(query);
        }

        @Override
        public List<TaskRecord> unfinished() {
            return inner.unfinished();
        }
    }

    private record Cost(int tasks, long reads, long checks, int inMemory) {
        double readsPerTask() {
            return (double) reads / tasks;
        }

        double checksPerTask() {
            return (double) checks / tasks;
        }
    }

    /** The benchmark's DAG: task i depends on min(3, i) distinct tasks drawn uniformly from 0..i-1. */
    private static List<TaskSpec> dag(int n, long seed) {
        Random random = new Random(seed);
        List<TaskSpec> specs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            TreeSet<Integer> deps = new TreeSet<>();
            while (deps.size() < Math.min(3, i)) {
                deps.add(random.nextInt(i));
            }
            specs.add(TaskSpec.builder("q").id("n" + i).dependsOn(deps.stream().map(d -> "n" + d).toList()).build());
        }
        return specs;
    }

    private static Cost run(int n, int batches) throws Exception {
        CountingStore store = new CountingStore();
        try (TaskEngine engine = new TaskEngine(EngineSettings.defaults(), store, e -> { }, Clock.systemUTC(),
                ParameterValidator.NONE)) {
            engine.keepFinished = 100;
            engine.addAction(new TestActions.Quick("q"), "test");
            List<TaskSpec> specs = dag(n, 42);
            int size = n / batches;
            for (int b = 0; b < batches; b++) {
                engine.submitAll(specs.subList(b * size, b == batches - 1 ? n : (b + 1) * size));
            }
            long until = System.nanoTime() + 60_000_000_000L;
            while (engine.statistics().byStatus().get(TaskStatus.COMPLETED) < n && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            assertEquals(n, engine.statistics().byStatus().get(TaskStatus.COMPLETED), "all completed");
            engine.submit(TaskSpec.builder("q").id("last").build()); // the window is trimmed after each operation
            return new Cost(n, store.reads.get(), engine.letGoChecks(), engine.tasksInMemory());
        }
    }

    @Test
    void aDagFarLargerThanTheKeptWindowCostsTheSamePerTaskAtAnySize() throws Exception {
        for (int batches : new int[] {1, 10}) {
            Cost small = run(2_000, batches);
            Cost large = run(10_000, batches);
            String costs = batches + " batch(es): " + small + " / " + large;
            // the same constant bounds at both sizes (it was 445 checks per task at 2 000 tasks and 2 594
            // at 10 000): per task, one read for its id (the caller chose it) and at most one per
            // dependency (three), and each finished task examined a few times
            for (Cost c : List.of(small, large)) {
                assertTrue(c.readsPerTask() <= 4, costs);
                assertTrue(c.checksPerTask() <= 3, costs);
            }
            assertTrue(large.inMemory() < 1_000, "memory stays bounded: " + costs);
        }
    }
}
