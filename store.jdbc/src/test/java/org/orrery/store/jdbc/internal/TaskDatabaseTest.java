package org.orrery.store.jdbc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.task.TaskStatus;
import org.orrery.task.TaskStoreException;

/** The store's cases on SQLite, and what only SQLite has (WAL, the file). */
class TaskDatabaseTest extends TaskStoreCases {

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("data").resolve("tasks.db");
    }

    @Override
    protected TaskDatabase openDatabase() throws TaskStoreException {
        return TaskDatabases.openSqlite(file(), 2);
    }

    @Override
    protected String where() {
        return file().toString();
    }

    @Override
    protected void sql(String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file()); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    @Override
    protected void refuseIdsStartingWithBad() throws Exception {
        sql("CREATE TRIGGER refuse BEFORE INSERT ON tasks WHEN NEW.id LIKE 'bad%'"
                + " BEGIN SELECT RAISE(ABORT, 'refused by test'); END");
    }

    @Override
    protected AutoCloseable holdWriteLock() throws Exception {
        Connection blocker = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement st = blocker.createStatement();
        st.execute("BEGIN IMMEDIATE");
        return () -> {
            st.execute("COMMIT");
            blocker.close();
        };
    }

    @Test
    void theFileIsInWalModeWithFullSync() throws Exception {
        TaskDatabase db = open();
        assertEquals(Dialect.SQLITE, db.dialect());
        db.close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file()); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
            rs.next();
            assertEquals("wal", rs.getString(1));
        }
    }

    /**
     * SQLite checkpoints inside the commit that takes the log past 1 000 pages (4 MB) by default,
     * so that commit's callers also wait for the database file's writes and fsync: here commits
     * leave checkpoints to the store's checkpoint thread, which keeps the log from growing.
     */
    @Test
    void theWriteAheadLogIsCheckpointedOffTheCommitPath() throws Exception {
        assertTrue(Dialect.SQLITE.writerSetup(1000).contains("PRAGMA wal_autocheckpoint = " + WalCheckpointer.WRITER_PAGES),
                "the writer's own checkpoints start only past " + WalCheckpointer.WRITER_PAGES + " pages");
        TaskDatabase db = open();
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < 1200; i++) { // one commit each: well past 1 000 pages of log
            db.save(List.of(simple("w" + i, "a", TaskStatus.PENDING, t.plusMillis(i), "x")));
        }
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (db.checkpointer().checkpoints() == 0 && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
        assertTrue(db.checkpointer().checkpoints() > 0, "the checkpoint thread checkpointed after the commits");
        WalCheckpointer.Result last = db.checkpointer().checkpoint();
        assertFalse(last.busy());
        assertEquals(last.logFrames(), last.checkpointedFrames(), "every committed page is in the database file");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file()); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM tasks")) {
            rs.next();
            assertEquals(1200, rs.getInt(1));
        }
    }

    @Test
    void theDatabaseAndItsWalAreOwnerOnlyWhateverTheUmask() throws Exception {
        Files.createDirectories(file().getParent());
        Files.writeString(dir.resolve("data/tasks.db-wal"), "");
        Files.setPosixFilePermissions(dir.resolve("data/tasks.db-wal"),
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        TaskDatabase db = open();
        try {
            try (var files = Files.list(file().getParent())) {
                List<Path> database = files.filter(f -> f.getFileName().toString().startsWith("tasks.db")).toList();
                assertTrue(database.size() >= 2, database.toString());
                for (Path f : database) {
                    assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                            Files.getPosixFilePermissions(f)), f.toString());
                }
            }
        } finally {
            db.close();
        }
    }

    @Test
    void aCorruptFileGivesAClearMessageNamingIt() throws Exception {
        Files.createDirectories(file().getParent());
        byte[] garbage = new byte[8192];
        new java.util.Random(1).nextBytes(garbage);
        Files.write(file(), garbage);
        TaskStoreException e = assertThrows(TaskStoreException.class, () -> TaskDatabases.openSqlite(file(), 1));
        assertTrue(e.getMessage().contains(file().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());

        Path text = dir.resolve("text.db");
        Files.writeString(text, "this is not a database, just some text\n".repeat(200), StandardCharsets.UTF_8);
        TaskStoreException e2 = assertThrows(TaskStoreException.class, () -> TaskDatabases.openSqlite(text, 1));
        assertTrue(e2.getMessage().contains(text.toString()), e2.getMessage());
    }

    @Test
    void aFileInAFolderThatCannotBeCreatedIsNamed() throws Exception {
        Path blocker = dir.resolve("plain-file");
        Files.writeString(blocker, "x");
        Path db = blocker.resolve("tasks.db");
        TaskStoreException e = assertThrows(TaskStoreException.class, () -> TaskDatabases.openSqlite(db, 1));
        assertTrue(e.getMessage().contains(db.toString()), e.getMessage());
    }

    @Test
    void migrationScriptsSplitIntoStatements() {
        assertEquals(List.of("CREATE TABLE a (x INT)", "CREATE INDEX i\n ON a (x)"),
                Migrations.statements("-- c\nCREATE TABLE a (x INT); -- t\n\nCREATE INDEX i\n ON a (x);\n"));
        assertEquals(Migrations.SCRIPTS.size(), new Migrations(Dialect.SQLITE).latest());
        assertThrows(IllegalStateException.class, () -> new Migrations(Dialect.SQLITE, List.of("V2__skipped.sql")));
        // PostgreSQL has its own first script (TEXT COLLATE "C" keys), and shares the rest
        List<Migrations.Script> pg = new Migrations(Dialect.POSTGRESQL).scripts();
        assertEquals("migration/postgresql/V1__tasks.sql", pg.get(0).resource());
        assertEquals("migration/V2__finished_at.sql", pg.get(1).resource());
        assertEquals("migration/V1__tasks.sql", new Migrations(Dialect.SQLITE).scripts().get(0).resource());
    }

    @Test
    void urlsAreRedacted() {
        assertEquals("jdbc:postgresql://h/db?user=u&password=***",
                TaskDatabases.redact("jdbc:postgresql://h/db?user=u&password=secret"));
        assertFalse(TaskDatabases.redact("jdbc:postgresql://u:secret@h/db").contains("secret"));
        Secrets secrets = Secrets.of("jdbc:postgresql://h/db?password=inurl", "configured");
        assertEquals("a *** b *** c", secrets.mask("a inurl b configured c"));
    }

    @Test
    void onlySqliteAndPostgresqlUrlsAreAccepted() {
        TaskStoreException e = assertThrows(TaskStoreException.class,
                () -> TaskDatabases.open("jdbc:h2:/tmp/x;PASSWORD=topsecret", "u", "p", 1));
        assertTrue(e.getMessage().contains("unsupported JDBC URL"), e.getMessage());
        assertTrue(e.getMessage().contains("jdbc:postgresql://"), e.getMessage());
        assertFalse(e.getMessage().contains("topsecret"), e.getMessage());
        assertThrows(TaskStoreException.class, () -> TaskDatabases.open("jdbc:sqlite::memory:", "", "", 1));
    }

    @Test
    void theTotalsReadOnlyTheStatusIndex() throws Exception {
        open().close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file()); Statement st = c.createStatement();
                java.sql.ResultSet rs = st.executeQuery("EXPLAIN QUERY PLAN SELECT status, COUNT(*), SUM(execution_nanos)"
                        + " FROM tasks GROUP BY status")) {
            StringBuilder plan = new StringBuilder();
            while (rs.next()) {
                plan.append(rs.getString("detail")).append('\n');
            }
            assertTrue(plan.toString().contains("COVERING INDEX tasks_status_created"), plan.toString());
        }
    }
}
