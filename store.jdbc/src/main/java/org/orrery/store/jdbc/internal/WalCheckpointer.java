package org.orrery.store.jdbc.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoints a SQLite store's write-ahead log on a thread of its own, so that no commit waits
 * for one. By default SQLite checkpoints inside the commit that takes the log past 1 000 pages:
 * that commit (and every save waiting for it) then also copies those pages into the database
 * file and fsyncs it, a few milliseconds to tens of milliseconds on this machine's disk, at every
 * few hundred submits. Here the writer's own checkpoint only starts past
 * {@link #WRITER_PAGES} pages (a bound in case this thread falls behind), and this thread runs a
 * passive checkpoint (it takes no lock a writer or a reader waits for) at most every
 * {@code interval} while commits come in. Durability is unchanged: a commit is durable once the
 * log is fsynced ({@code synchronous=FULL}); a checkpoint only moves committed pages.
 */
final class WalCheckpointer {

    /** The writer connection's own {@code wal_autocheckpoint}: only reached when this thread falls behind. */
    static final int WRITER_PAGES = 16_384;
    /** Pause between two checkpoints while commits come in. */
    static final long DEFAULT_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private static final Logger LOG = LoggerFactory.getLogger(WalCheckpointer.class);

    /** Opens the checkpoint's own connection. */
    @FunctionalInterface
    interface Opener {
        Connection open() throws SQLException;
    }

    /** What one {@code PRAGMA wal_checkpoint(PASSIVE)} answered. */
    record Result(boolean busy, int logFrames, int checkpointedFrames) {
    }

    /** How long the thread waits for another commit before it ends (it starts again with the next one). */
    static final long DEFAULT_IDLE_NANOS = TimeUnit.SECONDS.toNanos(10);
    static final String THREAD_NAME = "orrery-task-store-checkpoint";

    private final Opener opener;
    private final long intervalNanos;
    private final long idleNanos;
    private final String where;
    private final Object lock = new Object();
    private Thread thread; // guarded by lock: null while no commit came for idleNanos
    private boolean dirty; // guarded by lock
    private boolean closed; // guarded by lock
    private Connection connection; // guarded by this
    private long checkpoints;

    WalCheckpointer(Opener opener, long intervalNanos, String where) {
        this(opener, intervalNanos, DEFAULT_IDLE_NANOS, where);
    }

    WalCheckpointer(Opener opener, long intervalNanos, long idleNanos, String where) {
        this.opener = opener;
        this.intervalNanos = intervalNanos;
        this.idleNanos = idleNanos;
        this.where = where;
    }

    /** The writer setting that leaves checkpoints to this thread (run on the writer's connection). */
    static String writerPragma() {
        return "PRAGMA wal_autocheckpoint = " + WRITER_PAGES;
    }

    /**
     * After a commit: the log has grown, a checkpoint is due. The thread starts with the first
     * commit (an idle store has none) and ends after {@code idleNanos} without one.
     */
    void committed() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            dirty = true;
            if (thread == null) {
                thread = new Thread(this::loop, THREAD_NAME);
                thread.setDaemon(true);
                thread.start();
            } else {
                lock.notifyAll();
            }
        }
    }

    /** True while the thread runs (tests). */
    boolean running() {
        synchronized (lock) {
            return thread != null;
        }
    }

    /** Checkpoints made so far by this thread. */
    synchronized long checkpoints() {
        return checkpoints;
    }

    /** Stops the thread (after the checkpoint under way, if any) and closes its connection. */
    void close() {
        Thread running;
        synchronized (lock) {
            closed = true;
            running = thread;
            lock.notifyAll();
        }
        if (running != null) {
            try {
                running.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeConnection();
    }

    private void loop() {
        try {
            while (awaitWork()) {
                checkpoint();
                LockSupport.parkNanos(this, intervalNanos); // a pause, so checkpoints do not follow every commit
            }
        } catch (InterruptedException e) {
            synchronized (lock) {
                thread = null;
            }
        } finally {
            closeConnection();
        }
    }

    /** Waits for a commit; false (and the thread forgotten, so the next commit starts one) when idle or closed. */
    private boolean awaitWork() throws InterruptedException {
        synchronized (lock) {
            long deadline = System.nanoTime() + idleNanos;
            while (!dirty && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    thread = null;
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            if (closed) {
                thread = null;
                return false;
            }
            dirty = false;
            return true;
        }
    }

    private synchronized void closeConnection() {
        ConnectionOpener.closeQuietly(connection);
        connection = null;
    }

    /** One passive checkpoint; a failure is logged and the connection opened again next time. */
    synchronized Result checkpoint() {
        try {
            if (connection == null) {
                connection = opener.open();
            }
            try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
                rs.next();
                checkpoints++;
                return new Result(rs.getInt(1) != 0, rs.getInt(2), rs.getInt(3));
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Task store {}: the write-ahead log was not checkpointed ({}); tried again after the next commit",
                    where, e.getMessage());
            ConnectionOpener.closeQuietly(connection);
            connection = null;
            return null;
        }
    }
}
