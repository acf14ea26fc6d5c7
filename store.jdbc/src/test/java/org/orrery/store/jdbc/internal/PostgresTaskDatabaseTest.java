package org.orrery.store.jdbc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.orrery.task.TaskQuery;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskStatus;
import org.orrery.task.TaskStoreException;
import org.orrery.testsupport.PostgresServer;

/**
 * The store's cases on a real PostgreSQL server (one per class, from Debian's binaries; missing
 * binaries fail the class with {@link PostgresServer}'s message), each test in a schema of its own.
 */
class PostgresTaskDatabaseTest extends TaskStoreCases {

    static PostgresSchemas pg;

    private String url;

    @BeforeAll
    static void startServer() throws Exception {
        pg = PostgresSchemas.start("cases");
    }

    @BeforeEach
    void freshSchema() throws Exception {
        url = pg.freshSchemaUrl();
    }

    @Override
    protected TaskDatabase openDatabase() throws TaskStoreException {
        return pg.open(url);
    }

    @Override
    protected String where() {
        return url;
    }

    @Override
    protected void sql(String... statements) throws Exception {
        try (Connection c = pg.connect(url);
                Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    @Override
    protected void refuseIdsStartingWithBad() throws Exception {
        sql("CREATE FUNCTION refuse_bad() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " IF NEW.id LIKE 'bad%' THEN RAISE EXCEPTION 'refused by test'; END IF; RETURN NEW; END $$",
                "CREATE TRIGGER refuse BEFORE INSERT ON tasks FOR EACH ROW EXECUTE FUNCTION refuse_bad()");
    }

    @Override
    protected AutoCloseable holdWriteLock() throws Exception {
        Connection blocker = pg.connect(url);
        blocker.setAutoCommit(false);
        try (Statement st = blocker.createStatement()) {
            st.execute("LOCK TABLE tasks IN EXCLUSIVE MODE");
        }
        return () -> {
            blocker.commit();
            blocker.close();
        };
    }

    @Test
    void theSchemaIsPostgresqlsOwnWithByteOrderKeys() throws Exception {
        TaskDatabase db = open();
        assertEquals(Dialect.POSTGRESQL, db.dialect());
        assertEquals(Migrations.SCRIPTS.size(), db.schemaVersion());
        try (Connection c = pg.connect(url);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT data_type, collation_name FROM information_schema.columns"
                        + " WHERE table_schema = current_schema() AND table_name = 'tasks' AND column_name = 'id'")) {
            assertTrue(rs.next());
            assertEquals("text", rs.getString(1));
            assertEquals("C", rs.getString(2));
        }
        // ids in byte order whatever the locale: upper case before lower case, as Java's String order
        db.save(List.of(simple("b", "a", TaskStatus.PENDING, java.time.Instant.EPOCH),
                simple("B", "a", TaskStatus.PENDING, java.time.Instant.EPOCH),
                simple("a", "a", TaskStatus.PENDING, java.time.Instant.EPOCH)));
        assertEquals(List.of("B", "a", "b"), ids(db.list(TaskQuery.all()).tasks()));
    }

    @Test
    void twoStoresOnOneDatabaseMigrateOnceAndSeeEachOthersTasks() throws Exception {
        TaskDatabase first = open();
        TaskDatabase second = open();
        first.save(List.of(simple("from-first", "a", TaskStatus.PENDING, java.time.Instant.EPOCH)));
        TaskRecord seen = second.get("from-first").orElseThrow();
        assertEquals("from-first", seen.id());
        try (Connection c = pg.connect(url);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM schema_version")) {
            rs.next();
            assertEquals(Migrations.SCRIPTS.size(), rs.getInt(1));
        }
    }
}
