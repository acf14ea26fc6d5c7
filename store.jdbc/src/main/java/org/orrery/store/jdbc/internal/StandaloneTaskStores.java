package org.orrery.store.jdbc.internal;

import java.nio.file.Path;

import org.orrery.task.TaskStoreException;

/**
 * Opens the durable task store without OSGi, for benchmarks and tools: the same code that
 * {@link JdbcTaskStore} runs inside the framework. The JDBC drivers must be on the class path.
 * {@link StandaloneTaskStore#sequences()} is the sequence store on the same database.
 */
public final class StandaloneTaskStores {

    private StandaloneTaskStores() {
    }

    /** SQLite in this file (created if absent): WAL, synchronous=FULL, the store's only SQLite mode. */
    public static StandaloneTaskStore sqlite(Path file, int readers) throws TaskStoreException {
        return TaskDatabases.openSqlite(file, readers);
    }

    /** PostgreSQL at this JDBC URL, with the schema created or migrated. */
    public static StandaloneTaskStore postgres(String url, String user, String password, int readers)
            throws TaskStoreException {
        return TaskDatabases.openPostgres(url, user, password, readers);
    }
}
