package org.orrery.store.jdbc.internal;

import org.orrery.sequence.SequenceStore;
import org.orrery.sequence.TargetStore;
import org.orrery.task.ExecutionStore;
import org.orrery.task.TaskStore;

/**
 * The durable task store used outside OSGi, by benchmarks and tools that open a database
 * directly through {@link StandaloneTaskStores}: a {@link TaskStore} its user closes, with the
 * {@link SequenceStore} on the same database.
 */
public interface StandaloneTaskStore extends TaskStore, AutoCloseable {

    /** Where the data is, for people (a file, or a URL without its password). */
    String where();

    /**
     * The sequence store on the same database (same connections and writer; closed with this
     * store). A wrapper of a store (the benchmarks' timing one) delegates to the store it wraps.
     */
    default SequenceStore sequences() {
        throw new UnsupportedOperationException(getClass().getName() + " has no sequence store: delegate to the"
                + " StandaloneTaskStore it wraps");
    }

    /** The night's records (frames, progress, decisions) on the same database; as {@link #sequences()}. */
    default TargetStore targets() {
        throw new UnsupportedOperationException(getClass().getName() + " has no target store: delegate to the"
                + " StandaloneTaskStore it wraps");
    }

    /** The tasks' executions on the same database; as {@link #sequences()}. */
    default ExecutionStore executions() {
        throw new UnsupportedOperationException(getClass().getName() + " has no execution store: delegate to the"
                + " StandaloneTaskStore it wraps");
    }

    /** Transactions committed so far (group commit: fewer than saves). */
    long commits();

    @Override
    void close();
}
