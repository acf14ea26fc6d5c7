package org.orrery.sky;

import java.time.Duration;
import java.time.Instant;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The observatory's clock: the real time by default; configured ({@code org.orrery.sky.clock})
 * it can start at a given instant and run faster than real time, so a whole night runs in
 * seconds. Everything that decides by the time of night (target constraints, twilight waits,
 * the planner, simulated devices that follow the sky) reads this clock, never
 * {@link System#currentTimeMillis()}.
 */
@ProviderType
public interface SkyClock {

    /** The time now on this clock. */
    Instant now();

    /**
     * Clock seconds that pass per real second: 1 for the real clock, 600 for a clock that runs
     * a ten-hour night in one minute. Always more than 0.
     */
    double rate();

    /** How long a clock duration takes in real time ({@code clock / rate}), at least 0. */
    default Duration realDuration(Duration clock) {
        if (clock.isNegative() || clock.isZero()) {
            return Duration.ZERO;
        }
        double r = rate();
        return r == 1.0 ? clock : Duration.ofNanos((long) Math.ceil(clock.toNanos() / r));
    }
}
