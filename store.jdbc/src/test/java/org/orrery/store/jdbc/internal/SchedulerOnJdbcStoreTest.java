package org.orrery.store.jdbc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.core.scheduler.internal.EngineSettings;
import org.orrery.core.scheduler.internal.ParameterValidator;
import org.orrery.core.scheduler.internal.TaskEngine;
import org.orrery.task.Action;
import org.orrery.task.ActionContext;
import org.orrery.task.TaskExecution;
import org.orrery.task.TaskNotFoundException;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskSpec;
import org.orrery.task.TaskStatus;
import org.orrery.task.TaskUpdate;

/** The scheduler on this store: executions, update and purge durable, executions after a restart. */
class SchedulerOnJdbcStoreTest {

    @TempDir
    Path dir;

    /** Logs a line and completes. */
    private static final class Logging implements Action {
        @Override
        public String name() {
            return "test.log";
        }

        @Override
        public CompletionStage<Map<String, Object>> execute(ActionContext context) {
            context.log().info("hello from " + context.taskId());
            return CompletableFuture.completedFuture(Map.of("ok", true));
        }
    }

    private TaskEngine engine(TaskDatabase db) {
        TaskEngine engine = new TaskEngine(EngineSettings.defaults(), db, db.executions(), e -> { }, Clock.systemUTC(),
                ParameterValidator.NONE);
        engine.addAction(new Logging(), "test");
        return engine;
    }

    private static TaskRecord finished(TaskEngine engine, String id) throws Exception {
        return engine.whenFinished(id).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void executionsUpdateAndPurgeGoThroughTheStoreAndExecutionsSurviveARestart() throws Exception {
        Path file = dir.resolve("tasks.db");
        try (TaskDatabase db = TaskDatabases.openSqlite(file, 2)) {
            TaskEngine engine = engine(db);
            try {
                engine.submit(TaskSpec.builder("test.log").id("kept").build());
                engine.submit(TaskSpec.builder("test.log").id("gone").build());
                assertEquals(TaskStatus.COMPLETED, finished(engine, "kept").status());
                finished(engine, "gone");
                assertEquals(1, db.executions().executions("kept").size(), "stored when the task's end is known");

                engine.submit(TaskSpec.builder("test.missing").id("later").waitForAction(true).build());
                engine.update("later", new TaskUpdate("renamed", "a description", null, null, null));
                assertEquals("a description", db.get("later").orElseThrow().spec().description());

                engine.purge("gone");
                assertTrue(db.get("gone").isEmpty());
                assertEquals(List.of(), db.executions().executions("gone"));
            } finally {
                engine.close();
            }
        }
        try (TaskDatabase db = TaskDatabases.openSqlite(file, 2)) {
            TaskEngine engine = engine(db);
            try {
                List<TaskExecution> runs = engine.executions("kept");
                assertEquals(1, runs.size());
                TaskExecution x = runs.get(0);
                assertEquals(TaskStatus.COMPLETED, x.status());
                assertEquals(Map.of("ok", true), x.result());
                assertEquals("hello from kept", x.logs().get(0).message());
                assertNotNull(x.endedAt());
                assertThrows(TaskNotFoundException.class, () -> engine.executions("gone"));
                assertEquals("renamed", engine.get("later").orElseThrow().spec().name());
            } finally {
                engine.close();
            }
        }
    }

    @Test
    void aCommitGroupsExecutionsAreInTheTransactionOfItsRecords() throws Exception {
        try (TaskDatabase db = TaskDatabases.openSqlite(dir.resolve("tasks.db"), 2)) {
            TaskEngine engine = engine(db);
            java.util.concurrent.ExecutorService submitters = java.util.concurrent.Executors.newFixedThreadPool(4);
            try {
                List<java.util.concurrent.Future<TaskRecord>> submitted = new java.util.ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    String id = "t" + i;
                    submitted.add(submitters.submit(() -> engine.submit(TaskSpec.builder("test.log").id(id).build())));
                }
                for (java.util.concurrent.Future<TaskRecord> f : submitted) {
                    finished(engine, f.get(30, TimeUnit.SECONDS).id());
                }
                engine.executions("t0"); // returns once everything so far is committed
                // each transaction held task records: none committed executions alone, after (or before) its group's records
                assertTrue(db.commits() <= db.saves(), db.commits() + " commits for " + db.saves() + " saves of records");
                for (int i = 0; i < 200; i++) {
                    assertEquals(1, db.executions().executions("t" + i).size());
                }
            } finally {
                submitters.shutdownNow();
                engine.close();
            }
        }
    }
}
