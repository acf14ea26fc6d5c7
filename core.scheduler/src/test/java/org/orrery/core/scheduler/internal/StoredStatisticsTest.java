package org.orrery.core.scheduler.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.orrery.task.SchedulerStatistics;
import org.orrery.task.TaskPage;
import org.orrery.task.TaskQuery;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskSpec;
import org.orrery.task.TaskStatisticsStore;
import org.orrery.task.TaskStatus;
import org.orrery.task.TaskStore;
import org.orrery.task.TaskTotals;

/** Seed 003's statistics come from a store that counts its tasks, so they survive a restart. */
class StoredStatisticsTest {

    /** A store in memory that counts its tasks (as the JDBC store does with an aggregate query). */
    static final class CountingStore implements TaskStore, TaskStatisticsStore {
        final InMemoryTaskStore tasks = new InMemoryTaskStore();
        int totalsAsked;

        @Override
        public void save(Collection<TaskRecord> records) {
            tasks.save(records);
        }

        @Override
        public Optional<TaskRecord> get(String id) {
            return tasks.get(id);
        }

        @Override
        public TaskPage list(TaskQuery query) {
            return tasks.list(query);
        }

        @Override
        public List<TaskRecord> unfinished() {
            return tasks.unfinished();
        }

        @Override
        public TaskTotals totals() {
            totalsAsked++;
            Map<TaskStatus, Long> by = new EnumMap<>(TaskStatus.class);
            long ran = 0;
            Duration time = Duration.ZERO;
            for (TaskRecord r : tasks.list(TaskQuery.all().withLimit(TaskQuery.MAX_LIMIT)).tasks()) {
                by.merge(r.status(), 1L, Long::sum);
                if (r.status() == TaskStatus.COMPLETED || r.status() == TaskStatus.FAILED) {
                    ran++;
                    time = time.plus(r.executionTime());
                }
            }
            return new TaskTotals(by, ran, time);
        }
    }

    private static TaskEngine engine(TaskStore store) {
        return new TaskEngine(EngineSettings.defaults(), store, e -> { }, Clock.systemUTC(), ParameterValidator.NONE);
    }

    @Test
    void theCountsAndTimesAreTheStoresAndTheSameAfterARestart() throws Exception {
        CountingStore store = new CountingStore();
        SchedulerStatistics before;
        try (TaskEngine first = engine(store)) {
            first.addAction(new TestActions.Quick("test.quick"), "test");
            TestActions.Quick failing = new TestActions.Quick("test.fails");
            failing.failures = Integer.MAX_VALUE;
            first.addAction(failing, "test");
            for (int i = 0; i < 5; i++) {
                first.whenFinished(first.submit(TaskSpec.builder("test.quick").id("q" + i).build()).id())
                        .toCompletableFuture().get();
            }
            first.whenFinished(first.submit(TaskSpec.builder("test.fails").id("f").build()).id()).toCompletableFuture().get();
            first.submit(TaskSpec.builder("test.missing").id("waits").waitForAction(true).build());
            before = first.statistics();
        }
        assertEquals(7, before.totalTasks());
        assertEquals(5L, before.byStatus().get(TaskStatus.COMPLETED));
        assertEquals(1L, before.byStatus().get(TaskStatus.FAILED));
        assertEquals(1L, before.byStatus().get(TaskStatus.PENDING));
        assertEquals(1L, before.queued());
        TaskTotals stored = store.totals();
        assertEquals(stored.totalExecutionSeconds(), before.totalExecutionSeconds(), 1e-12);
        assertEquals(stored.averageExecutionSeconds(), before.averageExecutionSeconds(), 1e-12);

        try (TaskEngine again = engine(store)) {
            SchedulerStatistics after = again.statistics();
            assertEquals(7, after.totalTasks(), "the finished tasks, not in memory after the restart, still count");
            assertEquals(before.byStatus(), after.byStatus());
            assertEquals(before.totalExecutionSeconds(), after.totalExecutionSeconds(), 1e-12);
            assertEquals(before.averageExecutionSeconds(), after.averageExecutionSeconds(), 1e-12);
        }
    }

    @Test
    void aStoreThatDoesNotCountLeavesTheCountsInMemory() throws Exception {
        InMemoryTaskStore store = new InMemoryTaskStore();
        try (TaskEngine first = engine(store)) {
            first.addAction(new TestActions.Quick("test.quick"), "test");
            first.whenFinished(first.submit(TaskSpec.builder("test.quick").id("q").build()).id()).toCompletableFuture().get();
            assertEquals(1, first.statistics().totalTasks());
        }
        try (TaskEngine again = engine(store)) {
            assertEquals(0, again.statistics().totalTasks(), "only unfinished tasks come back into memory");
        }
    }
}
