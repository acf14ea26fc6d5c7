package org.orrery.core.sequence.internal.night;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.orrery.sky.Coordinates;
import org.orrery.sky.Horizon;
import org.orrery.sky.HorizontalPosition;
import org.orrery.sky.Site;
import org.orrery.sky.Sky;
import org.orrery.sky.Twilight;

/**
 * A sky with simple, exact positions for tests. The sidereal time is 0 h at {@link #T0} and runs
 * one hour per hour; a target's hour angle is {@code lst − ra}; its altitude is {@code 70° − 10° ×
 * |hour angle|} (so 30° at ±4 h, 0° at ±7 h), its azimuth 90° before transit and 270° after. The
 * sun, the moon (position, illumination) are set by the test; the moon's separation is the
 * distance in (ra × 15°, dec) from {@link #moonAt}.
 */
final class FakeSky implements Sky {

    static final Instant T0 = Instant.parse("2026-12-05T18:00:00Z");

    Function<Instant, Double> sunAltitude = t -> -30.0;
    Function<Instant, Double> moonAltitude = t -> -10.0;
    double moonIllumination = 0.5;
    Coordinates moonAt = new Coordinates(12, 0);
    Horizon horizon = Horizon.FLAT;

    static SkyView view(FakeSky sky) {
        return SkyView.of(sky, null, null);
    }

    /** A target whose transit is at {@code T0 + hoursAfterT0}. */
    static Coordinates transitingAt(double hoursAfterT0) {
        return new Coordinates(((hoursAfterT0 % 24) + 24) % 24, 0);
    }

    static Instant at(double hoursAfterT0) {
        return T0.plus(Duration.ofSeconds(Math.round(hoursAfterT0 * 3600)));
    }

    /** Hours since {@link #T0}. */
    static double hours(Instant at) {
        return Duration.between(T0, at).toMillis() / 3_600_000.0;
    }

    @Override
    public Site site() {
        return new Site(28.7606, -17.8816, 2396, horizon);
    }

    @Override
    public HorizontalPosition horizontal(Coordinates j2000, Instant at) {
        double ha = hourAngle(j2000, at);
        return new HorizontalPosition(70 - 10 * Math.abs(ha), ha < 0 ? 90 : 270);
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
        double h = hours(at);
        return ((h % 24) + 24) % 24;
    }

    @Override
    public double hourAngle(Coordinates j2000, Instant at) {
        double ha = siderealTime(at) - j2000.raHours();
        while (ha > 12) {
            ha -= 24;
        }
        while (ha <= -12) {
            ha += 24;
        }
        return ha;
    }

    @Override
    public Instant meridianTransit(Coordinates j2000, Instant after) {
        double ha = hourAngle(j2000, after);
        double wait = ha <= 0 ? -ha : 24 - ha;
        return after.plusMillis(Math.round(wait * 3_600_000));
    }

    @Override
    public HorizontalPosition sun(Instant at) {
        return new HorizontalPosition(sunAltitude.apply(at), 0);
    }

    @Override
    public HorizontalPosition moon(Instant at) {
        return new HorizontalPosition(moonAltitude.apply(at), 180);
    }

    @Override
    public double moonIllumination(Instant at) {
        return moonIllumination;
    }

    @Override
    public double moonSeparation(Coordinates j2000, Instant at) {
        double dra = Math.abs(j2000.raHours() - moonAt.raHours());
        dra = Math.min(dra, 24 - dra) * 15;
        double ddec = j2000.decDegrees() - moonAt.decDegrees();
        return Math.sqrt(dra * dra + ddec * ddec);
    }

    @Override
    public Optional<Instant> nextTwilight(Twilight twilight, boolean evening, Instant after) {
        return Optional.empty();
    }

    /** A horizon at {@code altitude} everywhere. */
    static Horizon flatAt(double altitude) {
        return new Horizon(List.of(new Horizon.Point(0, altitude), new Horizon.Point(180, altitude)));
    }
}
