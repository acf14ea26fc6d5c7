package org.orrery.core.sequence.internal;

import java.math.BigDecimal;
import java.time.Duration;

/** Seconds as documents write them (any JSON number) to durations. */
final class Durations {

    private Durations() {
    }

    static Duration seconds(Number seconds) {
        BigDecimal nanos = new BigDecimal(seconds.toString()).movePointRight(9);
        return Duration.ofNanos(nanos.max(BigDecimal.ZERO).min(BigDecimal.valueOf(Long.MAX_VALUE)).longValue());
    }
}
