package org.orrery.store.jdbc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.orrery.task.Priority;
import org.orrery.task.ResourceClaim;
import org.orrery.task.RetryPolicy;
import org.orrery.task.Severity;
import org.orrery.task.TaskError;
import org.orrery.task.TaskPage;
import org.orrery.task.TaskQuery;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskSpec;
import org.orrery.task.TaskStatus;
import org.orrery.task.TaskStoreException;

/**
 * What the store does, the same on every database: {@link TaskDatabaseTest} runs these cases on
 * SQLite, {@link PostgresTaskDatabaseTest} on a real PostgreSQL server.
 */
abstract class TaskStoreCases {

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

    /** How messages name this test's database. */
    protected abstract String where();

    /** Runs SQL on this test's database on a connection of its own. */
    protected abstract void sql(String... statements) throws Exception;

    /** Makes the database refuse (in a trigger) every task whose id starts with "bad". */
    protected abstract void refuseIdsStartingWithBad() throws Exception;

    /** Holds the write lock on the tasks until closed, from another connection. */
    protected abstract AutoCloseable holdWriteLock() throws Exception;

    static TaskRecord full(String id) {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("list", List.of(1, new BigDecimal("2.5"), "x", true)); // the value model: BigDecimal, not Double
        nested.put("none", null);
        nested.put("big", 10_000_000_000L);
        TaskSpec spec = TaskSpec.builder("camera.expose").id(id).name("Dark frame").parameter("exposure", new BigDecimal("12.5"))
                .parameter("count", 3).parameter("filter", "Ha").parameter("options", nested)
                .parameter("flags", List.of("a", "b")).priority(Priority.URGENT).dependsOn("a1", "a2")
                .timeout(Duration.ofMillis(90_500)).retry(new RetryPolicy(3, Duration.ofSeconds(5), 2.5,
                        Duration.ofMinutes(2), 0.25))
                .resource(ResourceClaim.exclusive("device:camera-main")).resource(new ResourceClaim("cpu",
                        ResourceClaim.Mode.READ, 2))
                .tag("night", "calibration").metadata(Map.of("submitted_by", "alice", "n", 7))
                .notBefore(Instant.parse("2030-01-02T03:04:05.123456789Z"))
                .deadline(Instant.parse("2030-01-03T00:00:00Z")).capability("camera").assignedTo("agent-1")
                .runAlways(true).waitForAction(true).description("darks for the night").createdBy("alice")
                .executionContext(Map.of("site", "roof", "seeing", new BigDecimal("1.5")))
                .resourceRequirements(new org.orrery.task.ResourceRequirements(2.5, 4, 0, 1)).build();
        return TaskRecord.builder(spec).status(TaskStatus.RETRYING)
                .result(Map.of("frames", List.of("f1.fits", "f2.fits"), "ok", false))
                .error(new TaskError("TaskTimeoutException", "took too long", Severity.HIGH, true)).attempts(2)
                .progress(0.375).progressMessage("exposing 2/3").waitingFor("retry delay")
                .createdAt(Instant.parse("2026-05-06T07:08:09.000000001Z")).startedAt(Instant.parse("2026-05-06T07:09:00Z"))
                .completedAt(Instant.parse("2026-05-06T07:10:00.5Z")).executionTime(Duration.ofNanos(61_000_000_123L))
                .assignedTo("agent-2").revision(42)
                .checkpoint(Map.of("frames_done", 2, "files", List.of("f1.fits", "f2.fits"), "hfr", new BigDecimal("2.50")))
                .build();
    }

    /** The record in another status, one revision later (as the scheduler changes it). */
    static TaskRecord changed(TaskRecord r, TaskStatus status) {
        return r.toBuilder().status(status).revision(r.revision() + 1).build();
    }

    static TaskRecord simple(String id, String action, TaskStatus status, Instant created, String... tags) {
        return TaskRecord.accepted(TaskSpec.builder(action).id(id).tag(tags).build(), status, null, created);
    }

    @Test
    void aFullyPopulatedRecordRoundTrips() throws Exception {
        TaskRecord task = full("t1");
        assertEquals(task, new StoredTaskJson().read(new StoredTaskJson().write(task)));
        TaskDatabase db = open();
        db.save(List.of(task));
        assertEquals(task, db.get("t1").orElseThrow());
        assertTrue(db.get("nope").isEmpty());
        assertEquals(Migrations.SCRIPTS.size(), db.schemaVersion());
    }

