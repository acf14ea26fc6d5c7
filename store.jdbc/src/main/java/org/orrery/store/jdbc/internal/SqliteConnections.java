package org.orrery.store.jdbc.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

import org.orrery.task.TaskStoreException;
import org.sqlite.SQLiteConfig;

/** The store's SQLite file: its connections (WAL, synchronous=FULL, …) and the file of a URL. */
final class SqliteConnections {

    static final String SQLITE_TMPDIR = "org.sqlite.tmpdir";

    private SqliteConnections() {
    }

    /** Connections to this SQLite file with the store's pragmas; creates its folder and keeps its files private. */
    static TaskDatabase.ConnectionFactory of(Path absolute, TaskDatabase.Settings settings) throws TaskStoreException {
        Path folder = absolute.getParent();
        try {
            Files.createDirectories(folder);
            if (System.getProperty(SQLITE_TMPDIR) == null) {
                // sqlite-jdbc unpacks its native library here; not /tmp, which may be noexec or cleaned
                Path tmp = Files.createDirectories(folder.resolve("tmp").resolve("sqlite"));
                System.setProperty(SQLITE_TMPDIR, tmp.toString());
            }
            SqliteNativeLibrary.useFrom(Path.of(System.getProperty(SQLITE_TMPDIR)));
        } catch (IOException e) {
            throw new TaskStoreException("task store " + absolute + ": cannot create the folder " + folder + ": " + e, e);
        }
        PrivateDatabaseFiles.ownerOnly(absolute);
        String url = "jdbc:sqlite:" + absolute;
        return writer -> {
            SQLiteConfig config = new SQLiteConfig();
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
            config.setBusyTimeout(settings.busyTimeoutMs());
            config.enforceForeignKeys(true);
            // DEFERRED transactions (the default): sqlite-jdbc begins the next transaction right
            // after each commit, so IMMEDIATE would hold the write lock all the time. A save's
            // transaction starts with a write, so it never upgrades a read lock.
            try {
                Connection c = new org.sqlite.JDBC().connect(url, config.toProperties());
                if (c == null) {
                    throw new SQLException("the SQLite driver does not accept " + url);
                }
                return c;
            } catch (LinkageError e) {
                throw new SQLException("the SQLite native library cannot be loaded (" + SQLITE_TMPDIR + "="
                        + System.getProperty(SQLITE_TMPDIR) + "): " + e, e);
            }
        };
    }

    /** The file of a {@code jdbc:sqlite:} URL (no memory databases: they are not durable). */
    static Path file(String url) throws TaskStoreException {
        String file = url.substring(Dialect.SQLITE.prefix().length());
        int query = file.indexOf('?');
        file = query >= 0 ? file.substring(0, query) : file;
        file = file.startsWith("file:") ? file.substring("file:".length()) : file;
        if (file.isBlank() || file.startsWith(":memory:")) {
            throw new TaskStoreException("task store " + url + ": a durable store needs a database file", null);
        }
        return Path.of(file);
    }
}
