package org.orrery.store.jdbc.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;

import org.orrery.store.jdbc.internal.TaskDatabase.Settings;
import org.orrery.task.TaskStoreException;

/**
 * Opens a {@link TaskDatabase} from what people configure: an SQLite file, a JDBC URL, a driver
 * (inside OSGi, a DataSourceFactory's), with the connection properties each dialect needs.
 */
final class TaskDatabases {

    private TaskDatabases() {
    }

    /** Opens (creating if needed) the SQLite database in this file: WAL, synchronous=FULL. */
    static TaskDatabase openSqlite(Path file, int readers) throws TaskStoreException {
        return openSqlite(file, readers, Settings.DEFAULT);
    }

    static TaskDatabase openSqlite(Path file, int readers, Settings settings) throws TaskStoreException {
        Path absolute = file.toAbsolutePath().normalize();
        return TaskDatabase.open(Dialect.SQLITE, absolute.toString(), SqliteConnections.of(absolute, settings), readers,
                settings, Secrets.NONE);
    }

    /**
     * Opens the database at a JDBC URL in plain Java (tests, benchmarks): {@code jdbc:sqlite:<file>}
     * goes to {@link #openSqlite}, {@code jdbc:postgresql:} to {@link #openPostgres}. Inside OSGi
     * {@link JdbcTaskStore} passes the driver of a {@code DataSourceFactory} to {@link #openJdbc}.
     */
    static TaskDatabase open(String url, String user, String password, int readers) throws TaskStoreException {
        Optional<Dialect> dialect = Dialect.of(url);
        if (dialect.isEmpty()) {
            throw unsupported(url);
        }
        if (dialect.get() == Dialect.SQLITE) {
            return openSqlite(SqliteConnections.file(url), readers);
        }
        return openPostgres(url, user, password, readers);
    }

    /** PostgreSQL at this URL with the driver on the class path ({@link DriverManager}); no OSGi needed. */
    static TaskDatabase openPostgres(String url, String user, String password, int readers) throws TaskStoreException {
        return openPostgres(url, user, password, readers, Settings.DEFAULT);
    }

    static TaskDatabase openPostgres(String url, String user, String password, int readers, Settings settings)
            throws TaskStoreException {
        if (Dialect.of(url).orElse(null) != Dialect.POSTGRESQL) {
            throw new TaskStoreException("task store " + Secrets.redact(url) + ": expected a jdbc:postgresql: URL", null);
        }
        Driver driver;
        try {
            driver = DriverManager.getDriver(url);
        } catch (SQLException e) {
            throw new TaskStoreException("no JDBC driver for jdbc:postgresql: put org.postgresql:postgresql on the class"
                    + " path", null);
        }
        return openJdbc(url, user, password, readers, driver, settings);
    }

    /** A database of a supported non-SQLite dialect, through this driver (inside OSGi: a DataSourceFactory's). */
    static TaskDatabase openJdbc(String url, String user, String password, int readers, Driver driver, Settings settings)
            throws TaskStoreException {
        Dialect dialect = Dialect.of(url).orElseThrow(() -> unsupported(url));
        Properties props = new Properties();
        if (dialect == Dialect.POSTGRESQL) {
            // defaults: the URL's own parameters win (the driver reads them over these)
            props.setProperty("connectTimeout", Integer.toString(settings.connectTimeoutSeconds()));
            props.setProperty("loginTimeout", Integer.toString(settings.connectTimeoutSeconds()));
            props.setProperty("socketTimeout", Integer.toString(settings.socketTimeoutSeconds()));
            props.setProperty("tcpKeepAlive", "true");
            props.setProperty("reWriteBatchedInserts", "true");
            props.setProperty("ApplicationName", "orrery-task-store");
        }
        if (user != null && !user.isEmpty()) {
            props.setProperty("user", user);
        }
        if (password != null && !password.isEmpty()) {
            props.setProperty("password", password);
        }
        String where = Secrets.redact(url);
        return TaskDatabase.open(dialect, where, writer -> {
            Connection c = driver.connect(url, props);
            if (c == null) {
                throw new SQLException("the JDBC driver " + driver.getClass().getName() + " does not accept " + where);
            }
            return c;
        }, readers, settings, Secrets.of(url, password));
    }

    static TaskStoreException unsupported(String url) {
        return new TaskStoreException("task store " + Secrets.redact(url) + ": unsupported JDBC URL; expected"
                + " jdbc:sqlite:<file> or jdbc:postgresql://<host>[:<port>]/<database>", null);
    }

    /** The URL without anything that looks like a password, for messages and logs. */
    static String redact(String url) {
        return Secrets.redact(url);
    }
}
