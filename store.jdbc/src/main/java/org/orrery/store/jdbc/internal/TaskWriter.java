package org.orrery.store.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.orrery.task.TaskStoreException;

/**
 * The store's one writer: its connection and the thread that owns it. Callers queue task rows or
 * other statements ({@link TaskDatabase.Write}) and wait; the thread takes everything queued,
 * writes it in one transaction and commits once (group commit), then releases exactly those
 * callers. When a shared commit fails because of the records in it (a constraint, a trigger),
 * each caller's part is tried again alone, so the failure reaches only the callers whose part
 * could not be committed; any other failure (lock, full disk, lost server) fails every caller of
 * that commit, and the next commit starts on a new connection. A commit whose connection turns
 * out to be lost (PostgreSQL restarted) is tried once more on a new one: every write is an upsert.
 */
final class TaskWriter {

    /** Rows to write, or (with {@code write} set) other statements; answered through {@code done}. */
    private record Batch(List<TaskRows.Row> rows, CompletableFuture<Void> done, TaskDatabase.Write write) {
    }

    private final Dialect dialect;
    private final String where;
    private final ConnectionOpener connections;
    private final AtomicLong reconnects;
    /** Says what a failed commit means, in words (the database's message, without secrets). */
    private final Function<Throwable, TaskStoreException> failure;
    /** SQLite: checkpoints the write-ahead log off the commit path; null on PostgreSQL. */
    private final WalCheckpointer checkpointer;
    /** The writer thread's alone once it runs; null after a failure until opened again. */
    private Connection writer;
    private final ArrayDeque<Batch> queue = new ArrayDeque<>();
    private boolean closed; // guarded by queue
    private final Thread thread;
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong saves = new AtomicLong();

    /**
     * Starts the writer thread on this connection (already migrated).
     *
     * @param reconnects counts the connections opened again after a failure (shared with the readers)
     * @param failure turns what a commit threw into the callers' exception
     */
    TaskWriter(Dialect dialect, String where, ConnectionOpener connections, Connection first, AtomicLong reconnects,
            Function<Throwable, TaskStoreException> failure) {
        this.dialect = dialect;
        this.where = where;
        this.connections = connections;
        this.writer = first;
        this.reconnects = reconnects;
        this.failure = failure;
        this.checkpointer = dialect == Dialect.SQLITE ? new WalCheckpointer(() -> connections.open(false),
                WalCheckpointer.DEFAULT_INTERVAL_NANOS, where) : null;
        this.thread = new Thread(this::writeLoop, "orrery-task-store-writer");
        thread.setDaemon(true);
        thread.start();
    }

    long commits() {
        return commits.get();
    }

    /** Non-empty saves of rows committed so far. */
    long saves() {
        return saves.get();
    }

    WalCheckpointer checkpointer() {
        return checkpointer;
    }

    boolean isClosed() {
        synchronized (queue) {
            return closed;
        }
    }

    /** Writes these rows; returns once they are committed. */
    void save(List<TaskRows.Row> rows) throws TaskStoreException {
        await(enqueue(new Batch(rows, new CompletableFuture<>(), null)));
    }

    /**
     * Writes these rows and runs {@code with} in the same transaction: both are queued at once, so
     * the writer takes them together (queued apart from two threads, it often took the first alone
     * and committed twice in a row). If that transaction fails because of one of them, each is
     * tried alone, as in any group. Returns once both are committed.
     */
    void save(List<TaskRows.Row> rows, TaskDatabase.Write with) throws TaskStoreException {
        Batch records = new Batch(rows, new CompletableFuture<>(), null);
        Batch other = new Batch(List.of(), new CompletableFuture<>(), with);
        synchronized (queue) {
            if (closed) {
                throw closedStore();
            }
            queue.add(records);
            queue.add(other);
            queue.notifyAll();
        }
        await(records);
        await(other);
    }

    /**
     * Runs these statements in the writer's transaction (with the saves queued at the same time)
     * and returns once they are committed. If the transaction fails because of what this write
     * does (a constraint), only this write fails.
     */
    void write(TaskDatabase.Write write) throws TaskStoreException {
        await(enqueue(new Batch(List.of(), new CompletableFuture<>(), write)));
    }

    private TaskStoreException closedStore() {
        return new TaskStoreException("task store " + where + " is closed", null);
    }

