package org.orrery.core.sequence.internal;

import java.time.Instant;
import java.util.Optional;

import org.orrery.sky.Coordinates;
import org.orrery.sky.Horizon;
import org.orrery.sky.HorizontalPosition;
import org.orrery.sky.Site;
import org.orrery.sky.Sky;
import org.orrery.sky.Twilight;

/** A sky whose answers the test sets (constant in time): the runner's tests need no astronomy. */
final class FixedSky implements Sky {

    double sunAltitude = -30;
    double moonAltitude = 10;
    double moonIllumination = 0.25;
    java.util.function.Function<Instant, Double> targetAltitude = t -> 45.0;
    double moonSeparation = 60;
    /** What nextTwilight answers (for any twilight and event). */
    Instant twilight;

    @Override
    public Site site() {
        return new Site(28.7606, -17.8816, 2396, Horizon.FLAT);
    }

    @Override
    public HorizontalPosition horizontal(Coordinates j2000, Instant at) {
        return new HorizontalPosition(targetAltitude.apply(at), 180);
    }

    @Override
    public Coordinates apparent(Coordinates j2000, Instant at) {
        return new Coordinates(j2000.raHours() + 0.01, j2000.decDegrees() + 0.1);
    }

    @Override
    public Coordinates j2000(Coordinates apparent, Instant at) {
        return new Coordinates(apparent.raHours() - 0.01, apparent.decDegrees() - 0.1);
    }

    @Override
    public double siderealTime(Instant at) {
        return 6;
    }

    @Override
    public double hourAngle(Coordinates j2000, Instant at) {
        return 6 - j2000.raHours();
    }

    @Override
    public Instant meridianTransit(Coordinates j2000, Instant after) {
        return after;
    }

    @Override
    public HorizontalPosition sun(Instant at) {
        return new HorizontalPosition(sunAltitude, 0);
    }

    @Override
    public HorizontalPosition moon(Instant at) {
        return new HorizontalPosition(moonAltitude, 90);
    }

    @Override
    public double moonIllumination(Instant at) {
        return moonIllumination;
    }

    @Override
    public double moonSeparation(Coordinates j2000, Instant at) {
        return moonSeparation;
    }

    @Override
    public Optional<Instant> nextTwilight(Twilight t, boolean evening, Instant after) {
        return Optional.ofNullable(twilight);
    }
}
