package org.orrery.store.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

import org.orrery.store.jdbc.internal.TaskDatabase.ConnectionFactory;
import org.orrery.store.jdbc.internal.TaskDatabase.Settings;

/**
 * Opens a task database's connections, each set up for its role (the writer's in a transaction,
 * with the dialect's writer settings), and keeps an unreachable server from being asked again
 * and again: a failed attempt is not repeated for {@link Settings#reconnectDelay()}, the last
 * failure is thrown at once instead.
 */
final class ConnectionOpener {

    private final Dialect dialect;
    private final ConnectionFactory factory;
    private final Settings settings;
    private final Object connecting = new Object();
    private SQLException lastConnectFailure; // guarded by connecting
    private long lastConnectFailureAt; // System.nanoTime(), guarded by connecting

    ConnectionOpener(Dialect dialect, ConnectionFactory factory, Settings settings) {
        this.dialect = dialect;
        this.factory = factory;
        this.settings = settings;
    }

    /**
     * A new connection, set up for its role; fails at once with the last failure while a failed
     * attempt is more recent than {@link Settings#reconnectDelay()}.
     */
    Connection open(boolean forWriter) throws SQLException {
        synchronized (connecting) {
            if (lastConnectFailure != null) {
                long since = System.nanoTime() - lastConnectFailureAt;
                if (since < settings.reconnectDelay().toNanos()) {
                    SQLException last = lastConnectFailure;
                    SQLException again = new SQLException(last.getMessage() + " (the last connection attempt, "
                            + TimeUnit.NANOSECONDS.toMillis(since) + " ms ago; the next one after "
                            + settings.reconnectDelay().toMillis() + " ms)", last.getSQLState(), last.getErrorCode());
                    again.initCause(last);
                    throw again;
                }
            }
        }
        Connection c = null;
        try {
            c = factory.open(forWriter);
            if (forWriter) {
                try (Statement st = c.createStatement()) {
                    for (String sql : dialect.writerSetup(settings.busyTimeoutMs())) {
                        st.execute(sql);
                    }
                }
                c.setAutoCommit(false);
            }
        } catch (SQLException | RuntimeException e) {
            closeQuietly(c);
            synchronized (connecting) {
                lastConnectFailure = e instanceof SQLException s ? s : new SQLException(e.toString(), "08000", 0, e);
                lastConnectFailureAt = System.nanoTime();
            }
            throw e;
        }
        synchronized (connecting) {
            lastConnectFailure = null;
        }
        return c;
    }

    /** True when the connection still answers (it is not worth keeping otherwise). */
    static boolean answers(Connection c) {
        try {
            return c != null && !c.isClosed() && c.isValid(2);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException | RuntimeException ignored) {
                // closing anyway
            }
        }
    }
}
