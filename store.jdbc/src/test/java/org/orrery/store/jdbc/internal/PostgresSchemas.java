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
 * A private PostgreSQL server for the test classes of one test JVM (from Debian's binaries; missing
 * binaries fail the class with {@link PostgresServer}'s message), started by the first class that
 * asks and stopped (its folder deleted) when the JVM exits, and a schema of its own for each test:
 * the classes that only need a database share the server's start (seconds each) and never see each
 * other's schemas. A test that stops the server or changes its roles starts a {@link PostgresServer}
 * of its own (PostgresFailureTest).
 */
final class PostgresSchemas {

    private static PostgresServer shared;

    private final PostgresServer server;
    private final String prefix;
    private final AtomicInteger count = new AtomicInteger();

    private PostgresSchemas(PostgresServer server, String prefix) {
        this.server = server;
        this.prefix = prefix;
    }

    /** The JVM's server, started at the first call; the schemas of this class are named {@code <prefix><n>}. */
    static synchronized PostgresSchemas start(String prefix) throws Exception {
        if (shared == null) {
            PostgresServer server = PostgresServer.start(Files.createTempDirectory("orrery-pg-schemas"));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (Exception e) {
                    System.err.println("the test PostgreSQL server did not stop: " + e);
                }
            }, "orrery-test-postgres-stop"));
            shared = server;
        }
        return new PostgresSchemas(shared, prefix);
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
}
