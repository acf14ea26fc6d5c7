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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
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
 * <p>Writes go through one writer connection owned by one writer thread ({@link TaskWriter}: group
 * commit; a caller returns only after the commit that holds its records). Reads use a small fixed
 * pool of other connections ({@link ReaderPool}; SQLite's WAL lets them read while the writer
 * writes).
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
    private final ReaderPool readers;
    private final TaskWriter writer;
    private final int schemaVersion;
    private final AtomicLong reconnects = new AtomicLong();

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
        this.writer = new TaskWriter(dialect, where, connections, w, reconnects, this::failure);
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
        return writer.commits();
    }

    /** SQLite's checkpointer (tests), or null. */
    WalCheckpointer checkpointer() {
        return writer.checkpointer();
    }

    /** Non-empty {@link #save} calls committed so far. */
    long saves() {
        return writer.saves();
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
        writer.save(TaskRows.encode(tasks, json, prepared, where));
    }

    /** Saves these records and runs {@code with} in the same writer transaction ({@link TaskWriter#save(List, Write)}). */
    void save(Collection<TaskRecord> tasks, Write with) throws TaskStoreException {
        writer.save(TaskRows.encode(tasks, json, prepared, where), with);
    }

    /** Runs these statements in the writer's transaction; returns once they are committed ({@link TaskWriter#write}). */
    void write(Write write) throws TaskStoreException {
        writer.write(write);
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

    /** Closed, or closing (null while the constructor opens the readers). */
    private boolean isClosed() {
        return writer != null && writer.isClosed();
    }

    /** Commits what is queued, stops the writer and closes every connection. */
    @Override
    public void close() {
        writer.close();
        readers.closeIdle();
    }
}
