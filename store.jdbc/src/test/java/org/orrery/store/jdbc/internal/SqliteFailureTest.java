package org.orrery.store.jdbc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.orrery.store.jdbc.internal.TaskStoreCases.simple;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskSpec;
import org.orrery.task.TaskStatus;
import org.orrery.task.TaskStoreException;

/**
 * Bad input on SQLite: a corrupt file, a file locked by another connection, a full disk. Each
 * fails with a message naming the file and the cause, acknowledges nothing it did not commit, and
 * goes on by itself once the cause is gone.
 */
class SqliteFailureTest {

    /** Short waits, so that a locked file fails in a fraction of a second. */
    static final TaskDatabase.Settings QUICK = new TaskDatabase.Settings(200, Duration.ZERO, 5, 30);

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private Path file() {
        return dir.resolve("data").resolve("tasks.db");
    }

    private TaskDatabase openQuick() throws TaskStoreException {
        TaskDatabase db = TaskDatabases.openSqlite(file(), 2, QUICK);
        open.add(db);
        return db;
    }

    private static TaskRecord task(String id) {
        return simple(id, "a", TaskStatus.PENDING, Instant.parse("2026-01-01T00:00:00Z"));
    }

    /** Holds SQLite's write lock from another connection until closed. */
    private AutoCloseable lockFile() throws Exception {
        Connection other = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement st = other.createStatement();
        st.execute("BEGIN EXCLUSIVE");
        st.execute("INSERT INTO schema_version (version, description, applied_at) VALUES (999, 'lock', 'x')");
        return () -> {
            st.execute("ROLLBACK");
            other.close();
        };
    }

    @Test
    void aLockedFileFailsTheSaveNamingTheLockAndTheNextSaveSucceedsOnceFree() throws Exception {
        TaskDatabase db = openQuick();
        db.save(List.of(task("before")));
        try (AutoCloseable lock = lockFile()) {
            TaskStoreException e = assertThrows(TaskStoreException.class, () -> db.save(List.of(task("while-locked"))));
            assertTrue(e.getMessage().contains(file().toString()), e.getMessage());
            assertTrue(e.getMessage().contains("locked by another process or connection"), e.getMessage());
            assertTrue(db.get("before").isPresent(), "reads go on while another connection writes (WAL)");
        }
        db.save(List.of(task("after")));
        assertTrue(db.get("while-locked").isEmpty(), "a refused save is not stored");
        assertTrue(db.get("before").isPresent());
        assertTrue(db.get("after").isPresent());
    }

