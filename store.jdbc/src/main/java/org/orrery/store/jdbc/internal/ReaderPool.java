package org.orrery.store.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import org.orrery.store.jdbc.internal.TaskDatabase.Read;
import org.orrery.task.TaskStoreException;

/**
 * A task database's small fixed pool of reading connections (SQLite's WAL lets them read while the
 * writer writes). A reader whose connection broke opens a new one; a read that failed because its
 * connection was lost is tried once more on a new one (a read is safe to repeat).
 */
final class ReaderPool {

    /** A reader's place in the pool; its connection is null until (re)opened. */
    private static final class Reader {
        Connection connection;
    }

    private final BlockingQueue<Reader> idle;
    private final List<Reader> all = new ArrayList<>();
    private final ConnectionOpener connections;
    private final Dialect dialect;
    private final int busyTimeoutMs;
    private final String where;
    private final AtomicLong reconnects;
    private final BooleanSupplier storeClosed;

    ReaderPool(int count, ConnectionOpener connections, Dialect dialect, int busyTimeoutMs, String where,
            AtomicLong reconnects, BooleanSupplier storeClosed) {
        this.idle = new ArrayBlockingQueue<>(count);
        this.connections = connections;
        this.dialect = dialect;
        this.busyTimeoutMs = busyTimeoutMs;
        this.where = where;
        this.reconnects = reconnects;
        this.storeClosed = storeClosed;
        for (int i = 0; i < count; i++) {
            all.add(new Reader());
        }
    }

    /** Opens every reader's connection (the store's opening); the first one, to read with at once. */
    Connection open() throws SQLException {
        for (Reader r : all) {
            r.connection = connections.open(false);
        }
        idle.addAll(all);
        return all.get(0).connection;
    }

    /** After a failed opening: every connection closed. */
    void abandon() {
        all.forEach(r -> ConnectionOpener.closeQuietly(r.connection));
    }

    /** Runs a read on an idle reader; {@code failure} turns an SQL error into the store's. */
    <T> T read(Read<T> read, Function<SQLException, TaskStoreException> failure) throws TaskStoreException {
        Reader r;
        try {
            r = idle.poll(busyTimeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TaskStoreException("task store " + where + ": interrupted while waiting for a connection", e);
        }
        if (r == null) {
            throw new TaskStoreException("task store " + where + (storeClosed.getAsBoolean() ? " is closed"
                    : ": no free connection after " + busyTimeoutMs + " ms"), null);
        }
        try {
            for (int attempt = 1;; attempt++) {
                boolean opened = false;
                try {
                    if (r.connection == null) {
                        opened = true;
                        r.connection = connections.open(false);
                        reconnects.incrementAndGet();
                    }
                    return read.apply(r.connection);
                } catch (SQLException e) {
                    boolean lost = dialect.connectionLost(e) || !ConnectionOpener.answers(r.connection);
                    if (lost) {
                        ConnectionOpener.closeQuietly(r.connection);
                        r.connection = null;
                    }
                    // a read is safe to repeat: once more on a new connection if an old one broke
                    if (!lost || opened || attempt > 1 || storeClosed.getAsBoolean()) {
                        throw failure.apply(e);
                    }
                }
            }
        } finally {
            if (!storeClosed.getAsBoolean()) {
                idle.add(r);
            } else {
                ConnectionOpener.closeQuietly(r.connection);
            }
        }
    }

    /** Closes the idle readers' connections; readers in use are closed by their user (the store is closed). */
    void closeIdle() {
        for (Reader r = idle.poll(); r != null; r = idle.poll()) {
            ConnectionOpener.closeQuietly(r.connection);
        }
    }
}
