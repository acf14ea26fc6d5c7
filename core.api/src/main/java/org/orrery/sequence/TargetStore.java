package org.orrery.sequence;

import java.util.List;
import java.util.Locale;

import org.orrery.task.TaskStoreException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Durable night records beside the {@link SequenceStore}, in the same database: frames acquired
 * per target and plan entry (kept across sequences, so a target that spans several nights
 * continues where it stopped) and the planners' {@link TargetDecision}s. Implemented by storage
 * bundles (the JDBC store for SQLite and PostgreSQL), so {@code @ConsumerType}.
 */
@ConsumerType
public interface TargetStore {

    /**
     * Counts one frame. Idempotent by {@code frameId} (the frame's task id and frame number): a
     * frame recorded already changes nothing and returns false, so a replay after a crash never
     * counts a frame twice.
     *
     * @return true when the frame was new
     */
    boolean recordFrame(String target, String plan, String frameId, boolean accepted) throws TaskStoreException;

    /** The progress of every plan entry of a target (by {@link #key(String)}), ordered by plan key. */
    List<PlanProgress> progress(String target) throws TaskStoreException;

    /** Forgets a target's frames (a user starts it over); returns how many plan entries were removed. */
    int resetProgress(String target) throws TaskStoreException;

    /** Appends a decision; its {@link TargetDecision#index()} is unique per sequence (a second one of the same index is ignored). */
    void appendDecision(TargetDecision decision) throws TaskStoreException;

    /** A sequence's decisions with an index greater than {@code afterIndex}, oldest first, at most {@code limit}. */
    List<TargetDecision> decisions(String sequenceId, long afterIndex, int limit) throws TaskStoreException;

    /** Removes a sequence's decisions (the sequence was deleted). */
    void deleteDecisions(String sequenceId) throws TaskStoreException;

    /** The key a target name is stored under: trimmed, inner spaces collapsed to one, upper case ({@code "m  42"} → {@code "M 42"}). */
    static String key(String targetName) {
        return targetName.trim().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
    }
}
