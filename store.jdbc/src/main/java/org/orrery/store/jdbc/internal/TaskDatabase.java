package org.orrery.store.jdbc.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.orrery.task.TaskCursor;
import org.orrery.task.TaskPage;
import org.orrery.task.TaskQuery;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskStatus;
import org.orrery.task.TaskStore;
import org.orrery.task.TaskStoreException;
import org.sqlite.SQLiteConfig;

/**
 * The task store on a JDBC database, SQLite by default; {@link JdbcTaskStore} is its DS face.
 *
 * <p>Writes go through one writer connection owned by one writer thread. Callers of
 * {@link #save} queue their records and wait; the writer takes everything queued, writes it in
 * one transaction and commits once (group commit), then releases exactly those callers. A
 * caller returns only after the commit that holds its records; when a shared commit fails,
 * each caller's records are tried again alone, so a failure reaches only the callers whose
 * records could not be committed. Reads use a small pool of other connections (WAL lets them
 * read while the writer writes).
 */
final class TaskDatabase implements TaskStore, AutoCloseable {

    /** Longest wait for a reader connection, and for SQLite's lock (busy_timeout). */
    static final int BUSY_TIMEOUT_MS = 10_000;
    static final String SQLITE_TMPDIR = "org.sqlite.tmpdir";

    private static final String UPSERT = "INSERT INTO tasks (id, status, action, created_at, revision, record, finished_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET status = excluded.status,"
            + " action = excluded.action, created_at = excluded.created_at, revision = excluded.revision,"
            + " record = excluded.record, finished_at = excluded.finished_at";
    private static final String UNFINISHED = Arrays.stream(TaskStatus.values()).filter(s -> !s.isTerminal())
            .map(s -> "'" + s.name() + "'").collect(Collectors.joining(", ", "(", ")"));

    @FunctionalInterface
    interface ConnectionFactory {
        Connection open(boolean writer) throws SQLException;
    }

    /** One row to write, encoded in the caller's thread. */
    private record Row(TaskRecord task, long createdAt, String json) {
    }

    /** One caller's records and its answer. */
    /** Records to write, or (with {@code purgeBefore} set) finished tasks to remove; answered through {@code done}. */
    private record Batch(List<Row> rows, CompletableFuture<Void> done, Long purgeBefore) {
        Batch(List<Row> rows, CompletableFuture<Void> done) {
            this(rows, done, null);
        }
    }

    /** Finished tasks removed by the last purge (for the log and tests). */
    private final AtomicLong purged = new AtomicLong();

    private final String where;
    private final boolean sqlite;
    private final TaskJson json = new TaskJson();
    private final Connection writer;
    private final List<Connection> readerConnections = new ArrayList<>();
    private final BlockingQueue<Connection> readers;
    private final ArrayDeque<Batch> queue = new ArrayDeque<>();
    private final Thread writerThread;
    private final int schemaVersion;
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong saves = new AtomicLong();
    private boolean closed; // guarded by queue

    private TaskDatabase(String where, boolean sqlite, ConnectionFactory factory, int readerCount)
            throws TaskStoreException {
        this.where = where;
        this.sqlite = sqlite;
        this.readers = new ArrayBlockingQueue<>(Math.max(1, readerCount));
        Connection w = null;
        try {
            w = factory.open(true);
            schemaVersion = new Migrations().migrate(w, where);
            w.setAutoCommit(false);
            for (int i = 0; i < Math.max(1, readerCount); i++) {
                Connection r = factory.open(false);
                readerConnections.add(r);
                readers.add(r);
            }
            // read once: a file that is not a database fails here, at activation, not at the first save
            try (Statement st = readerConnections.get(0).createStatement()) {
                st.executeQuery("SELECT COUNT(*) FROM tasks").close();
            }
        } catch (SQLException e) {
            readerConnections.forEach(TaskDatabase::closeAll);
            closeAll(w);
            throw new TaskStoreException(describe(e, "cannot be opened"), e);
        } catch (IOException e) {
            closeAll(w);
            throw new TaskStoreException("task store " + where + " cannot be opened: " + e.getMessage(), e);
        } catch (Migrations.SchemaTooNewException e) {
            closeAll(w);
            throw new TaskStoreException(e.getMessage(), e);
        }
        this.writer = w;
        this.writerThread = new Thread(this::writeLoop, "orrery-task-store-writer");
        writerThread.setDaemon(true);
        writerThread.start();
    }

