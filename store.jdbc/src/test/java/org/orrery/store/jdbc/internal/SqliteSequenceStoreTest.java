package org.orrery.store.jdbc.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import org.junit.jupiter.api.io.TempDir;
import org.orrery.task.TaskStoreException;

/** The sequence store's cases on SQLite. */
class SqliteSequenceStoreTest extends SequenceStoreCases {

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
    protected void refuseStepKeysStartingWithBad() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file()); Statement st = c.createStatement()) {
            st.execute("CREATE TRIGGER refuse BEFORE INSERT ON sequence_steps WHEN NEW.step_key LIKE 'bad%'"
                    + " BEGIN SELECT RAISE(ABORT, 'refused by test'); END");
        }
    }
}
