package org.orrery.store.jdbc.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.task.TaskStoreException;

/** The execution store's cases on SQLite, and the query plan of {@code assigned_to} on 200 000 tasks. */
class SqliteExecutionStoreTest extends ExecutionStoreCases {

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("data").resolve("tasks.db");
    }

    @Override
    protected TaskDatabase openDatabase() throws TaskStoreException {
        return TaskDatabases.openSqlite(file(), 2);
    }

    @Test
    void listingOneAgentsTasksReadsTheIndexNotTheTable() throws Exception {
        open();
        StringBuilder plan = new StringBuilder();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file()); Statement st = c.createStatement()) {
            st.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000)"
                    + " INSERT INTO tasks (id, status, action, created_at, revision, record, finished_at, assigned_to)"
                    + " SELECT 'bulk' || i, 'COMPLETED', 'camera.expose', i, 1, '{}', i, 'agent-' || (i % 50) FROM n");
            st.execute("ANALYZE");
            try (ResultSet rs = st.executeQuery("EXPLAIN QUERY PLAN " + PostgresExecutionStoreTest.AGENT_PAGE)) {
                while (rs.next()) {
                    plan.append(rs.getString("detail")).append('\n');
                }
            }
        }
        assertTrue(plan.toString().contains("USING INDEX tasks_assigned_created"), plan.toString());
        assertFalse(plan.toString().contains("TEMP B-TREE"), "no sort of the matches either: " + plan);
    }
}
