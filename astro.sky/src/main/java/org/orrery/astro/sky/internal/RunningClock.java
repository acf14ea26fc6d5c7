package org.orrery.astro.sky.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * A clock that was at {@code start} when the real time was {@code anchor} and runs {@code rate}
 * times as fast as the real one since.
 */
final class RunningClock {

    private final InstantSource real;
    private final Instant start;
    private final Instant anchor;
    private final double rate;

    private RunningClock(InstantSource real, Instant start, Instant anchor, double rate) {
        this.real = real;
        this.start = start;
        this.anchor = anchor;
        this.rate = rate;
    }

    /** The clock of these settings, applied now: it starts at their start (or the real time now). */
    static RunningClock applied(InstantSource real, ClockSettings settings) {
        Instant now = real.instant();
        return new RunningClock(real, settings.start() == null ? now : settings.start(), now, settings.rate());
    }

    Instant now() {
        Instant realNow = real.instant();
        if (rate == 1) {
            return start.plus(Duration.between(anchor, realNow));
        }
        double seconds = Duration.between(anchor, realNow).toNanos() / 1e9 * rate;
        long whole = (long) Math.floor(seconds);
        return start.plusSeconds(whole).plusNanos(Math.round((seconds - whole) * 1e9));
    }

    double rate() {
        return rate;
    }
}
