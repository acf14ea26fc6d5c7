package org.orrery.store.jdbc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.orrery.task.Severity;
import org.orrery.task.TaskError;
import org.orrery.task.TaskExecution;
import org.orrery.task.TaskQuery;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskSpec;
import org.orrery.task.TaskStatus;
import org.orrery.task.TaskStoreException;

/**
 * The execution store, purge and the {@code assigned_to} filter, the same on every database:
 * {@link SqliteExecutionStoreTest} runs these cases on SQLite, {@link PostgresExecutionStoreTest}
 * on a real PostgreSQL server (each adds that its query plan for {@code assigned_to} uses the index).
 */
abstract class ExecutionStoreCases {

    static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

    private final List<TaskDatabase> open = new ArrayList<>();

    @AfterEach
    void closeAll() {
        open.forEach(TaskDatabase::close);
    }

    /** Opens this test's database (the same one each time within a test), closed after the test. */
    protected final TaskDatabase open() throws TaskStoreException {
        TaskDatabase db = openDatabase();
        open.add(db);
        return db;
    }

    protected abstract TaskDatabase openDatabase() throws TaskStoreException;

    static TaskRecord task(String id, String assignedTo, int minute) {
        return TaskRecord.accepted(TaskSpec.builder("camera.expose").id(id).tag("night").build(), TaskStatus.COMPLETED, null,
                T0.plusSeconds(60L * minute)).toBuilder().assignedTo(assignedTo).completedAt(T0.plusSeconds(60L * minute + 5))
                .build();
    }

    static TaskExecution execution(String taskId, int attempt, TaskStatus status) {
        return new TaskExecution(null, taskId, attempt, "gpu-1", status, T0.plusNanos(123_456_789L),
                status == TaskStatus.RUNNING ? null : T0.plusSeconds(3),
                status == TaskStatus.COMPLETED ? Map.of("frames", 3, "hfr", new BigDecimal("2.50")) : null,
                status == TaskStatus.FAILED ? new TaskError("TaskTimeoutException", "took too long", Severity.HIGH, true) : null,
                new TaskExecution.ResourceUsage(Duration.ofMillis(1500), 64L << 20),
                List.of(new TaskExecution.LogLine(T0.plusSeconds(1), "INFO", "exposing"),
                        new TaskExecution.LogLine(T0.plusSeconds(2), "WARN", "clouds ☁")));
    }

    @Test
    void executionsAreKeptReplacedByIdAndListedByAttempt() throws Exception {
        TaskDatabase db = open();
        db.save(List.of(task("t", "gpu-1", 0)));
        db.executions().saveExecution(execution("t", 2, TaskStatus.RUNNING));
        db.executions().saveExecution(execution("t", 1, TaskStatus.FAILED));
        db.executions().saveExecution(execution("t", 2, TaskStatus.COMPLETED)); // the running one ended
        List<TaskExecution> runs = db.executions().executions("t");
        assertEquals(List.of(execution("t", 1, TaskStatus.FAILED), execution("t", 2, TaskStatus.COMPLETED)), runs);
        assertEquals(List.of(), db.executions().executions("unknown"));
    }

    @Test
    void recordsAndExecutionsSavedTogetherAreOneCommit() throws Exception {
        TaskDatabase db = open();
        long before = db.commits();
        db.executions().saveTogether(db, List.of(task("a", "gpu-1", 0), task("b", "gpu-1", 1)),
                List.of(execution("a", 1, TaskStatus.COMPLETED), execution("b", 1, TaskStatus.FAILED)));
        assertEquals(before + 1, db.commits(), "one transaction for the records and the executions");
        assertEquals(TaskStatus.COMPLETED, db.get("a").orElseThrow().status());
        assertEquals(List.of(execution("a", 1, TaskStatus.COMPLETED)), db.executions().executions("a"));
        assertEquals(List.of(execution("b", 1, TaskStatus.FAILED)), db.executions().executions("b"));
    }

    @Test
    void executionsAreStillThereAfterTheStoreIsClosedAndOpenedAgain() throws Exception {
        TaskDatabase first = open();
        first.save(List.of(task("t", "local", 0)));
        first.executions().saveExecution(execution("t", 1, TaskStatus.COMPLETED));
        first.close();
        TaskDatabase again = open();
        assertEquals(List.of(execution("t", 1, TaskStatus.COMPLETED)), again.executions().executions("t"));
    }

    @Test
    void purgeRemovesTheTaskItsTagsAndItsExecutionsOnly() throws Exception {
        TaskDatabase db = open();
        db.save(List.of(task("a", "local", 0), task("b", "local", 1)));
        db.executions().saveExecution(execution("a", 1, TaskStatus.COMPLETED));
        db.executions().saveExecution(execution("b", 1, TaskStatus.COMPLETED));
        db.executions().purge("a");
        assertTrue(db.get("a").isEmpty());
        assertEquals(List.of(), db.executions().executions("a"));
        assertEquals(List.of("b"), db.list(TaskQuery.all().withLimit(10)).tasks().stream().map(TaskRecord::id).toList());
        assertEquals(List.of("b"), db.list(new TaskQuery(java.util.Set.of(), null, "night", null, null, null, 10)).tasks()
                .stream().map(TaskRecord::id).toList(), "its tags are gone too");
        assertEquals(1, db.executions().executions("b").size());
        db.executions().purge("a"); // again: nothing to do
    }

    @Test
    void retentionRemovesTheExecutionsOfTheTasksItRemoves() throws Exception {
        TaskDatabase db = open();
        db.save(List.of(task("old", "local", 0), task("new", "local", 600)));
        db.executions().saveExecution(execution("old", 1, TaskStatus.COMPLETED));
        db.executions().saveExecution(execution("new", 1, TaskStatus.COMPLETED));
        assertEquals(1, db.purgeFinishedBefore(T0.plusSeconds(3600)));
        assertEquals(List.of(), db.executions().executions("old"));
        assertEquals(1, db.executions().executions("new").size());
    }

    @Test
    void listFiltersByWhoRunsTheTaskAndPages() throws Exception {
        TaskDatabase db = open();
        List<TaskRecord> tasks = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            tasks.add(task("t" + i, i % 2 == 0 ? "gpu-1" : "local", i));
        }
        tasks.add(task("none", null, 8));
        db.save(tasks);
        TaskQuery gpu = TaskQuery.all().withLimit(3).withAssignedTo("gpu-1");
        var first = db.list(gpu);
        assertEquals(List.of("t0", "t2", "t4"), first.tasks().stream().map(TaskRecord::id).toList());
        var second = db.list(gpu.after(first.nextCursor()));
        assertEquals(List.of("t6"), second.tasks().stream().map(TaskRecord::id).toList());
        assertFalse(second.nextCursor() != null);
        assertEquals(3, db.list(TaskQuery.all().withAssignedTo("local")).tasks().size());
        assertEquals(8, db.list(TaskQuery.all()).tasks().size());
    }
}
