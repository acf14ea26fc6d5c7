package org.orrery.astro.sky.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Optional;

import org.orrery.sky.HorizontalPosition;
import org.orrery.sky.Site;
import org.orrery.sky.Twilight;
import org.shredzone.commons.suncalc.MoonIllumination;
import org.shredzone.commons.suncalc.MoonPosition;
import org.shredzone.commons.suncalc.SunPosition;
import org.shredzone.commons.suncalc.SunTimes;

/**
 * Sun, moon and twilight with commons-suncalc. Positions are kept per instant (a planner asks
 * for the moon once per target at the same instant). The site's elevation is not given to
 * suncalc: it would lower the horizon by the dip of a sea horizon (1.6° at 2400 m, minutes of
 * twilight), while twilights are defined by the sun's altitude over the astronomical horizon.
 */
final class SunAndMoon {

    /** Moon: its place with and without refraction (for angles to other bodies). */
    record Moon(HorizontalPosition observed, HorizontalPosition geometric) {
    }

    private static final double EARTH_RADIUS_KM = 6378.137;

    private final Site site;
    private final InstantCache<HorizontalPosition> suns = new InstantCache<>(64, 60_000L);
    private final InstantCache<Moon> moons = new InstantCache<>(256, 60_000L);

    SunAndMoon(Site site) {
        this.site = site;
    }

    HorizontalPosition sun(Instant at) {
        long key = at.toEpochMilli();
        HorizontalPosition cached = suns.get(key);
        if (cached == null) {
            SunPosition p = SunPosition.compute().on(at).utc().at(site.latitudeDegrees(), site.longitudeDegrees()).execute();
            cached = new HorizontalPosition(p.getAltitude(), normalise(p.getAzimuth()));
            suns.put(key, cached);
        }
        return cached;
    }

    Moon moon(Instant at) {
        long key = at.toEpochMilli();
        Moon cached = moons.get(key);
        if (cached == null) {
            MoonPosition p = MoonPosition.compute().on(at).utc().at(site.latitudeDegrees(), site.longitudeDegrees())
                    .execute();
            double az = normalise(p.getAzimuth());
            // suncalc's moon altitude is geocentric: lower it by the parallax (up to 1°) for the observer's place
            double parallax = Math.toDegrees(Math.asin(EARTH_RADIUS_KM / p.getDistance()
                    * Math.cos(Math.toRadians(p.getTrueAltitude()))));
            double topocentric = p.getTrueAltitude() - parallax;
            double refraction = p.getAltitude() - p.getTrueAltitude();
            cached = new Moon(new HorizontalPosition(topocentric + refraction, az), new HorizontalPosition(topocentric, az));
            moons.put(key, cached);
        }
        return cached;
    }

    double moonIllumination(Instant at) {
        return MoonIllumination.compute().on(at).utc().execute().getFraction();
    }

    Optional<Instant> nextTwilight(Twilight twilight, boolean evening, Instant after) {
        SunTimes times = SunTimes.compute().on(after).utc().at(site.latitudeDegrees(), site.longitudeDegrees())
                .twilight(twilight == Twilight.HORIZON ? SunTimes.Twilight.VISUAL : SunTimes.Twilight.valueOf(twilight.name()))
                .limit(Duration.ofHours(48)).execute();
        ZonedDateTime when = evening ? times.getSet() : times.getRise();
        // suncalc keeps the fraction of a second of `after` in its answer: a false precision (it is good to about
        // a minute), so the answer is given in whole seconds, never before `after`
        return Optional.ofNullable(when).map(ZonedDateTime::toInstant).map(t -> {
            Instant whole = t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            return whole.isBefore(after) ? after : whole;
        });
    }

    private static double normalise(double azimuth) {
        double az = ((azimuth % 360) + 360) % 360;
        return az >= 360 ? 0 : az;
    }
}
