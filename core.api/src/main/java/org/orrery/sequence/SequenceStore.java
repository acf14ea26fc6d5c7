package org.orrery.sequence;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.orrery.task.TaskStoreException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Where the sequence layer keeps its sequences, durably: every method that changes something
 * has committed when it returns. Implemented by storage bundles ({@code store.jdbc} for SQLite
 * and PostgreSQL), so {@code @ConsumerType}: a method added here is a major version.
 */
@ConsumerType
public interface SequenceStore {

    /**
     * Stores a new sequence.
     *
     * @throws TaskStoreException the store failed, or a sequence with this id exists
     */
    void insert(StoredSequence sequence) throws TaskStoreException;

    /**
     * Replaces a sequence's header (state, run state, updated time; the document too) and
     * inserts or replaces the given step records, in one transaction: all or none.
     */
    void update(StoredSequence sequence, Collection<StoredStep> steps) throws TaskStoreException;

    Optional<StoredSequence> get(String id) throws TaskStoreException;

    /** Every step record of a sequence, in no particular order. */
    List<StoredStep> steps(String sequenceId) throws TaskStoreException;

    /**
     * One page of sequences, oldest first (by creation time, then id).
     *
     * @param states only these states; every state when empty
     * @param afterId the last id of the previous page, or null for the first page
     * @param limit at most this many
     */
    List<StoredSequence> list(Set<SequenceState> states, String afterId, int limit) throws TaskStoreException;

    /** Every sequence that is not in a terminal state, for recovery after a restart. */
    List<StoredSequence> unfinished() throws TaskStoreException;

    /** Removes a sequence and its step records; false if there was none. */
    boolean delete(String id) throws TaskStoreException;
}
