package org.orrery.store.jdbc.internal;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import org.orrery.task.TaskStoreException;
import org.orrery.testsupport.PostgresServer;

/**
 * A private PostgreSQL server for one test class (from Debian's binaries; missing binaries fail the
 * class with {@link PostgresServer}'s message), and a schema of its own for each test.
 */
final class PostgresSchemas implements AutoCloseable {

    private final PostgresServer server;
    private final String prefix;
    private final AtomicInteger count = new AtomicInteger();

    private PostgresSchemas(PostgresServer server, String prefix) {
        this.server = server;
        this.prefix = prefix;
    }

    /** Starts a server; its schemas are named {@code <prefix><n>}. */
    static PostgresSchemas start(String prefix) throws Exception {
        return new PostgresSchemas(PostgresServer.start(Files.createTempDirectory("orrery-pg-" + prefix)), prefix);
    }

    /** Creates a new schema and answers the JDBC URL whose connections use it. */
    String freshSchemaUrl() throws SQLException {
        String schema = prefix + count.incrementAndGet();
        sql(server.jdbcUrl(), "CREATE SCHEMA " + schema);
        return server.jdbcUrl() + "?currentSchema=" + schema;
    }

    /** The task database at this URL, as the tests open it (two readers). */
    TaskDatabase open(String url) throws TaskStoreException {
        return TaskDatabases.openPostgres(url, server.user(), server.password(), 2);
    }

    /** A connection of the test's own at this URL. */
    Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, server.user(), server.password());
    }

    /** Runs these statements at this URL. */
    void sql(String url, String... statements) throws SQLException {
        try (Connection c = connect(url); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    @Override
    public void close() throws Exception {
        server.close();
    }
}
