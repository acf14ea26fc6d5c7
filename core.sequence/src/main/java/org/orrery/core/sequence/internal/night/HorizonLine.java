package org.orrery.core.sequence.internal.night;

import org.orrery.sky.Horizon;
import org.orrery.sky.HorizontalPosition;

/** The "above the horizon line" constraint: the target's altitude against the site's horizon at its azimuth. */
final class HorizonLine {

    private static final double ALTITUDE_RATE = 16; // degrees per hour

    private HorizonLine() {
    }

    /**
     * The verdict; its bound uses the line's highest point (while above it) or lowest point
     * (while below), since the azimuth moves too.
     */
    static ConstraintCheck.Verdict verdict(Horizon horizon, HorizontalPosition pos) {
        double line = horizon.altitudeAt(pos.azimuthDegrees());
        double alt = pos.altitudeDegrees();
        if (alt >= line) {
            return ConstraintCheck.Verdict.pass((alt - highest(horizon)) / ALTITUDE_RATE);
        }
        return ConstraintCheck.Verdict.fail("below the horizon line", "below the horizon line ("
                + Texts.degrees(alt) + " at az " + Texts.degrees(pos.azimuthDegrees()) + ", horizon "
                + Texts.degrees(line) + ")", (lowest(horizon) - alt) / ALTITUDE_RATE);
    }

    private static double highest(Horizon horizon) {
        return horizon.points().stream().mapToDouble(Horizon.Point::altitudeDegrees).max().orElse(0);
    }

    private static double lowest(Horizon horizon) {
        return horizon.points().stream().mapToDouble(Horizon.Point::altitudeDegrees).min().orElse(0);
    }
}
