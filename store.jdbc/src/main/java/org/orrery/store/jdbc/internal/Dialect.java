package org.orrery.store.jdbc.internal;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What differs between the databases the store runs on, and nothing else: the SQL itself (upsert
 * with {@code ON CONFLICT … DO UPDATE}, row-value keyset comparison, {@code LIMIT ?}) is the same
 * on both.
 *
 * <ul>
 * <li>session settings: SQLite's pragmas are set by the connection factory (WAL, synchronous=FULL,
 * busy_timeout); PostgreSQL's writer session sets {@code synchronous_commit} and {@code lock_timeout};
 * <li>schema: PostgreSQL's key columns are {@code COLLATE "C"} (byte order, like SQLite and the
 * cursor), so its migration scripts may differ ({@code migration/postgresql/V<n>__….sql} overrides
 * the common script of the same name);
 * <li>migrations: PostgreSQL locks {@code schema_version} so that two nodes do not migrate at once;
 * <li>errors: which failures are caused by the records (retried caller by caller), which mean a
 * lost connection (reconnect and try once more), and what a failure means in words.
 * </ul>
 */
enum Dialect {

    SQLITE("jdbc:sqlite:", null),
    POSTGRESQL("jdbc:postgresql:", "org.postgresql.Driver");

    private final String prefix;
    private final String driverClass;

    Dialect(String prefix, String driverClass) {
        this.prefix = prefix;
        this.driverClass = driverClass;
    }

    /** The dialect of a JDBC URL, if the store supports it. */
    static Optional<Dialect> of(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        for (Dialect d : values()) {
            if (lower.startsWith(d.prefix)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /** {@code jdbc:postgresql:} etc. */
    String prefix() {
        return prefix;
    }

    /**
     * The driver class as a {@code DataSourceFactory} names it ({@code osgi.jdbc.driver.class}), or
     * null for SQLite, whose driver is the imported {@code org.xerial.sqlite-jdbc} bundle.
     */
    String driverClass() {
        return driverClass;
    }

    /** The folder of this dialect's own migration scripts, beside the common ones; null: none. */
    String migrationFolder() {
        return this == POSTGRESQL ? "postgresql" : null;
    }

    /** Statements for a new writer connection (before auto-commit is turned off). */
    List<String> writerSetup(int lockTimeoutMs) {
        if (this == POSTGRESQL) {
            // durable whatever the server's default, and never wait for ever on another node's lock
            return List.of("SET synchronous_commit TO on", "SET lock_timeout TO " + lockTimeoutMs);
        }
        // SQLite: the other pragmas are in the connection properties (SqliteConnections); checkpoints are WalCheckpointer's
        return List.of(WalCheckpointer.writerPragma());
    }

    /** Run first in each migration transaction, so that concurrent starts migrate one after the other. */
    Optional<String> migrationLock() {
        return this == POSTGRESQL ? Optional.of("LOCK TABLE schema_version IN SHARE ROW EXCLUSIVE MODE")
                : Optional.empty(); // SQLite: one writer per file anyway
    }

    /**
     * True when the failure comes from the records written (a constraint, a value the column does
     * not take, a trigger that refuses): another caller's records may well commit, so each caller
     * is tried alone. Anything else (lock, full disk, lost connection) fails the whole commit.
     */
    boolean causedByRecords(SQLException e) {
        SQLException real = innermost(e);
        if (this == SQLITE) {
            int code = sqliteCode(e);
            return code == 19 || code == 18 || code == 20 || code == 25; // CONSTRAINT, TOOBIG, MISMATCH, RANGE
        }
        String state = state(real);
        return state.startsWith("22") || state.startsWith("23") || state.startsWith("54") || state.startsWith("P0");
    }

    /** True when the connection is gone (server stopped or restarted, network): reconnect. */
    boolean connectionLost(SQLException e) {
        if (this == SQLITE) {
            return false;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                String state = state(s);
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The failure in words, or null when the driver's message says it best. */
    String reason(SQLException e, int busyTimeoutMs) {
        SQLException real = innermost(e);
        if (this == SQLITE) {
            return switch (sqliteCode(e)) {
                case 5, 6 -> "the database file is locked by another process or connection (waited " + busyTimeoutMs
                        + " ms)";
                case 11, 26 -> "the file is corrupt or is not a SQLite database; restore it from a backup or move it"
                        + " away to start with an empty store";
                case 13 -> "the disk is full (or the database reached its size limit)";
                case 8 -> "the database file or its folder is read-only";
                case 14 -> "the file cannot be opened (missing folder or no permission)";
                case 10 -> "input/output error (failing or full disk?)";
                default -> null;
            };
        }
        String state = state(real);
        if (connectionLost(e)) {
            return "the database server cannot be reached or closed the connection (it is retried)";
        }
        return switch (state) {
            case "28P01", "28000" -> "the server refused the user name or password";
            case "3D000" -> "the database does not exist";
            case "53100" -> "the database server's disk is full";
            case "53300" -> "the database server has no free connection";
            case "55P03" -> "a lock held by another session did not come free in time";
            case "40P01", "40001" -> "a concurrent transaction got in the way (deadlock or serialization)";
            case "25006" -> "the server is read-only (a standby?)";
            case "42501" -> "the user lacks a privilege on the store's tables";
            default -> state.startsWith("53") ? "the database server is out of resources" : null;
        };
    }

    /** The driver's own message of the real failure (a batch's first failed entry, not the batch). */
    static String message(SQLException e) {
        SQLException real = innermost(e);
        return real.getMessage() == null ? real.toString() : real.getMessage();
    }

    /** For a batch, the failure of the entry behind it; else the exception itself. */
    static SQLException innermost(SQLException e) {
        SQLException real = e;
        while (real instanceof BatchUpdateException && real.getNextException() != null && real.getNextException() != real) {
            real = real.getNextException();
        }
        return real;
    }

    /** SQLite's primary result code: the first one found on the exception, its batch entries or causes. */
    private static int sqliteCode(SQLException e) {
        for (Throwable t = e; t != null; t = t instanceof SQLException s && s.getNextException() != null
                && s.getNextException() != s ? s.getNextException() : t.getCause()) {
            if (t instanceof SQLException s && (s.getErrorCode() & 0xff) != 0) {
                return s.getErrorCode() & 0xff;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return 0;
    }

    private static String state(SQLException e) {
        return e.getSQLState() == null ? "" : e.getSQLState();
    }
}
