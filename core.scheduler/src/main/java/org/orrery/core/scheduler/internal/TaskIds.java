package org.orrery.core.scheduler.internal;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ids the engine gives: version 7 UUIDs (RFC 9562), the Unix time in milliseconds, then 74 random
 * bits, without SecureRandom (ids need to be unique, not secret).
 *
 * <p>Why time-ordered: the task store keeps tasks, their executions and their tags in B-trees
 * keyed by the id. Random (version 4) ids put each new task on a random page of each, so a
 * commit of a few dozen tasks rewrote a few dozen pages per index (in SQLite, every one of them
 * written to the write-ahead log and fsynced, then checkpointed); ids that grow with time land on
 * the last pages. The module README ("Ids the engine assigns are time-ordered") has the measurement.
 */
final class TaskIds {

    private TaskIds() {
    }

    /** A new id, such as {@code 0193a6f2-5c1e-7b3d-9f0a-1c2d3e4f5a6b}. */
    static String next() {
        return next(System.currentTimeMillis());
    }

    static String next(long unixMillis) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long high = (unixMillis << 16) | 0x7000L | (r.nextLong() & 0x0FFFL);
        long low = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }
}
