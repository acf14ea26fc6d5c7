package org.orrery.store.jdbc.internal;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import org.orrery.task.TaskStoreException;

/** The target store's cases on SQLite. */
class SqliteTargetStoreTest extends TargetStoreCases {

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("data").resolve("tasks.db");
    }

    @Override
    protected TaskDatabase openDatabase() throws TaskStoreException {
        return TaskDatabases.openSqlite(file(), 2);
    }
}
