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

    private final Opener opener;
    private final long intervalNanos;
    private final String where;
    private final Thread thread;
    private volatile boolean dirty;
    private volatile boolean closed;
    private Connection connection; // this thread's alone
    private long checkpoints;

    WalCheckpointer(Opener opener, long intervalNanos, String where) {
        this.opener = opener;
        this.intervalNanos = intervalNanos;
        this.where = where;
        this.thread = new Thread(this::loop, "orrery-task-store-checkpoint");
        thread.setDaemon(true);
    }

    /** The writer setting that leaves checkpoints to this thread (run on the writer's connection). */
    static String writerPragma() {
        return "PRAGMA wal_autocheckpoint = " + WRITER_PAGES;
    }

    void start() {
        thread.start();
    }

    /** After a commit: the log has grown, a checkpoint is due. */
    void committed() {
        if (!dirty) {
            dirty = true;
            LockSupport.unpark(thread);
        }
    }

    /** Checkpoints made so far by this thread. */
    synchronized long checkpoints() {
        return checkpoints;
    }

    /** Stops the thread (after the checkpoint under way, if any) and closes its connection. */
    void close() {
        closed = true;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        try {
            while (!closed) {
                if (!dirty) {
                    LockSupport.park(this);
                    continue;
                }
                dirty = false;
                checkpoint();
                LockSupport.parkNanos(this, intervalNanos); // a pause, so checkpoints do not follow every commit
            }
        } finally {
            ConnectionOpener.closeQuietly(connection);
        }
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
