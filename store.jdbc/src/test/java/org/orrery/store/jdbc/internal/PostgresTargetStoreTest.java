package org.orrery.store.jdbc.internal;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.orrery.task.TaskStoreException;
import org.orrery.testsupport.PostgresServer;

/** The target store's cases on a real PostgreSQL server, each test in a schema of its own. */
class PostgresTargetStoreTest extends TargetStoreCases {

    private static final AtomicInteger SCHEMAS = new AtomicInteger();
    static PostgresServer server;

    private String url;

    @BeforeAll
    static void startServer() throws Exception {
        server = PostgresServer.start(Files.createTempDirectory("orrery-pg-targets"));
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void freshSchema() throws Exception {
        String schema = "targets" + SCHEMAS.incrementAndGet();
        url = server.jdbcUrl() + "?currentSchema=" + schema;
        sql(server.jdbcUrl(), "CREATE SCHEMA " + schema);
    }

    @Override
    protected TaskDatabase openDatabase() throws TaskStoreException {
        return TaskDatabases.openPostgres(url, server.user(), server.password(), 2);
    }

    private static void sql(String at, String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection(at, server.user(), server.password());
                Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }
}
