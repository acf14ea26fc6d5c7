package org.orrery.store.jdbc.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.orrery.task.TaskStoreException;

/** The execution store's cases on a real PostgreSQL server, and the query plan of {@code assigned_to}. */
class PostgresExecutionStoreTest extends ExecutionStoreCases {

    /** The page query {@code TaskDatabase.list} sends for one agent's tasks (first page of 100). */
    static final String AGENT_PAGE = "SELECT id, record, created_at FROM tasks WHERE 1 = 1 AND assigned_to = 'agent-7'"
            + " ORDER BY created_at, id LIMIT 101";

    static PostgresSchemas pg;

    private String url;

    @BeforeAll
    static void startServer() throws Exception {
        pg = PostgresSchemas.start("executions");
    }

    @BeforeEach
    void freshSchema() throws Exception {
        url = pg.freshSchemaUrl();
    }

    @Override
    protected TaskDatabase openDatabase() throws TaskStoreException {
        return pg.open(url);
    }

    @Test
    void listingOneAgentsTasksReadsTheIndexNotTheTable() throws Exception {
        open();
        StringBuilder plan = new StringBuilder();
        try (Connection c = pg.connect(url);
                Statement st = c.createStatement()) {
            st.execute("INSERT INTO tasks (id, status, action, created_at, revision, record, finished_at, assigned_to)"
                    + " SELECT 'bulk' || i, 'COMPLETED', 'camera.expose', i, 1, '{}', i, 'agent-' || (i % 50)"
                    + " FROM generate_series(1, 200000) AS i");
            st.execute("ANALYZE tasks");
            try (ResultSet rs = st.executeQuery("EXPLAIN " + AGENT_PAGE)) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
        }
        assertTrue(plan.toString().contains("tasks_assigned_created"), plan.toString());
        assertFalse(plan.toString().contains("Seq Scan"), plan.toString());
    }
}