    @Test
    void saveIsAnUpsert() throws Exception {
        TaskDatabase db = open();
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        TaskRecord first = simple("u", "a", TaskStatus.PENDING, t, "x");
        db.save(List.of(first));
        TaskRecord second = changed(first, TaskStatus.READY);
        db.save(List.of(second));
        // and twice in one commit: the later one wins
        db.save(List.of(changed(second, TaskStatus.RUNNING), changed(second, TaskStatus.PAUSED)));
        TaskPage all = db.list(TaskQuery.all());
        assertEquals(1, all.tasks().size());
        assertEquals(TaskStatus.PAUSED, all.tasks().get(0).status());
        assertEquals(2, all.tasks().get(0).revision(), "the last record");
        assertEquals(1, db.list(new TaskQuery(Set.of(), null, "x", null, null, null, 10)).tasks().size());
    }

    @Test
    void listFiltersAndPagesByKeyLikeTheReference() throws Exception {
        TaskDatabase db = open();
        Instant base = Instant.parse("2026-03-01T12:00:00.000000500Z");
        List<TaskRecord> all = new ArrayList<>();
        TaskStatus[] statuses = TaskStatus.values();
        for (int i = 0; i < 60; i++) {
            // groups of four share one creation time: paging must break ties by id
            Instant created = base.plusNanos((i / 4) * 1_000L);
            String[] tags = i % 3 == 0 ? new String[] {"even3", "t%_"} : i % 5 == 0 ? new String[] {"five"} : new String[0];
            all.add(simple("task-" + (char) ('a' + (i * 7) % 26) + i, i % 2 == 0 ? "camera.expose" : "mount.slew",
                    statuses[i % statuses.length], created, tags));
        }
        // saved in a shuffled order, several per commit
        List<TaskRecord> shuffled = new ArrayList<>(all);
        java.util.Collections.shuffle(shuffled, new java.util.Random(7));
        for (int i = 0; i < shuffled.size(); i += 7) {
            db.save(shuffled.subList(i, Math.min(i + 7, shuffled.size())));
        }
        all.sort(Comparator.comparing(TaskRecord::createdAt).thenComparing(TaskRecord::id));
        List<TaskQuery> queries = List.of(TaskQuery.all(),
                TaskQuery.byStatus(TaskStatus.PENDING, TaskStatus.RUNNING, TaskStatus.FAILED),
                new TaskQuery(Set.of(), "camera.expose", null, null, null, null, 100),
                new TaskQuery(Set.of(), null, "even3", null, null, null, 100),
                new TaskQuery(Set.of(), null, "t%_", null, null, null, 100),
                new TaskQuery(Set.of(), null, "t%", null, null, null, 100),
                new TaskQuery(Set.of(), null, null, base.plusNanos(3_000), base.plusNanos(9_000), null, 100),
                new TaskQuery(Set.of(TaskStatus.COMPLETED, TaskStatus.PENDING), "mount.slew", "five",
                        base.plusNanos(1_000), Instant.MAX, null, 100),
                new TaskQuery(Set.of(), null, null, Instant.MIN, null, null, 100));
        for (TaskQuery oldestFirst : queries) {
            for (TaskQuery q : List.of(oldestFirst, oldestFirst.withNewestFirst(true))) {
                List<TaskRecord> expected = new ArrayList<>(all.stream().filter(q::matches).toList());
                if (q.newestFirst()) {
                    java.util.Collections.reverse(expected);
                }
                for (int limit : new int[] {1, 3, 4, 5, 1000}) {
                    List<TaskRecord> got = new ArrayList<>();
                    String cursor = null;
                    int pages = 0;
                    do {
                        TaskPage page = db.list(q.withLimit(limit).after(cursor));
                        assertTrue(page.tasks().size() <= limit);
                        got.addAll(page.tasks());
                        cursor = page.nextCursor();
                        assertTrue(++pages <= 61, "paging ends");
                    } while (cursor != null);
                    assertEquals(ids(expected), ids(got), q + " limit " + limit);
                }
            }
        }
        assertEquals(0, db.list(new TaskQuery(Set.of(), null, "t%", null, null, null, 10)).tasks().size());
        TaskPage first = db.list(TaskQuery.all().withLimit(2));
        TaskRecord second = first.tasks().get(1);
        assertEquals(second.createdAt().getEpochSecond() + "." + second.createdAt().getNano() + ":" + second.id(),
                first.nextCursor());
        assertThrows(IllegalArgumentException.class, () -> db.list(TaskQuery.all().after("garbage")));
    }

