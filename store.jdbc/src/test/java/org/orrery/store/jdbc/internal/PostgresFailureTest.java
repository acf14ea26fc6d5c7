package org.orrery.store.jdbc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.orrery.store.jdbc.internal.TaskStoreCases.simple;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
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

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.orrery.task.TaskQuery;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskStatus;
import org.orrery.task.TaskStoreException;
import org.orrery.testsupport.PostgresServer;

/**
 * Bad input on a real PostgreSQL server: down at start, down while running and back, a wrong
 * password. Each fails with a message naming the server and the cause (never the password),
 * acknowledges nothing it did not commit, and goes on by itself once the cause is gone.
 */
class PostgresFailureTest {

    /** No pause between connection attempts, short timeouts: the tests wait for nothing. */
    static final TaskDatabase.Settings QUICK = new TaskDatabase.Settings(2_000, Duration.ZERO, 5, 30);

    private static final AtomicInteger SCHEMAS = new AtomicInteger();
    static PostgresServer server;

    private String url;

    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeAll
    static void startServer() throws Exception {
        server = PostgresServer.start(Files.createTempDirectory("orrery-pg-failures"));
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void closeAllAndRestartTheServer() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        if (!isUp()) {
            server.start();
        }
        server.psql("ALTER ROLE " + server.user() + " PASSWORD '" + server.password() + "'");
    }

    /** A schema of this test's own in the server's database. */
    @BeforeEach
    void freshSchema() throws Exception {
        String schema = "failures" + SCHEMAS.incrementAndGet();
        url = server.jdbcUrl() + "?currentSchema=" + schema;
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
                Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        }
    }

    private static boolean isUp() {
        try {
            server.psql("SELECT 1");
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private TaskDatabase openQuick(String password) throws TaskStoreException {
        TaskDatabase db = TaskDatabases.openPostgres(url, server.user(), password, 2, QUICK);
        open.add(db);
        return db;
    }

    private static TaskRecord task(String id) {
        return simple(id, "a", TaskStatus.PENDING, Instant.parse("2026-01-01T00:00:00Z"));
    }

    private String host() {
        return "127.0.0.1:" + server.port();
    }

    @Test
    void aServerThatIsDownAtStartIsNamedAndTheStoreOpensWhenItIsUp() throws Exception {
        server.stop();
        TaskStoreException direct = assertThrows(TaskStoreException.class, () -> openQuick(server.password()));
        assertTrue(direct.getMessage().contains(host()), direct.getMessage());
        assertTrue(direct.getMessage().contains("cannot be reached"), direct.getMessage());

        CompletableFuture<TaskDatabase> opened = new CompletableFuture<>();
        StoreOpener<TaskDatabase> opener = new StoreOpener<>(url,
                () -> TaskDatabases.openPostgres(url, server.user(), server.password(), 2, QUICK),
                opened::complete, Duration.ofMillis(20), Duration.ofMillis(200)).start();
        open.add(opener);
        String error = SqliteFailureTest.awaitError(opener);
        assertTrue(error.contains(host()), error);
        assertFalse(opened.isDone());
        server.start();
        TaskDatabase db = opened.get(30, TimeUnit.SECONDS);
        open.add(db);
        db.save(List.of(task("first")));
        assertTrue(db.get("first").isPresent());
    }

    @Test
    void aServerThatGoesDownFailsSavesAndReadsNamingItAndTheStoreReconnectsWhenItIsBack() throws Exception {
        TaskDatabase db = openQuick(server.password());
        db.save(List.of(task("before")));
        assertTrue(db.get("before").isPresent());

        server.stop();
        TaskStoreException save = assertThrows(TaskStoreException.class, () -> db.save(List.of(task("while-down"))));
        assertTrue(save.getMessage().contains(host()), save.getMessage());
        assertTrue(save.getMessage().contains("cannot be reached"), save.getMessage());
        TaskStoreException read = assertThrows(TaskStoreException.class, () -> db.get("before"));
        assertTrue(read.getMessage().contains(host()), read.getMessage());
        // and again: every save while it is down fails, none hangs
        assertThrows(TaskStoreException.class, () -> db.save(List.of(task("while-down-2"))));

        server.start();
        db.save(List.of(task("after")));
        assertTrue(db.get("after").isPresent());
        assertTrue(db.get("before").isPresent());
        assertTrue(db.get("while-down").isEmpty(), "a refused save is not stored");
        assertTrue(db.get("while-down-2").isEmpty());
        assertTrue(db.reconnects() >= 2, "writer and reader reconnected: " + db.reconnects());
    }

    @Test
    void aServerRestartBetweenTwoSavesIsNotSeenByTheCallers() throws Exception {
        TaskDatabase db = openQuick(server.password());
        db.save(List.of(task("one")));
        assertEquals(1, db.list(TaskQuery.all()).tasks().size());
        server.stop();
        server.start();
        // the writer's and the readers' connections are dead; each is opened again and the work repeated
        db.save(List.of(task("two")));
        assertEquals(List.of("one", "two"), TaskStoreCases.ids(db.list(TaskQuery.all()).tasks()));
    }

    @Test
    void aWrongPasswordIsNamedNeverShownAndTheStoreOpensOnceTheServerAcceptsIt() throws Exception {
        String wrong = "wrong-Secret-4711";
        TaskStoreException e = assertThrows(TaskStoreException.class, () -> openQuick(wrong));
        assertTrue(e.getMessage().contains("password authentication failed for user \"" + server.user() + "\""),
                e.getMessage());
        assertTrue(e.getMessage().contains("refused the user name or password"), e.getMessage());
        assertTrue(e.getMessage().contains(host()), e.getMessage());
        assertFalse(everything(e).contains(wrong), everything(e));

        // a password in the URL is masked as well, in the message and in every cause
        String inUrl = url + "&password=url-Secret-0815";
        TaskStoreException fromUrl = assertThrows(TaskStoreException.class,
                () -> TaskDatabases.openPostgres(inUrl, server.user(), null, 1, QUICK));
        assertTrue(fromUrl.getMessage().contains("password=***"), fromUrl.getMessage());
        assertFalse(everything(fromUrl).contains("url-Secret-0815"), everything(fromUrl));

        // the cause goes away (the administrator gives the role this password): the store opens
        CompletableFuture<TaskDatabase> opened = new CompletableFuture<>();
        StoreOpener<TaskDatabase> opener = new StoreOpener<>(url,
                () -> TaskDatabases.openPostgres(url, server.user(), wrong, 1, QUICK), opened::complete,
                Duration.ofMillis(20), Duration.ofMillis(200)).start();
        open.add(opener);
        String error = SqliteFailureTest.awaitError(opener);
        assertTrue(error.contains("password authentication failed"), error);
        assertFalse(error.contains(wrong), error);
        server.psql("ALTER ROLE " + server.user() + " PASSWORD '" + wrong + "'");
        TaskDatabase db = opened.get(30, TimeUnit.SECONDS);
        open.add(db);
        db.save(List.of(task("in")));
        assertTrue(db.get("in").isPresent());
    }

    @Test
    void aMissingDatabaseIsNamed() {
        String url = "jdbc:postgresql://" + host() + "/no_such_db";
        TaskStoreException e = assertThrows(TaskStoreException.class,
                () -> TaskDatabases.openPostgres(url, server.user(), server.password(), 1, QUICK));
        assertTrue(e.getMessage().contains("the database does not exist"), e.getMessage());
        assertTrue(e.getMessage().contains("no_such_db"), e.getMessage());
    }

    /** Message, causes and stack traces, as a log would print them. */
    static String everything(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
