package org.orrery.bench;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.orrery.sequence.SequenceState;
import org.orrery.sequence.SequenceStore;
import org.orrery.sequence.StoredSequence;
import org.orrery.sequence.StoredStep;
import org.orrery.task.TaskStoreException;

/**
 * The sequence store, counting its updates (each one committed transaction, or a share of a
 * group commit), the step records they write and the time spent in them, for the sequence
 * benchmark.
 */
final class TimedSequenceStore implements SequenceStore {

    private final SequenceStore store;
    private final AtomicLong updateNanos = new AtomicLong();
    private final AtomicLong updateCalls = new AtomicLong();
    private final AtomicLong stepRecords = new AtomicLong();
    private final AtomicLong headerBytes = new AtomicLong();

    TimedSequenceStore(SequenceStore store) {
        this.store = store;
    }

    @Override
    public void update(StoredSequence sequence, Collection<StoredStep> steps) throws TaskStoreException {
        long t0 = System.nanoTime();
        try {
            store.update(sequence, steps);
        } finally {
            updateNanos.addAndGet(System.nanoTime() - t0);
            updateCalls.incrementAndGet();
            stepRecords.addAndGet(steps.size());
            headerBytes.addAndGet(sequence.runState() == null ? 0 : sequence.runState().length());
        }
    }

    long updateNanos() {
        return updateNanos.get();
    }

    long updateCalls() {
        return updateCalls.get();
    }

    /** Step records written by {@link #update} so far. */
    long stepRecords() {
        return stepRecords.get();
    }

    /** Characters of run state written by {@link #update} so far. */
    long headerChars() {
        return headerBytes.get();
    }

    @Override
    public void insert(StoredSequence sequence) throws TaskStoreException {
        store.insert(sequence);
    }

    @Override
    public Optional<StoredSequence> get(String id) throws TaskStoreException {
        return store.get(id);
    }

    @Override
    public List<StoredStep> steps(String sequenceId) throws TaskStoreException {
        return store.steps(sequenceId);
    }

    @Override
    public List<StoredSequence> list(Set<SequenceState> states, String afterId, int limit) throws TaskStoreException {
        return store.list(states, afterId, limit);
    }

    @Override
    public List<StoredSequence> unfinished() throws TaskStoreException {
        return store.unfinished();
    }

    @Override
    public boolean delete(String id) throws TaskStoreException {
        return store.delete(id);
    }
}