    private Batch enqueue(Batch batch) throws TaskStoreException {
        synchronized (queue) {
            if (closed) {
                throw closedStore();
            }
            queue.add(batch);
            queue.notifyAll();
        }
        return batch;
    }

    private static void await(Batch batch) throws TaskStoreException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    batch.done().get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true; // the commit goes on; answer only once it is known
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof TaskStoreException t) {
                        // a new exception, so that the stack shows this caller too
                        throw new TaskStoreException(t.getMessage(), t.getCause());
                    }
                    throw new TaskStoreException(cause.getMessage(), cause);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void writeLoop() {
        while (true) {
            List<Batch> group;
            synchronized (queue) {
                while (queue.isEmpty() && !closed) {
                    try {
                        queue.wait();
                    } catch (InterruptedException e) {
                        // only close() stops this thread, and only once the queue is empty
                    }
                }
                if (queue.isEmpty()) {
                    return;
                }
                group = new ArrayList<>(queue);
                queue.clear();
            }
            try {
                commitOrReconnect(group);
                group.forEach(b -> b.done().complete(null));
            } catch (Throwable shared) {
                if (group.size() == 1 || !(shared instanceof SQLException s && dialect.causedByRecords(s))) {
                    // nobody's records were the cause (lock, disk, server): the whole commit failed
                    TaskStoreException failed = failure.apply(shared);
                    group.forEach(b -> b.done().completeExceptionally(failed));
                    continue;
                }
                // find out whose records failed: each caller alone, in the original order
                for (Batch batch : group) {
                    try {
                        commit(List.of(batch));
                        batch.done().complete(null);
                    } catch (Throwable alone) {
                        batch.done().completeExceptionally(failure.apply(alone));
                    }
                }
            }
        }
    }

    /**
     * Commits; when an open connection turns out to be lost (the server restarted), once more on
     * a new one. Writing the same records twice is harmless: every write is an upsert, and a commit
     * whose answer was lost either happened or did not.
     */
    private void commitOrReconnect(List<Batch> group) throws SQLException {
        boolean hadConnection = writer != null;
        try {
            commit(group);
        } catch (SQLException e) {
            if (!hadConnection || !dialect.connectionLost(e) || isClosed()) {
                throw e;
            }
            try {
                commit(group);
            } catch (SQLException again) {
                again.addSuppressed(e);
                throw again;
            }
        }
    }

    /** The writer's connection, opened again if the last one was discarded. */
    private Connection writer() throws SQLException {
        if (writer == null) {
            writer = connections.open(true);
            reconnects.incrementAndGet();
        }
        return writer;
    }

    /** Writes these batches in one transaction and commits, or rolls back and throws. */
    private void commit(List<Batch> group) throws SQLException {
        // the same task twice in one commit: the later record wins (and its tags)
        Map<String, TaskRows.Row> rows = new LinkedHashMap<>();
        for (Batch batch : group) {
            for (TaskRows.Row row : batch.rows()) {
                rows.remove(row.task().id());
                rows.put(row.task().id(), row);
            }
        }
        Connection w = writer();
        try {
            TaskRows.write(w, rows.values(), dialect == Dialect.SQLITE);
            for (Batch batch : group) {
                if (batch.write() != null) {
                    batch.write().apply(w);
                }
            }
            w.commit();
            commits.incrementAndGet();
            if (checkpointer != null) {
                checkpointer.committed();
            }
            saves.addAndGet(group.stream().filter(b -> b.write() == null).count());
        } catch (SQLException | RuntimeException e) {
            try {
                w.rollback();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            if (!(e instanceof SQLException s && dialect.causedByRecords(s)) || !ConnectionOpener.answers(w)) {
                // lock, disk, server: start the next commit on a fresh connection
                ConnectionOpener.closeQuietly(w);
                writer = null;
            }
            throw e;
        }
    }

    /**
     * Commits what is queued, stops the thread and the checkpointer, checkpoints SQLite's log
     * into the database file and closes the connection.
     */
    void close() {
        synchronized (queue) {
            if (closed) {
                return;
            }
            closed = true;
            queue.notifyAll();
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (checkpointer != null) {
            checkpointer.close();
        }
        if (!thread.isAlive() && dialect == Dialect.SQLITE && writer != null) {
            try (Statement st = writer.createStatement()) {
                writer.setAutoCommit(true);
                st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            } catch (SQLException ignored) {
                // best effort: the WAL is checkpointed at the next open anyway
            }
        }
        ConnectionOpener.closeQuietly(writer);
    }
}