    /** Opens (creating if needed) the SQLite database in this file: WAL, synchronous=FULL. */
    static TaskDatabase openSqlite(Path file, int readers) throws TaskStoreException {
        Path absolute = file.toAbsolutePath().normalize();
        Path folder = absolute.getParent();
        try {
            Files.createDirectories(folder);
            if (System.getProperty(SQLITE_TMPDIR) == null) {
                // sqlite-jdbc unpacks its native library here; not /tmp, which may be noexec or cleaned
                Path tmp = Files.createDirectories(folder.resolve("tmp").resolve("sqlite"));
                System.setProperty(SQLITE_TMPDIR, tmp.toString());
            }
        } catch (IOException e) {
            throw new TaskStoreException("task store " + absolute + ": cannot create the folder " + folder + ": " + e, e);
        }
        String url = "jdbc:sqlite:" + absolute;
        ConnectionFactory factory = writer -> {
            SQLiteConfig config = new SQLiteConfig();
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
            config.setBusyTimeout(BUSY_TIMEOUT_MS);
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
        return new TaskDatabase(absolute.toString(), true, factory, readers);
    }

    /**
     * Opens the database at a JDBC URL. {@code jdbc:sqlite:<file>} goes to
     * {@link #openSqlite}; any other URL needs its driver visible to {@link DriverManager}.
     */
    static TaskDatabase open(String url, String user, String password, int readers) throws TaskStoreException {
        if (url.startsWith("jdbc:sqlite:")) {
            String file = url.substring("jdbc:sqlite:".length());
            int query = file.indexOf('?');
            file = query >= 0 ? file.substring(0, query) : file;
            file = file.startsWith("file:") ? file.substring("file:".length()) : file;
            if (file.isBlank() || file.startsWith(":memory:")) {
                throw new TaskStoreException("task store " + url + ": a durable store needs a database file", null);
            }
            return openSqlite(Path.of(file), readers);
        }
        Properties props = new Properties();
        if (user != null && !user.isEmpty()) {
            props.setProperty("user", user);
        }
        if (password != null && !password.isEmpty()) {
            props.setProperty("password", password);
        }
        return new TaskDatabase(redact(url), false, writer -> DriverManager.getConnection(url, props), readers);
    }

    /** The URL without anything that looks like a password, for messages and logs. */
    static String redact(String url) {
        return url.replaceAll("(?i)(password|pwd)=[^&;]*", "$1=***").replaceAll("//[^/@]*:[^/@]*@", "//***@");
    }

    String where() {
        return where;
    }

    int schemaVersion() {
        return schemaVersion;
    }

    /** Commits made so far (package-private, for tests of group commit). */
    long commits() {
        return commits.get();
    }

    /** Non-empty {@link #save} calls committed so far. */
    long saves() {
        return saves.get();
    }

    // ---- writing ----------------------------------------------------------------------------

    @Override
    public void save(Collection<TaskRecord> tasks) throws TaskStoreException {
        if (tasks.isEmpty()) {
            return;
        }
        List<Row> rows = new ArrayList<>(tasks.size());
        for (TaskRecord task : tasks) {
            try {
                rows.add(new Row(task, nanos(task.createdAt()), json.write(task)));
            } catch (ArithmeticException | IllegalArgumentException e) {
                throw new TaskStoreException("task store " + where + ": task " + task.id() + " cannot be stored: "
                        + e.getMessage(), e);
            }
        }
        Batch batch = new Batch(rows, new CompletableFuture<>());
        synchronized (queue) {
            if (closed) {
                throw new TaskStoreException("task store " + where + " is closed", null);
            }
            queue.add(batch);
            queue.notifyAll();
        }
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
        Batch batch = new Batch(List.of(), new CompletableFuture<>(), clampedNanos(cutoff));
        synchronized (queue) {
            if (closed) {
                throw new TaskStoreException("task store " + where + " is closed", null);
            }
            queue.add(batch);
            queue.notifyAll();
        }
        try {
            batch.done().get();
            return purged.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TaskStoreException("interrupted while removing old tasks from " + where, e);
        } catch (ExecutionException e) {
            throw new TaskStoreException(e.getCause().getMessage(), e.getCause());
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
                commit(group);
                group.forEach(b -> b.done().complete(null));
            } catch (Throwable shared) {
                if (group.size() == 1) {
                    group.get(0).done().completeExceptionally(failure(shared));
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

    /** Writes these batches in one transaction and commits, or rolls back and throws. */
    private void commit(List<Batch> group) throws SQLException {
        // the same task twice in one commit: the later record wins (and its tags)
        Map<String, Row> rows = new LinkedHashMap<>();
        for (Batch batch : group) {
            for (Row row : batch.rows()) {
                rows.remove(row.task().id());
                rows.put(row.task().id(), row);
            }
        }
        try {
            try (PreparedStatement upsert = writer.prepareStatement(UPSERT);
                    PreparedStatement untag = writer.prepareStatement("DELETE FROM task_tags WHERE task_id = ?");
                    PreparedStatement tag = writer.prepareStatement(
                            "INSERT INTO task_tags (task_id, tag, created_at) VALUES (?, ?, ?)")) {
                boolean tags = false;
                for (Row row : rows.values()) {
                    TaskRecord task = row.task();
                    upsert.setString(1, task.id());
                    upsert.setString(2, task.status().name());
                    upsert.setString(3, task.spec().action());
                    upsert.setLong(4, row.createdAt());
                    upsert.setLong(5, task.revision());
                    upsert.setString(6, row.json());
                    if (task.status().isTerminal() && task.completedAt() != null) {
                        upsert.setLong(7, clampedNanos(task.completedAt()));
                    } else {
                        upsert.setNull(7, java.sql.Types.BIGINT);
                    }
                    upsert.addBatch();
                    untag.setString(1, task.id());
                    untag.addBatch();
                    for (String t : task.spec().tags()) {
                        tag.setString(1, task.id());
                        tag.setString(2, t);
                        tag.setLong(3, row.createdAt());
                        tag.addBatch();
                        tags = true;
                    }
                }
                upsert.executeBatch();
                untag.executeBatch();
                if (tags) {
                    tag.executeBatch();
                }
            }
            for (Batch batch : group) {
                if (batch.purgeBefore() != null) {
                    try (PreparedStatement untagOld = writer.prepareStatement("DELETE FROM task_tags WHERE task_id IN"
                            + " (SELECT id FROM tasks WHERE finished_at IS NOT NULL AND finished_at < ?)");
                            PreparedStatement purge = writer.prepareStatement(
                                    "DELETE FROM tasks WHERE finished_at IS NOT NULL AND finished_at < ?")) {
                        untagOld.setLong(1, batch.purgeBefore());
                        untagOld.executeUpdate();
                        purge.setLong(1, batch.purgeBefore());
                        purged.set(purge.executeUpdate());
                    }
                }
            }
            writer.commit();
            commits.incrementAndGet();
            saves.addAndGet(group.size());
        } catch (SQLException | RuntimeException e) {
            try {
                writer.rollback();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private TaskStoreException failure(Throwable e) {
        if (e instanceof SQLException sql) {
            return new TaskStoreException(describe(sql, "did not commit"), sql);
        }
        return new TaskStoreException("task store " + where + " did not commit: " + e, e);
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
        StringBuilder sql = new StringBuilder("SELECT id, record, created_at FROM tasks WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (!query.statuses().isEmpty()) {
            sql.append(" AND status IN (");
            query.statuses().stream().map(Enum::name).sorted().forEach(s -> {
                sql.append(args.isEmpty() ? "?" : ", ?");
                args.add(s);
            });
            sql.append(')');
        }
        if (query.action() != null) {
            sql.append(" AND action = ?");
            args.add(query.action());
        }
        if (query.tag() != null) {
            sql.append(" AND id IN (SELECT task_id FROM task_tags WHERE tag = ?)");
            args.add(query.tag());
        }
        if (query.createdFrom() != null) {
            sql.append(" AND created_at >= ?");
            args.add(clampedNanos(query.createdFrom()));
        }
        if (query.createdTo() != null) {
            sql.append(" AND created_at < ?");
            args.add(clampedNanos(query.createdTo()));
        }
        if (query.after() != null) {
            TaskCursor after = TaskCursor.parse(query.after());
            sql.append(" AND (created_at, id) > (?, ?)");
            args.add(clampedNanos(after.createdAt()));
            args.add(after.id());
        }
        sql.append(" ORDER BY created_at, id LIMIT ?");
        args.add(query.limit() + 1);
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    ps.setObject(i + 1, args.get(i));
                }
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

    @FunctionalInterface
    private interface Read<T> {
        T apply(Connection connection) throws SQLException;
    }

    private <T> T read(Read<T> read) throws TaskStoreException {
        Connection c;
        try {
            c = readers.poll(BUSY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TaskStoreException("task store " + where + ": interrupted while waiting for a connection", e);
        }
        if (c == null) {
            throw new TaskStoreException("task store " + where + (isClosed() ? " is closed"
                    : ": no free connection after " + BUSY_TIMEOUT_MS + " ms"), null);
        }
        try {
            return read.apply(c);
        } catch (SQLException e) {
            throw new TaskStoreException(describe(e, "cannot be read"), e);
        } finally {
            if (!isClosed()) {
                readers.add(c);
            }
        }
    }

    // ---- errors and lifecycle ---------------------------------------------------------------

    /** A message that names the database and says what is wrong in words. */
    String describe(SQLException e, String what) {
        String reason = null;
        if (sqlite) {
            reason = switch (e.getErrorCode() & 0xff) {
                case 5, 6 -> "the database file is locked by another process or connection (waited "
                        + BUSY_TIMEOUT_MS + " ms)";
                case 11, 26 -> "the file is corrupt or is not a SQLite database; restore it from a backup or move it"
                        + " away to start with an empty store";
                case 13 -> "the disk is full";
                case 8 -> "the database file or its folder is read-only";
                case 14 -> "the file cannot be opened (missing folder or no permission)";
                case 10 -> "input/output error (failing or full disk?)";
                default -> null;
            };
        }
        return "task store " + where + " " + what + ": " + (reason == null ? "" : reason + ": ") + e.getMessage();
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
        if (sqlite && !writerThread.isAlive()) {
            try (Statement st = writer.createStatement()) {
                writer.setAutoCommit(true);
                st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            } catch (SQLException ignored) {
                // best effort: the WAL is checkpointed at the next open anyway
            }
        }
        for (Connection c : readerConnections) {
            closeAll(c);
        }
        closeAll(writer);
    }

    private static void closeAll(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
    }

    // ---- keys ------------------------------------------------------------------------------

    /** Epoch nanoseconds: the exact order of instants, within years 1677 to 2262. */
    static long nanos(Instant at) {
        return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000_000L), at.getNano());
    }

    private static long clampedNanos(Instant at) {
        try {
            return nanos(at);
        } catch (ArithmeticException e) {
            return at.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}
