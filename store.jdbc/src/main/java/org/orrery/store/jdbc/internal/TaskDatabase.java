package org.orrery.store.jdbc.internal;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.orrery.sequence.SequenceStore;
import org.orrery.sequence.TargetStore;
import org.orrery.task.ExecutionStore;
import org.orrery.task.TaskCursor;
import org.orrery.task.TaskPage;
import org.orrery.task.TaskQuery;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskStatus;
import org.orrery.task.TaskStore;
import org.orrery.task.TaskStoreException;
import org.orrery.task.TaskTotals;

/**
 * The task store on a JDBC database, SQLite or PostgreSQL ({@link Dialect}); {@link JdbcTaskStore}
 * is its DS face.
 *
 * <p>Writes go through one writer connection owned by one writer thread. Callers of
 * {@link #save} queue their records and wait; the writer takes everything queued, writes it in
 * one transaction and commits once (group commit), then releases exactly those callers. A
 * caller returns only after the commit that holds its records. When a shared commit fails
 * because of the records in it (a constraint, a trigger), each caller's records are tried again
 * alone, so the failure reaches only the callers whose records could not be committed; any other
 * failure (lock, full disk, lost server) fails every caller of that commit. Reads use a small
 * fixed pool of other connections (SQLite's WAL lets them read while the writer writes).
 *
 * <p>Nothing here gives up for good: after a failure that is not caused by the records the
 * writer's connection is discarded and a new one is opened for the next commit; a reader whose
 * connection broke opens a new one. When the connection was lost (PostgreSQL restarted) the
 * commit is tried once more on a new connection (every write is an upsert, so that is safe); a
 * failed connection attempt is not repeated for {@link Settings#reconnectDelay()}, so that an
 * unreachable server fails saves at once instead of making every caller wait for a timeout.
 */
