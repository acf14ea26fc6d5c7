package org.orrery.core.sequence.internal;

import java.time.Instant;
import java.util.Optional;

import org.orrery.sky.Coordinates;
import org.orrery.sky.HorizontalPosition;
import org.orrery.sky.Site;
import org.orrery.sky.Sky;
import org.orrery.sky.Twilight;

/** A sky where every target is at the zenith and the sun and moon are down, for tests that need a sky but not its motion. */
final class AlwaysUpSky implements Sky {

    /** The hour angle of every target (tests move it). */
    double hourAngle;

    @Override
    public Site site() {
        return new Site(28.7606, -17.8816, 2396, null);
    }

    @Override
    public HorizontalPosition horizontal(Coordinates j2000, Instant at) {
        return new HorizontalPosition(90, 0);
    }

    @Override
    public Coordinates apparent(Coordinates j2000, Instant at) {
        return j2000;
    }

    @Override
    public Coordinates j2000(Coordinates apparent, Instant at) {
        return apparent;
    }

    @Override
    public double siderealTime(Instant at) {
        return 0;
    }

    @Override
    public double hourAngle(Coordinates j2000, Instant at) {
        return hourAngle;
    }

    @Override
    public Instant meridianTransit(Coordinates j2000, Instant after) {
        return after;
    }

    @Override
    public HorizontalPosition sun(Instant at) {
        return new HorizontalPosition(-40, 0);
    }

    @Override
    public HorizontalPosition moon(Instant at) {
        return new HorizontalPosition(-40, 0);
    }

    @Override
    public double moonIllumination(Instant at) {
        return 0;
    }

    @Override
    public double moonSeparation(Coordinates j2000, Instant at) {
        return 180;
    }

    @Override
    public Optional<Instant> nextTwilight(Twilight twilight, boolean evening, Instant after) {
        return Optional.empty();
    }
}
