package org.orrery.bench;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.orrery.sequence.SequenceStore;
import org.orrery.sequence.TargetStore;
import org.orrery.store.jdbc.internal.StandaloneTaskStore;
import org.orrery.task.TaskPage;
import org.orrery.task.TaskQuery;
import org.orrery.task.TaskRecord;
import org.orrery.task.TaskStoreException;

/** The durable store, counting its saves and the time spent in them, for the durable benchmark. */
final class TimedStore implements StandaloneTaskStore {

    private final StandaloneTaskStore store;
    private final AtomicLong saveNanos = new AtomicLong();
    private final AtomicLong saveCalls = new AtomicLong();

    private TimedStore(StandaloneTaskStore store) {
        this.store = store;
    }

    static TimedStore of(StandaloneTaskStore store) {
        return new TimedStore(store);
    }

    @Override
    public void save(Collection<TaskRecord> tasks) throws TaskStoreException {
        long t0 = System.nanoTime();
        try {
            store.save(tasks);
        } finally {
            saveNanos.addAndGet(System.nanoTime() - t0);
            saveCalls.incrementAndGet();
        }
    }

    /** Time spent in {@link #save} so far, summed over the callers. */
    long saveNanos() {
        return saveNanos.get();
    }

    /** {@link #save} calls so far. */
    long saveCalls() {
        return saveCalls.get();
    }

    @Override
    public Optional<TaskRecord> get(String id) throws TaskStoreException {
        return store.get(id);
    }

    @Override
    public TaskPage list(TaskQuery query) throws TaskStoreException {
        return store.list(query);
    }

    @Override
    public List<TaskRecord> unfinished() throws TaskStoreException {
        return store.unfinished();
    }

    /** The sequence store on the same database, unwrapped (time it with {@link TimedSequenceStore}). */
    @Override
    public SequenceStore sequences() {
        return store.sequences();
    }

    /** The target store on the same database, unwrapped. */
    @Override
    public TargetStore targets() {
        return store.targets();
    }

    @Override
    public String where() {
        return store.where();
    }

    @Override
    public long commits() {
        return store.commits();
    }

    @Override
    public void close() {
        store.close();
    }
}