final class TaskDatabase implements StandaloneTaskStore, org.orrery.task.TaskStatisticsStore,
        org.orrery.task.PreparingTaskStore {

    /** Longest wait for a reader connection, and for SQLite's lock (busy_timeout) by default. */
    static final int BUSY_TIMEOUT_MS = 10_000;

    private static final String UNFINISHED = Arrays.stream(TaskStatus.values()).filter(s -> !s.isTerminal())
            .map(s -> "'" + s.name() + "'").collect(Collectors.joining(", ", "(", ")"));

    /**
     * How long to wait for what.
     *
     * @param busyTimeoutMs SQLite's busy_timeout, PostgreSQL's lock_timeout, and the longest wait
     *        for a free reader connection
     * @param reconnectDelay after a failed connection attempt, how long attempts fail at once with
     *        that failure before the next real one
     * @param connectTimeoutSeconds PostgreSQL's connect and login timeout
     * @param socketTimeoutSeconds PostgreSQL's socket timeout: the longest a statement waits for the
     *        server before the connection counts as lost (0: for ever)
     */
    record Settings(int busyTimeoutMs, Duration reconnectDelay, int connectTimeoutSeconds, int socketTimeoutSeconds) {
        static final Settings DEFAULT = new Settings(BUSY_TIMEOUT_MS, Duration.ofSeconds(1), 10, 60);
    }

    /** Opens a new connection to the database (the writer's or a reader's). */
    @FunctionalInterface
    interface ConnectionFactory {
        Connection open(boolean writer) throws SQLException;
    }

    /** More statements for the writer's transaction (the sequence store's, a purge): run after the task rows. */
    @FunctionalInterface
    interface Write {
        void apply(Connection connection) throws SQLException;
    }

    /** Records to write, or (with {@code write} set) other statements; answered through {@code done}. */
    private record Batch(List<TaskRows.Row> rows, CompletableFuture<Void> done, Write write) {
        Batch(List<TaskRows.Row> rows, CompletableFuture<Void> done) {
            this(rows, done, null);
        }
    }

    /** Finished tasks removed by the last purge (for the log and tests). */
    private final AtomicLong purged = new AtomicLong();

    private final Dialect dialect;
    private final String where;
    private final ConnectionOpener connections;
    private final Settings settings;
    private final Secrets secrets;
    private final StoredTaskJson json = new StoredTaskJson();
    private final PreparedRows prepared = new PreparedRows();
    private final JdbcSequenceStore sequences = new JdbcSequenceStore(this);
    private final JdbcTargetStore targets = new JdbcTargetStore(this, Clock.systemUTC());
    private final JdbcExecutionStore executions = new JdbcExecutionStore(this, json);
    /** The writer's connection: the writer thread's alone once it runs; null after a failure until reopened. */
    private Connection writer;
    private final ReaderPool readers;
    private final ArrayDeque<Batch> queue = new ArrayDeque<>();
    private final Thread writerThread;
    private final int schemaVersion;
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong saves = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    /** SQLite: checkpoints the write-ahead log off the commit path; null on PostgreSQL. */
    private final WalCheckpointer checkpointer;
    private boolean closed; // guarded by queue

    private TaskDatabase(Dialect dialect, String where, ConnectionFactory factory, int readerCount, Settings settings,
            Secrets secrets) throws TaskStoreException {
        this.dialect = dialect;
        this.where = where;
        this.connections = new ConnectionOpener(dialect, factory, settings);
        this.settings = settings;
        this.secrets = secrets;
        this.readers = new ReaderPool(Math.max(1, readerCount), connections, dialect, settings.busyTimeoutMs(), where,
                reconnects, this::isClosed);
        Connection w = null;
        try {
            w = connections.open(true);
            schemaVersion = new Migrations(dialect).migrate(w, where);
            ExecutionTimes.backfill(w, json);
            Connection first = readers.open();
            // read once: a file that is not a database fails here, at activation, not at the first save
            try (Statement st = first.createStatement()) {
                st.executeQuery("SELECT id FROM tasks LIMIT 1").close();
            }
        } catch (SQLException e) {
            readers.abandon();
            ConnectionOpener.closeQuietly(w);
            throw new TaskStoreException(describe(e, "cannot be opened"), secrets.scrub(e));
        } catch (IOException e) {
            readers.abandon();
            ConnectionOpener.closeQuietly(w);
            throw new TaskStoreException("task store " + where + " cannot be opened: " + secrets.mask(e.getMessage()),
                    secrets.scrub(e));
        } catch (Migrations.SchemaTooNewException e) {
            readers.abandon();
            ConnectionOpener.closeQuietly(w);
            throw new TaskStoreException(e.getMessage(), e);
        }
        this.writer = w;
        this.checkpointer = dialect == Dialect.SQLITE ? new WalCheckpointer(() -> connections.open(false),
                WalCheckpointer.DEFAULT_INTERVAL_NANOS, where) : null;
        this.writerThread = new Thread(this::writeLoop, "orrery-task-store-writer");
        writerThread.setDaemon(true);
        writerThread.start();
    }

    /**
     * A store on connections from this factory (tests wrap a factory to break connections).
     *
     * @param where names the database in messages: a file or a redacted URL, never a password
     */
    static TaskDatabase open(Dialect dialect, String where, ConnectionFactory factory, int readers, Settings settings,
            Secrets secrets) throws TaskStoreException {
        return new TaskDatabase(dialect, where, factory, readers, settings, secrets);
    }

    @Override
    public String where() {
        return where;
    }

    /** The sequences on this database (same connections, same writer transaction). */
    @Override
    public SequenceStore sequences() {
        return sequences;
    }

    /** The night's records on this database (same connections, same writer transaction). */
    @Override
    public TargetStore targets() {
        return targets;
    }

    /** The tasks' executions on this database (same connections, same writer transaction). */
    @Override
    public ExecutionStore executions() {
        return executions;
    }

    Dialect dialect() {
        return dialect;
    }

    int schemaVersion() {
        return schemaVersion;
    }

    /** Commits made so far (package-private, for tests of group commit). */
    @Override
    public long commits() {
        return commits.get();
    }

    /** SQLite's checkpointer (tests), or null. */
    WalCheckpointer checkpointer() {
        return checkpointer;
    }

    /** Non-empty {@link #save} calls committed so far. */
    long saves() {
        return saves.get();
    }

    /** Connections opened again after a failure (writer and readers). */
    long reconnects() {
        return reconnects.get();
    }

    // ---- writing ----------------------------------------------------------------------------

    /** Encodes these records now, on the caller's thread, for their save ({@link PreparedRows}). */
    @Override
    public void prepare(Collection<TaskRecord> tasks) {
        prepared.prepare(tasks, json, where);
    }

    PreparedRows prepared() {
        return prepared;
    }

    @Override
    public void save(Collection<TaskRecord> tasks) throws TaskStoreException {
        if (tasks.isEmpty()) {
            return;
        }
        await(enqueue(new Batch(TaskRows.encode(tasks, json, prepared, where), new CompletableFuture<>())));
    }

    /**
     * Saves these records and runs {@code with} in the same writer transaction: both are queued at
     * once, so the writer takes them together (queued apart from two threads, the writer often took
     * the first alone and committed twice in a row). If that transaction fails because of one of
     * them, the writer tries each alone, as for any group. Returns once both are committed.
     */
    void save(Collection<TaskRecord> tasks, Write with) throws TaskStoreException {
        Batch records = new Batch(TaskRows.encode(tasks, json, prepared, where), new CompletableFuture<>());
        Batch other = new Batch(List.of(), new CompletableFuture<>(), with);
        synchronized (queue) {
            if (closed) {
                throw new TaskStoreException("task store " + where + " is closed", null);
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
    void write(Write write) throws TaskStoreException {
        await(enqueue(new Batch(List.of(), new CompletableFuture<>(), write)));
    }

    private Batch enqueue(Batch batch) throws TaskStoreException {
        synchronized (queue) {
            if (closed) {
                throw new TaskStoreException("task store " + where + " is closed", null);
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

    /**
     * Removes the tasks that finished before {@code cutoff} (in the writer's order with the saves).
     *
     * @return how many were removed
     */
    long purgeFinishedBefore(Instant cutoff) throws TaskStoreException {
        long before = TimeKeys.clampedNanos(cutoff);
        write(w -> purged.set(TaskRows.purgeFinishedBefore(w, before)));
        return purged.get();
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
                    TaskStoreException failure = failure(shared);
                    group.forEach(b -> b.done().completeExceptionally(failure));
                    continue;
                }
                // find out whose records failed: each caller alone, in the original order
                for (Batch batch : group) {
                    try {
                        commit(List.of(batch));
                        batch.done().complete(null);
                    } catch (Throwable alone) {
                        batch.done().completeExceptionally(failure(alone));
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

    private TaskStoreException failure(Throwable e) {
        if (e instanceof SQLException sql) {
            return new TaskStoreException(describe(sql, "did not commit"), secrets.scrub(sql));
        }
        return new TaskStoreException("task store " + where + " did not commit: " + secrets.mask(e.toString()),
                secrets.scrub(e));
    }

    // ---- reading ----------------------------------------------------------------------------

    @Override
    public Optional<TaskRecord> get(String id) throws TaskStoreException {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, record FROM tasks WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(decode(rs)) : Optional.<TaskRecord>empty();
                }
            }
        });
    }

    @Override
    public TaskPage list(TaskQuery query) throws TaskStoreException {
        TaskListSql sql = TaskListSql.of(query);
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.text())) {
                sql.bind(ps);
                List<TaskRecord> page = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (page.size() == query.limit()) {
                            TaskRecord last = page.get(page.size() - 1);
                            return new TaskPage(page, TaskCursor.after(last).toString());
                        }
                        page.add(decode(rs));
                    }
                }
                return new TaskPage(page, null);
            }
        });
    }

    /**
     * Seed 003's counts: one aggregate query that reads the index {@code tasks_status_created} alone (its last
     * column is the execution time), no task loaded.
     */
    @Override
    public TaskTotals totals() throws TaskStoreException {
        return read(ExecutionTimes::totals);
    }

    @Override
    public List<TaskRecord> unfinished() throws TaskStoreException {
        return read(c -> {
            List<TaskRecord> out = new ArrayList<>();
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT id, record FROM tasks WHERE status IN " + UNFINISHED
                            + " ORDER BY created_at, id")) {
                while (rs.next()) {
                    out.add(decode(rs));
                }
            }
            return out;
        });
    }

    private TaskRecord decode(ResultSet rs) throws SQLException {
        String id = rs.getString("id");
        try {
            return json.read(rs.getString("record"));
        } catch (IOException | RuntimeException e) {
            throw new SQLException("task " + id + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** A read on one of the reader connections. */
    @FunctionalInterface
    interface Read<T> {
        T apply(Connection connection) throws SQLException;
    }

    <T> T read(Read<T> read) throws TaskStoreException {
        return readers.read(read, e -> new TaskStoreException(describe(e, "cannot be read"), secrets.scrub(e)));
    }

    // ---- errors and lifecycle ---------------------------------------------------------------

    /** A message that names the database and says what is wrong in words; never a password. */
    String describe(SQLException e, String what) {
        String reason = dialect.reason(e, settings.busyTimeoutMs());
        return secrets.mask("task store " + where + " " + what + ": " + (reason == null ? "" : reason + ": ")
                + Dialect.message(e));
    }

    private boolean isClosed() {
        synchronized (queue) {
            return closed;
        }
    }

    /** Commits what is queued, stops the writer and closes every connection. */
    @Override
    public void close() {
        synchronized (queue) {
            if (closed) {
                return;
            }
            closed = true;
            queue.notifyAll();
        }
        try {
            writerThread.join(TimeUnit.SECONDS.toMillis(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (checkpointer != null) {
            checkpointer.close();
        }
        if (!writerThread.isAlive() && dialect == Dialect.SQLITE && writer != null) {
            try (Statement st = writer.createStatement()) {
                writer.setAutoCommit(true);
                st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            } catch (SQLException ignored) {
                // best effort: the WAL is checkpointed at the next open anyway
            }
        }
        ConnectionOpener.closeQuietly(writer);
        readers.closeIdle();
    }
}
