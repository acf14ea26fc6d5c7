package org.orrery.task;

import java.util.Collection;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A {@link TaskStore} that can do part of a save ahead, on the caller's thread: the scheduler's
 * operations prepare their records after the engine's lock, in parallel, and the commit group that
 * then saves them (one thread, which every caller in the group waits for) finds them encoded. The
 * durable stores implement it beside {@link TaskStore}; a store without it encodes in its save.
 *
 * @since 2.6
 */
@ConsumerType
public interface PreparingTaskStore {

    /**
     * Encodes these records for a {@link TaskStore#save} that should follow soon. A hint: nothing is
     * stored or acknowledged by it; a save of exactly these record objects may use the encoding, any
     * other save encodes what it gets. Never throws for a record that cannot be stored: its save does.
     */
    void prepare(Collection<TaskRecord> tasks);
}
