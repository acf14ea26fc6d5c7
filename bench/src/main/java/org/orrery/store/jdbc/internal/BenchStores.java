package org.orrery.store.jdbc.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.orrery.task.TaskPage;
import org.orrery.task.TaskQuery;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskStore;
import org.orrery.task.TaskStoreException;

/**
 * The durable store's package-private {@link TaskDatabase} for the durable benchmark
 * ({@code org.orrery.bench.DurableBenchmark}), which lives in another package: a {@link TaskStore}
 * that can be closed, as {@link JdbcTaskStore} uses it inside OSGi.
 */
public final class BenchStores {

    private BenchStores() {
    }

    /** A task store that is also closed by its user. */
    public interface ClosableStore extends TaskStore, AutoCloseable {
        /** Where the data is, for people. */
        String where();

        /** Commits made so far (group commit: fewer than saves). */
        long commits();

        /** Time spent in {@link #save} so far, summed over the callers. */
        long saveNanos();

        /** {@link #save} calls so far. */
        long saveCalls();

        @Override
        void close();
    }

    /** SQLite in this file: WAL, synchronous=FULL (the store's only SQLite mode). */
    public static ClosableStore sqlite(Path file, int readers) throws TaskStoreException {
        return wrap(TaskDatabase.openSqlite(file, readers));
    }

    /**
     * PostgreSQL at this URL, through whatever entry point the store has: {@code openPostgres(url,
     * user, password, readers)} if there is one, else {@code open(url, user, password, readers)}.
     * Reflection, so that this benchmark compiles against the store before and after it gained
     * PostgreSQL support.
     */
    public static ClosableStore postgres(String url, String user, String password, int readers) throws TaskStoreException {
        for (String name : List.of("openPostgres", "open")) {
            Method m;
            try {
                m = TaskDatabase.class.getDeclaredMethod(name, String.class, String.class, String.class, int.class);
            } catch (NoSuchMethodException e) {
                continue;
            }
            try {
                m.setAccessible(true);
                return wrap((TaskDatabase) m.invoke(null, url, user, password, readers));
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof TaskStoreException t) {
                    throw t;
                }
                throw new TaskStoreException("TaskDatabase." + name + " failed: " + e.getCause(), e.getCause());
            } catch (IllegalAccessException e) {
                throw new TaskStoreException("cannot call TaskDatabase." + name + ": " + e, e);
            }
        }
        throw new TaskStoreException("store.jdbc's TaskDatabase has no openPostgres/open(url, user, password, readers)", null);
    }

    private static ClosableStore wrap(TaskDatabase db) {
        java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong calls = new java.util.concurrent.atomic.AtomicLong();
        return new ClosableStore() {
            @Override
            public void save(Collection<TaskRecord> tasks) throws TaskStoreException {
                long t0 = System.nanoTime();
                try {
                    db.save(tasks);
                } finally {
                    nanos.addAndGet(System.nanoTime() - t0);
                    calls.incrementAndGet();
                }
            }

            @Override
            public long saveNanos() {
                return nanos.get();
            }

            @Override
            public long saveCalls() {
                return calls.get();
            }

            @Override
            public Optional<TaskRecord> get(String id) throws TaskStoreException {
                return db.get(id);
            }

            @Override
            public TaskPage list(TaskQuery query) throws TaskStoreException {
                return db.list(query);
            }

            @Override
            public List<TaskRecord> unfinished() throws TaskStoreException {
                return db.unfinished();
            }

            @Override
            public String where() {
                return db.where();
            }

            @Override
            public long commits() {
                return db.commits();
            }

            @Override
            public void close() {
                db.close();
            }
        };
    }
}
