package org.orrery.store.jdbc.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.orrery.task.TaskStoreException;
import org.orrery.testsupport.PostgresServer;

/** The execution store's cases on a real PostgreSQL server, and the query plan of {@code assigned_to}. */
class PostgresExecutionStoreTest extends ExecutionStoreCases {

    /** The page query {@code TaskDatabase.list} sends for one agent's tasks (first page of 100). */
    static final String AGENT_PAGE = "SELECT id, record, created_at FROM tasks WHERE 1 = 1 AND assigned_to = 'agent-7'"
            + " ORDER BY created_at, id LIMIT 101";

    private static final AtomicInteger SCHEMAS = new AtomicInteger();
    static PostgresServer server;

    private String url;

    @BeforeAll
    static void startServer() throws Exception {
        server = PostgresServer.start(Files.createTempDirectory("orrery-pg-executions"));
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void freshSchema() throws Exception {
        String schema = "executions" + SCHEMAS.incrementAndGet();
        url = server.jdbcUrl() + "?currentSchema=" + schema;
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
                Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        }
    }

    @Override
    protected TaskDatabase openDatabase() throws TaskStoreException {
        return TaskDatabases.openPostgres(url, server.user(), server.password(), 2);
    }

    @Test
    void listingOneAgentsTasksReadsTheIndexNotTheTable() throws Exception {
        open();
        StringBuilder plan = new StringBuilder();
        try (Connection c = DriverManager.getConnection(url, server.user(), server.password());
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
