package org.orrery.web.api.internal;

import java.time.Duration;

/** Limits and periods of an {@link EventStreamHub}. */
record EventStreamSettings(int capacity, long maxQueuedChars, Duration pingInterval, Duration idleTimeout, Duration overflowGrace,
        Duration stopGrace, Duration recheckInterval) {

    /** Events waiting for one client before it is considered fallen behind. */
    static final int QUEUE_CAPACITY = 1_000;
    /** Characters waiting for one client before it is considered fallen behind (large results). */
    static final long QUEUE_CHARS = 8L << 20;
    /** How often every client is pinged. */
    static final Duration PING_INTERVAL = Duration.ofSeconds(30);
    /** A connection on which nothing moves for this long is dropped (two pings missed). */
    static final Duration IDLE_TIMEOUT = PING_INTERVAL.multipliedBy(2).plusSeconds(15);
    /** How long a client that fell behind has to read its last messages before it is dropped. */
    static final Duration OVERFLOW_GRACE = Duration.ofSeconds(30);
    /** How often each client's credential is checked again. */
    static final Duration RECHECK_INTERVAL = Duration.ofSeconds(5);
    /** How long clients have to answer the close when the stream stops before they are dropped. */
    static final Duration STOP_GRACE = Duration.ofSeconds(2);

    static final EventStreamSettings DEFAULT = new EventStreamSettings(QUEUE_CAPACITY, QUEUE_CHARS, PING_INTERVAL, IDLE_TIMEOUT,
            OVERFLOW_GRACE, STOP_GRACE, RECHECK_INTERVAL);

    EventStreamSettings(int capacity, long maxQueuedChars, Duration pingInterval, Duration idleTimeout, Duration overflowGrace,
            Duration stopGrace) {
        this(capacity, maxQueuedChars, pingInterval, idleTimeout, overflowGrace, stopGrace, RECHECK_INTERVAL);
    }
}