    @Test
    void aFileLockedAtStartIsOpenedOnceTheLockIsGone() throws Exception {
        TaskDatabases.openSqlite(file(), 1, QUICK).close(); // an existing store with the current schema
        // an older schema, so that opening must write (migrate) and meets the lock
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file()); Statement st = c.createStatement()) {
            st.execute("DROP INDEX tasks_module_created");
            st.execute("DROP INDEX tasks_status_created"); // as version 1 made it
            st.execute("CREATE INDEX tasks_status_created ON tasks (status, created_at, id)");
            st.execute("DROP INDEX tasks_untimed");
            st.execute("ALTER TABLE tasks DROP COLUMN tags");
            st.execute("ALTER TABLE tasks DROP COLUMN module");
            st.execute("ALTER TABLE tasks DROP COLUMN execution_nanos");
            st.execute("DROP TABLE task_executions");
            st.execute("DROP INDEX tasks_assigned_created");
            st.execute("ALTER TABLE tasks DROP COLUMN assigned_to");
            st.execute("DROP TABLE target_decisions");
            st.execute("DROP TABLE target_progress");
            st.execute("DROP TABLE target_frames");
            st.execute("DROP TABLE sequence_steps");
            st.execute("DROP TABLE sequences");
            st.execute("DROP INDEX tasks_finished");
            st.execute("ALTER TABLE tasks DROP COLUMN finished_at");
            st.execute("DELETE FROM schema_version WHERE version >= 2");
        }
        CompletableFuture<TaskDatabase> opened = new CompletableFuture<>();
        StoreOpener<TaskDatabase> opener;
        try (AutoCloseable lock = lockFile()) {
            opener = new StoreOpener<>(file().toString(), () -> TaskDatabases.openSqlite(file(), 1, QUICK),
                    opened::complete, Duration.ofMillis(20), Duration.ofMillis(100)).start();
            open.add(opener);
            String error = awaitError(opener);
            assertTrue(error.contains(file().toString()), error);
            assertTrue(error.contains("locked"), error);
            assertTrue(!opened.isDone(), "not open while locked");
        }
        TaskDatabase db = opened.get(30, TimeUnit.SECONDS);
        open.add(db);
        assertEquals(Migrations.SCRIPTS.size(), db.schemaVersion());
        db.save(List.of(task("works")));
        assertTrue(db.get("works").isPresent());
    }

    @Test
    void aCorruptFileIsReportedUntilItIsMovedAwayThenTheStoreOpens() throws Exception {
        Files.createDirectories(file().getParent());
        byte[] garbage = new byte[16384];
        new java.util.Random(3).nextBytes(garbage);
        Files.write(file(), garbage);
        CompletableFuture<TaskDatabase> opened = new CompletableFuture<>();
        StoreOpener<TaskDatabase> opener = new StoreOpener<>(file().toString(),
                () -> TaskDatabases.openSqlite(file(), 1, QUICK), opened::complete, Duration.ofMillis(20),
                Duration.ofMillis(100)).start();
        open.add(opener);
        String error = awaitError(opener);
        assertTrue(error.contains(file().toString()), error);
        assertTrue(error.contains("corrupt or is not a SQLite database"), error);
        assertTrue(!opened.isDone());
        // what the message tells the operator to do: move it away (keep it for a rescue)
        Files.move(file(), file().resolveSibling("tasks.db.corrupt"));
        TaskDatabase db = opened.get(30, TimeUnit.SECONDS);
        open.add(db);
        db.save(List.of(task("fresh")));
        assertTrue(db.get("fresh").isPresent());
        assertEquals(garbage.length, Files.size(file().resolveSibling("tasks.db.corrupt")), "the bad file is kept");
    }

    /**
     * A full disk, simulated with SQLite's own size limit ({@code PRAGMA max_page_count}, set on
     * each new writer connection while "full"): no root-only tmpfs needed, and SQLite answers
     * exactly as on a full disk (SQLITE_FULL).
     */
    @Test
    void aFullDiskFailsTheSaveNamingItAndTheStoreGoesOnOnceThereIsRoom() throws Exception {
        Path absolute = file().toAbsolutePath();
        TaskDatabase.ConnectionFactory real = SqliteConnections.of(absolute, QUICK);
        AtomicInteger maxPages = new AtomicInteger(40); // 40 pages of 4 KiB: the empty schema and a little more
        TaskDatabase.ConnectionFactory limited = writer -> {
            Connection c = real.open(writer);
            if (writer && maxPages.get() > 0) {
                try (Statement st = c.createStatement()) {
                    st.execute("PRAGMA max_page_count = " + maxPages.get());
                }
            }
            return c;
        };
        TaskDatabase db = TaskDatabase.open(Dialect.SQLITE, absolute.toString(), limited, 1, QUICK, Secrets.NONE);
        open.add(db);
        String big = "x".repeat(20_000);
        List<String> stored = new ArrayList<>();
        TaskStoreException full = null;
        for (int i = 0; i < 100 && full == null; i++) {
            TaskRecord t = TaskRecord.accepted(TaskSpec.builder("a").id("big" + i).parameter("blob", big).build(),
                    TaskStatus.PENDING, null, Instant.EPOCH);
            try {
                db.save(List.of(t));
                stored.add(t.id());
            } catch (TaskStoreException e) {
                full = e;
                assertTrue(db.get(t.id()).isEmpty(), "the save that did not fit is not stored");
            }
        }
        assertTrue(full != null, "the size limit was reached");
        assertTrue(full.getMessage().contains(absolute.toString()), full.getMessage());
        assertTrue(full.getMessage().contains("the disk is full"), full.getMessage());
        assertTrue(!stored.isEmpty(), "some saves fitted");
        // still full: refused again, nothing half-written
        assertThrows(TaskStoreException.class, () -> db.save(List.of(TaskRecord.accepted(
                TaskSpec.builder("a").id("still-full").parameter("blob", big).build(), TaskStatus.PENDING, null,
                Instant.EPOCH))));
        maxPages.set(0); // room again
        db.save(List.of(TaskRecord.accepted(TaskSpec.builder("a").id("after").parameter("blob", big).build(),
                TaskStatus.PENDING, null, Instant.EPOCH)));
        db.close();
        TaskDatabase again = TaskDatabases.openSqlite(file(), 1, QUICK);
        open.add(again);
        for (String id : stored) {
            assertTrue(again.get(id).isPresent(), id + " was acknowledged, so it is there");
        }
        assertTrue(again.get("after").isPresent());
        assertTrue(again.get("still-full").isEmpty());
    }

    static String awaitError(StoreOpener<?> opener) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (opener.lastError() == null) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the opener reported no failure within 30 s");
            }
            Thread.sleep(10);
        }
        return opener.lastError();
    }
}
