package org.orrery.sequence;

import java.util.Objects;

/**
 * The durable record of one execution of one step (an iteration of a loop gives each step inside
 * it a record of its own), as a {@link SequenceStore} keeps it.
 *
 * @param sequenceId its sequence
 * @param key unique within the sequence: the step's id and the loop iterations it belongs to
 * @param state what the sequence layer keeps of it: state, attempts, task ids, result (JSON text)
 */
public record StoredStep(String sequenceId, String key, String state) {

    public StoredStep {
        Objects.requireNonNull(sequenceId, "sequenceId");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(state, "state");
    }
}