    @Test
    void unfinishedIsEveryNonTerminalTaskOldestFirst() throws Exception {
        TaskDatabase db = open();
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        List<TaskRecord> tasks = new ArrayList<>();
        int i = 0;
        for (TaskStatus s : TaskStatus.values()) {
            tasks.add(simple("s" + i, "a", s, t.minusSeconds(i++)));
        }
        db.save(tasks);
        List<TaskRecord> expected = tasks.stream().filter(r -> !r.status().isTerminal())
                .sorted(Comparator.comparing(TaskRecord::createdAt)).toList();
        assertEquals(ids(expected), ids(db.unfinished()));
        assertEquals(5, db.unfinished().size());
    }

    @Test
    void concurrentSavesAreAllCommittedAndShareCommits() throws Exception {
        TaskDatabase db = open();
        int threads = 16;
        int each = 40;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        for (int th = 0; th < threads; th++) {
            int n = th;
            futures.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < each; i++) {
                    String id = "c" + n + "-" + i;
                    db.save(List.of(simple(id, "a", TaskStatus.PENDING, t.plusNanos(i))));
                    // committed before save returned: visible on another connection at once
                    assertTrue(db.get(id).isPresent(), id);
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertEquals(threads * each, db.saves());
        assertTrue(db.commits() < db.saves(), "commits " + db.commits() + " < saves " + db.saves());
        System.out.println(getClass().getSimpleName() + " group commit: " + db.saves() + " saves in " + db.commits() + " commits");
        db.close();
        TaskDatabase again = open();
        assertEquals(threads * each, again.list(TaskQuery.all().withLimit(1000)).tasks().size());
    }

    @Test
    void aFailedCommitFailsOnlyTheCallersWhoseRecordsWereInIt() throws Exception {
        TaskDatabase db = open();
        refuseIdsStartingWithBad();
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        ConcurrentLinkedQueue<String> failed = new ConcurrentLinkedQueue<>();
        List<Future<?>> futures = new ArrayList<>();
        // hold the write lock so that the callers queue up and are committed together
        try (AutoCloseable blocker = holdWriteLock()) {
            for (int i = 0; i < 8; i++) {
                String id = (i == 3 ? "bad" : "good") + i;
                futures.add(pool.submit(() -> {
                    try {
                        db.save(List.of(simple(id, "a", TaskStatus.PENDING, t), simple(id + "-b", "a",
                                TaskStatus.PENDING, t)));
                    } catch (TaskStoreException e) {
                        assertTrue(e.getMessage().contains(where()), e.getMessage());
                        assertTrue(e.getMessage().contains("refused by test"), e.getMessage());
                        failed.add(id);
                    }
                    return null;
                }));
            }
            Thread.sleep(300);
        }
        for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertEquals(List.of("bad3"), List.copyOf(failed));
        for (int i = 0; i < 8; i++) {
            assertEquals(i != 3, db.get((i == 3 ? "bad" : "good") + i).isPresent());
            assertEquals(i != 3, db.get((i == 3 ? "bad" : "good") + i + "-b").isPresent(), "all or none");
        }
        assertEquals(7, db.saves());
    }

    @Test
    void aPreparedRecordIsSavedAsPreparedAndAChangedOneAsItIs() throws Exception {
        TaskDatabase db = open();
        TaskRecord first = full("prep");
        db.prepare(List.of(first));
        db.save(List.of(first));
        assertEquals(first, db.get("prep").orElseThrow());
        assertEquals(1, db.prepared().used(), "the save used the row encoded ahead");
        // prepared, then changed again before the save: the save stores the record it gets
        db.prepare(List.of(changed(first, TaskStatus.RUNNING)));
        TaskRecord later = changed(changed(first, TaskStatus.RUNNING), TaskStatus.COMPLETED);
        db.save(List.of(later));
        assertEquals(later, db.get("prep").orElseThrow());
        assertEquals(1, db.prepared().used());
        // one operation changed the task twice: only its last record is encoded (the one saved)
        TaskRecord twice = changed(later, TaskStatus.RUNNING);
        TaskRecord last = changed(twice, TaskStatus.COMPLETED);
        long encoded = db.prepared().encoded();
        db.prepare(List.of(twice, last));
        assertEquals(encoded + 1, db.prepared().encoded());
        db.save(List.of(last));
        assertEquals(2, db.prepared().used());
        assertEquals(last, db.get("prep").orElseThrow());
    }

    @Test
    void whatWasOnlyPreparedIsNeverStoredAndAnEndBeforeTheSaveLosesNothingAcknowledged() throws Exception {
        TaskDatabase db = open();
        TaskRecord acknowledged = full("acked");
        db.save(List.of(acknowledged));
        // encoded, then the process ends before their saves: nothing of them was acknowledged
        db.prepare(List.of(changed(acknowledged, TaskStatus.COMPLETED),
                simple("never", "a", TaskStatus.PENDING, Instant.EPOCH, "x")));
        db.close();
        TaskDatabase again = open();
        assertEquals(acknowledged, again.get("acked").orElseThrow());
        assertTrue(again.get("never").isEmpty());
        assertEquals(0, again.prepared().size());
    }

    @Test
    void aChangeThatKeepsTheTagsLeavesTheirRowsAndOneThatChangesThemReplacesThem() throws Exception {
        TaskDatabase db = open();
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        TaskRecord first = simple("tagged", "a", TaskStatus.READY, t, "x", "y");
        db.save(List.of(first));
        // a row of task_tags the store did not write: it stays as long as the store leaves the tags alone
        sql("INSERT INTO task_tags (task_id, tag, created_at) VALUES ('tagged', 'marker', 0)");
        TaskRecord running = changed(first, TaskStatus.RUNNING);
        db.save(List.of(running));
        if (db.dialect() == Dialect.SQLITE) {
            assertEquals(List.of("tagged"), ids(db.list(byTag("marker")).tasks()), "tags unchanged: not written again");
        } else { // PostgreSQL upserts whole rows: the driver makes one statement of a group's upserts
            assertEquals(List.of(), ids(db.list(byTag("marker")).tasks()), "PostgreSQL writes the tags again");
        }
        assertEquals(running, db.get("tagged").orElseThrow());
        assertEquals(List.of("tagged"), ids(db.list(byStatus(TaskStatus.RUNNING)).tasks()));
        // the tags change (an edit): they are replaced
        TaskRecord retagged = TaskRecord.builder(TaskSpec.builder("a").id("tagged").tag("y", "z").build())
                .status(TaskStatus.RUNNING).createdAt(t).revision(running.revision() + 1).build();
        db.save(List.of(retagged));
        assertEquals(List.of(), ids(db.list(byTag("marker")).tasks()));
        assertEquals(List.of(), ids(db.list(byTag("x")).tasks()));
        assertEquals(List.of("tagged"), ids(db.list(byTag("z")).tasks()));
        assertEquals(List.of("tagged"), ids(db.list(byTag("y")).tasks()));
        // another action under the same id (not something the scheduler does): the whole row follows
        TaskRecord other = TaskRecord.builder(TaskSpec.builder("b").id("tagged").tag("y", "z").build())
                .status(TaskStatus.COMPLETED).createdAt(t).completedAt(t.plusSeconds(1))
                .revision(retagged.revision() + 1).build();
        db.save(List.of(other));
        assertEquals(other, db.get("tagged").orElseThrow());
        assertEquals(List.of("tagged"), ids(db.list(new TaskQuery(Set.of(), "b", null, null, null, null, 10)).tasks()));
        assertEquals(List.of(), ids(db.list(new TaskQuery(Set.of(), "a", null, null, null, null, 10)).tasks()));
    }

    private static TaskQuery byTag(String tag) {
        return new TaskQuery(Set.of(), null, tag, null, null, null, 10);
    }

    private static TaskQuery byStatus(TaskStatus status) {
        return new TaskQuery(Set.of(status), null, null, null, null, null, 10);
    }

    @Test
    void reopeningKeepsEverything() throws Exception {
        TaskDatabase db = open();
        TaskRecord task = full("keep");
        db.save(List.of(task, simple("other", "b", TaskStatus.COMPLETED, Instant.EPOCH, "z")));
        db.close();
        assertThrows(TaskStoreException.class, () -> db.save(List.of(task)));
        TaskDatabase again = open();
        assertEquals(task, again.get("keep").orElseThrow());
        assertEquals(List.of("other"), ids(again.list(new TaskQuery(Set.of(), null, "z", null, null, null, 5)).tasks()));
        assertEquals(Migrations.SCRIPTS.size(), again.schemaVersion());
    }

    @Test
    void aNewerSchemaIsRefusedNamingBothVersions() throws Exception {
        open().close();
        sql("INSERT INTO schema_version (version, description, applied_at) VALUES (" + (Migrations.SCRIPTS.size() + 1) + ", 'future', 'x')");
        TaskStoreException e = assertThrows(TaskStoreException.class, () -> open());
        assertTrue(e.getMessage().contains("version " + (Migrations.SCRIPTS.size() + 1)), e.getMessage());
        assertTrue(e.getMessage().contains("up to " + Migrations.SCRIPTS.size()), e.getMessage());
        assertTrue(e.getMessage().contains(where()), e.getMessage());
    }

    @Test
    void retentionRemovesOnlyTasksThatFinishedBeforeTheCutoff() throws Exception {
        TaskDatabase db = open();
        try {
            java.time.Instant now = java.time.Instant.now();
            org.orrery.task.TaskRecord old = org.orrery.task.TaskRecord.accepted(
                    org.orrery.task.TaskSpec.builder("x").id("old").tag("t").build(), org.orrery.task.TaskStatus.PENDING,
                    null, now.minus(java.time.Duration.ofDays(40)));
            old = old.toBuilder().status(org.orrery.task.TaskStatus.COMPLETED).result(java.util.Map.of())
                    .completedAt(now.minus(java.time.Duration.ofDays(40))).revision(3).build();
            org.orrery.task.TaskRecord recent = org.orrery.task.TaskRecord.accepted(
                    org.orrery.task.TaskSpec.builder("x").id("recent").build(), org.orrery.task.TaskStatus.PENDING, null,
                    now.minus(java.time.Duration.ofDays(40)));
            recent = recent.toBuilder().status(org.orrery.task.TaskStatus.FAILED).completedAt(now).revision(3).build();
            org.orrery.task.TaskRecord waiting = org.orrery.task.TaskRecord.accepted(
                    org.orrery.task.TaskSpec.builder("x").id("waiting").build(), org.orrery.task.TaskStatus.PENDING, null,
                    now.minus(java.time.Duration.ofDays(400)));
            db.save(java.util.List.of(old, recent, waiting));
            assertEquals(1, db.purgeFinishedBefore(now.minus(java.time.Duration.ofDays(30))));
            assertTrue(db.get("old").isEmpty(), "finished 40 days ago: removed");
            assertTrue(db.get("recent").isPresent(), "finished now: kept");
            assertTrue(db.get("waiting").isPresent(), "never finished: kept however old");
            assertTrue(db.list(new org.orrery.task.TaskQuery(java.util.Set.of(), null, "t", null, null, null, 10)).tasks().isEmpty(),
                    "its tags are gone too");
        } finally {
            db.close();
        }
    }

    static List<String> ids(List<TaskRecord> tasks) {
        return tasks.stream().map(TaskRecord::id).toList();
    }

    // ---- seed 003: module and the statistics' totals (schema version 6) ----

    static TaskRecord ran(String id, String module, TaskStatus status, long millis, Instant created) {
        TaskSpec.Builder spec = TaskSpec.builder("system.noop").id(id);
        if (module != null) {
            spec.module(module);
        }
        return TaskRecord.accepted(spec.build(), TaskStatus.PENDING, null, created).toBuilder().status(status)
                .attempts(status == TaskStatus.PENDING ? 0 : 1).executionTime(Duration.ofMillis(millis))
                .completedAt(status.isTerminal() ? created : null).revision(2).build();
    }

    @Test
    void listFiltersByModule() throws Exception {
        TaskDatabase db = open();
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        TaskRecord legacy = TaskRecord.accepted(TaskSpec.builder("x").id("m3").metadata(Map.of("module", "static_analysis"))
                .build(), TaskStatus.PENDING, null, t.plusSeconds(3));
        db.save(List.of(ran("m1", "static_analysis", TaskStatus.COMPLETED, 5, t), ran("m2", "data_visualization",
                TaskStatus.PENDING, 0, t.plusSeconds(1)), ran("m0", null, TaskStatus.PENDING, 0, t.plusSeconds(2)), legacy));
        TaskQuery byModule = new TaskQuery(Set.of(), null, null, null, null, null, 10).withModule("static_analysis");
        assertEquals(List.of("m1", "m3"), ids(db.list(byModule).tasks()));
        assertEquals(List.of("m3"), ids(db.list(byModule.withLimit(1).after(db.list(byModule.withLimit(1)).nextCursor()))
                .tasks()));
        assertEquals("static_analysis", db.get("m3").orElseThrow().spec().module(), "from metadata.module");
        assertEquals(List.of(), ids(db.list(byModule.withModule("nope")).tasks()));
    }

    @Test
    void totalsCountEveryStatusAndTheExecutionTimeOfTasksThatRan() throws Exception {
        TaskDatabase db = open();
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        db.save(List.of(ran("a", null, TaskStatus.COMPLETED, 1500, t), ran("b", null, TaskStatus.COMPLETED, 500, t),
                ran("c", null, TaskStatus.FAILED, 1000, t), ran("d", null, TaskStatus.CANCELLED, 700, t),
                ran("e", null, TaskStatus.PENDING, 0, t), ran("f", null, TaskStatus.RUNNING, 300, t)));
        org.orrery.task.TaskTotals totals = db.totals();
        assertEquals(6, totals.total());
        assertEquals(2, totals.byStatus().get(TaskStatus.COMPLETED));
        assertEquals(1, totals.byStatus().get(TaskStatus.FAILED));
        assertEquals(1, totals.byStatus().get(TaskStatus.RUNNING));
        assertEquals(0, totals.byStatus().get(TaskStatus.PAUSED));
        assertEquals(3, totals.ran(), "completed and failed");
        assertEquals(Duration.ofMillis(3000), totals.executionTime());
        assertEquals(1.0, totals.averageExecutionSeconds(), 1e-9);
        db.save(List.of(changed(ran("f", null, TaskStatus.RUNNING, 300, t), TaskStatus.COMPLETED)));
        assertEquals(Duration.ofMillis(3300), db.totals().executionTime(), "an upsert changes the sums");
    }

    @Test
    void aVersion5StoreGetsModulesFromMetadataAndExecutionTimesWhenItOpens() throws Exception {
        TaskDatabase db = open();
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        TaskRecord legacy = TaskRecord.accepted(TaskSpec.builder("x").id("old").metadata(Map.of("module", "static_analysis"))
                .build(), TaskStatus.PENDING, null, t).toBuilder().status(TaskStatus.COMPLETED).attempts(1)
                .executionTime(Duration.ofMillis(2500)).completedAt(t).revision(2).build();
        TaskRecord odd = TaskRecord.accepted(TaskSpec.builder("x").id("odd").metadata(Map.of("module", 7)).build(),
                TaskStatus.FAILED, null, t.plusSeconds(1)).toBuilder().executionTime(Duration.ofMillis(500)).build();
        db.save(List.of(legacy, odd));
        db.close();
        // back to schema version 5: no module, no execution_nanos (as a store written before them)
        sql("DROP INDEX tasks_module_created", "DROP INDEX tasks_untimed", "DROP INDEX tasks_status_created",
                "CREATE INDEX tasks_status_created ON tasks (status, created_at, id)", "ALTER TABLE tasks DROP COLUMN module", "ALTER TABLE tasks DROP COLUMN execution_nanos",
                "ALTER TABLE tasks DROP COLUMN tags", "DELETE FROM schema_version WHERE version >= 6");
        TaskDatabase again = open();
        assertEquals(Migrations.SCRIPTS.size(), again.schemaVersion());
        TaskQuery byModule = new TaskQuery(Set.of(), null, null, null, null, null, 10).withModule("static_analysis");
        assertEquals(List.of("old"), ids(again.list(byModule).tasks()), "the column filled from metadata.module");
        assertEquals(List.of(), ids(again.list(byModule.withModule("7")).tasks()), "a module that is no string is none");
        assertEquals(Duration.ofMillis(3000), again.totals().executionTime(), "filled from the records when it opened");
        assertEquals(2, again.totals().ran());
    }
}
