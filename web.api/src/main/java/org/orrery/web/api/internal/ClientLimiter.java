package org.orrery.web.api.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the requests one client (one signed-in user) has in progress at once, so a client that
 * opens many requests and stalls them cannot take every server thread: past the bound it is
 * answered 429 at once, and everybody else is still served.
 */
final class ClientLimiter {

    /** Requests one user may have in progress at once, by default. */
    static final int DEFAULT_LIMIT = 32;

    private final int limit;
    private final ConcurrentHashMap<String, AtomicInteger> inProgress = new ConcurrentHashMap<>();

    ClientLimiter(int limit) {
        this.limit = limit;
    }

    int limit() {
        return limit;
    }

    /** Counts a request of {@code client}; false (and nothing counted) when it has {@link #limit()} in progress. */
    boolean acquire(String client) {
        boolean[] admitted = {false};
        inProgress.compute(client, (key, count) -> {
            AtomicInteger c = count == null ? new AtomicInteger() : count;
            if (c.get() < limit) {
                c.incrementAndGet();
                admitted[0] = true;
            }
            return c.get() == 0 ? null : c;
        });
        return admitted[0];
    }

    /** Ends a request that {@link #acquire} admitted. */
    void release(String client) {
        inProgress.computeIfPresent(client, (key, count) -> count.decrementAndGet() <= 0 ? null : count);
    }

    /** Requests of {@code client} in progress now. */
    int inProgress(String client) {
        AtomicInteger count = inProgress.get(client);
        return count == null ? 0 : count.get();
    }
}
