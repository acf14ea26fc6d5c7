package org.orrery.devices.common.sim;

import java.time.Instant;

/** Sidereal time from the standard low-precision formula for Greenwich mean sidereal time. */
public final class Sidereal {

    /** Sidereal hours that pass in one SI second. */
    public static final double HOURS_PER_SECOND = 1.00273790935 / 3600.0;

    private Sidereal() {
    }

    /** Local mean sidereal time in hours (0 to 24) at {@code longitudeDegrees} (east positive). */
    public static double localHours(Instant t, double longitudeDegrees) {
        double julianDay = t.toEpochMilli() / 86_400_000.0 + 2_440_587.5;
        double d = julianDay - 2_451_545.0;
        double gmst = 18.697374558 + 24.06570982441908 * d;
        return hours(gmst + longitudeDegrees / 15.0);
    }

    /** {@code h} wrapped into 0 (inclusive) to 24 (exclusive). */
    public static double hours(double h) {
        double r = h % 24.0;
        if (r < 0) {
            r += 24.0;
        }
        return r >= 24.0 ? 0.0 : r;
    }
}
