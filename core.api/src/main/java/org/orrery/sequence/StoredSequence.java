package org.orrery.sequence;

import java.time.Instant;
import java.util.Objects;

/**
 * A sequence as a {@link SequenceStore} keeps it. The document and the run state are JSON text
 * that the sequence layer writes and reads; a store keeps them as given.
 *
 * @param id the sequence's id
 * @param name its name, for listings
 * @param state its state, for listings and recovery
 * @param document the accepted document (JSON text)
 * @param runState the sequence layer's durable position: variables, loop counters, area, … (JSON text)
 * @param createdAt when it was accepted
 * @param updatedAt when it last changed
 */
public record StoredSequence(String id, String name, SequenceState state, String document, String runState,
        Instant createdAt, Instant updatedAt) {

    public StoredSequence {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(runState, "runState");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
