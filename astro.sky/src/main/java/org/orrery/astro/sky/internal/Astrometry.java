package org.orrery.astro.sky.internal;

import java.time.Instant;

import org.jastronomy.jsofa.JSOFA;
import org.jastronomy.jsofa.JSOFAException;
import org.orrery.sky.Coordinates;
import org.orrery.sky.HorizontalPosition;
import org.orrery.sky.Site;

/**
 * Apparent and observed places with IAU SOFA (jsofa): ICRS/J2000 → CIRS ({@code jauAtciq}:
 * light deflection, annual and diurnal aberration, precession-nutation) → observed
 * ({@code jauAtioq}: Earth rotation, refraction). The star-independent parameters
 * ({@code jauApco13}) are computed once per hour and brought to the instant with
 * {@code jauAper13} (which only moves the Earth rotation angle), and kept per instant in a
 * small cache, so the thousands of calls of one planner decision cost a few microseconds each.
 *
 * <p>UT1 is taken equal to UTC (|UT1 − UTC| &lt; 0.9 s, 0.2′ of hour angle at most) and polar
 * motion as zero. Refraction uses a standard atmosphere for the site's elevation.
 */
final class Astrometry {

    private static final double HOURS_PER_RADIAN = 12 / Math.PI;
    private static final double DEGREES_PER_RADIAN = 180 / Math.PI;
    private static final double UNIX_EPOCH_JD = 2440587.5;
    /** The first instant SOFA's UTC-based functions accept. */
    static final Instant EARLIEST = Instant.parse("1960-01-01T00:00:00Z");
    /** Temperature (°C), relative humidity and wavelength (µm) for the refraction constants. */
    private static final double TEMPERATURE = 10;
    private static final double HUMIDITY = 0.5;
    private static final double WAVELENGTH = 0.55;

    /** The star-independent parameters at one instant, and the equation of the origins (ERA − GST). */
    private record Frame(JSOFA.Astrom astrom, double eo) {
    }

    private final Site site;
    private final double pressure;
    private final InstantCache<Frame> hours = new InstantCache<>(16, 3_600_000L);
    private final InstantCache<Frame> instants = new InstantCache<>(256, 60_000L);

    Astrometry(Site site) {
        this.site = site;
        // SOFA's suggestion for a standard atmosphere: p = 1013.25 exp(−h / (29.3 T)) hPa
        this.pressure = 1013.25 * Math.exp(-site.elevationMeters() / (29.3 * (273.15 + TEMPERATURE)));
    }

    HorizontalPosition horizontal(Coordinates j2000, Instant at) {
        Frame f = frame(at);
        JSOFA.SphericalCoordinate cirs = cirs(j2000, f);
        JSOFA.ObservedPosition observed = JSOFA.jauAtioq(cirs.alpha, cirs.delta, f.astrom());
        return new HorizontalPosition(90 - observed.zob * DEGREES_PER_RADIAN, azimuth(observed.aob));
    }

    /** Without refraction (for angles between bodies). */
    HorizontalPosition geometric(Coordinates j2000, Instant at) {
        Frame f = frame(at);
        JSOFA.SphericalCoordinate cirs = cirs(j2000, f);
        JSOFA.HorizonCoordinate h = JSOFA.jauHd2ae(f.astrom().eral - cirs.alpha, cirs.delta, site.latitudeDegrees()
                / DEGREES_PER_RADIAN);
        return new HorizontalPosition(h.el * DEGREES_PER_RADIAN, azimuth(h.az));
    }

    Coordinates apparent(Coordinates j2000, Instant at) {
        Frame f = frame(at);
        JSOFA.SphericalCoordinate cirs = cirs(j2000, f);
        return coordinates(cirs.alpha - f.eo(), cirs.delta);
    }

    Coordinates j2000(Coordinates apparent, Instant at) {
        Frame f = frame(at);
        JSOFA.SphericalCoordinate icrs = JSOFA.jauAticq(apparent.raHours() / HOURS_PER_RADIAN + f.eo(),
                apparent.decDegrees() / DEGREES_PER_RADIAN, f.astrom());
        return coordinates(icrs.alpha, icrs.delta);
    }

    /** Local apparent sidereal time, hours 0 ≤ lst &lt; 24 (GAST = ERA − EO, plus the longitude). */
    double siderealTime(Instant at) {
        Frame f = frame(at);
        return hours(JSOFA.jauAnp(f.astrom().eral - f.eo()));
    }

    /** Hours −12 &lt; ha ≤ 12. */
    double hourAngle(Coordinates j2000, Instant at) {
        Frame f = frame(at);
        double ha = JSOFA.jauAnpm(f.astrom().eral - cirs(j2000, f).alpha) * HOURS_PER_RADIAN;
        return ha <= -12 ? ha + 24 : ha;
    }

    private static JSOFA.SphericalCoordinate cirs(Coordinates j2000, Frame f) {
        return JSOFA.jauAtciq(j2000.raHours() / HOURS_PER_RADIAN, j2000.decDegrees() / DEGREES_PER_RADIAN, 0, 0, 0, 0,
                f.astrom());
    }

    private Frame frame(Instant at) {
        long millis = at.toEpochMilli();
        Frame cached = instants.get(millis);
        if (cached != null) {
            return cached;
        }
        long hour = Math.floorDiv(millis, 3_600_000L) * 3_600_000L;
        Frame base = hours.get(hour);
        if (base == null) {
            base = compute(hour);
            hours.put(hour, base);
        }
        JSOFA.Astrom astrom = copy(base.astrom());
        double[] jd = julianDate(millis);
        JSOFA.jauAper13(jd[0], jd[1], astrom);
        Frame frame = new Frame(astrom, base.eo());
        instants.put(millis, frame);
        return frame;
    }

    private Frame compute(long millis) {
        if (millis < EARLIEST.toEpochMilli()) {
            throw new IllegalArgumentException("the sky is computed from " + EARLIEST + " on (SOFA needs UTC, which began "
                    + "in 1960), not at " + Instant.ofEpochMilli(millis));
        }
        double[] utc = julianDate(millis);
        JSOFA.Astrom astrom = new JSOFA.Astrom();
        try {
            double eo = JSOFA.jauApco13(utc[0], utc[1], 0, site.longitudeDegrees() / DEGREES_PER_RADIAN,
                    site.latitudeDegrees() / DEGREES_PER_RADIAN, site.elevationMeters(), 0, 0, pressure, TEMPERATURE,
                    HUMIDITY, WAVELENGTH, astrom);
            return new Frame(astrom, eo);
        } catch (JSOFAException e) {
            throw new IllegalArgumentException("SOFA cannot compute the sky at " + Instant.ofEpochMilli(millis) + ": "
                    + e.getMessage(), e);
        }
    }

    /** Two-part Julian date (UTC, also used as UT1): the day's start at noon and the fraction. */
    private static double[] julianDate(long millis) {
        long day = Math.floorDiv(millis, 86_400_000L);
        double fraction = Math.floorMod(millis, 86_400_000L) / 86_400_000.0;
        return new double[] {UNIX_EPOCH_JD + day, fraction};
    }

    private static JSOFA.Astrom copy(JSOFA.Astrom a) {
        JSOFA.Astrom c = new JSOFA.Astrom();
        c.pmt = a.pmt;
        c.eb = a.eb;
        c.eh = a.eh;
        c.em = a.em;
        c.v = a.v;
        c.bm1 = a.bm1;
        c.bpn = a.bpn;
        c.along = a.along;
        c.phi = a.phi;
        c.xpl = a.xpl;
        c.ypl = a.ypl;
        c.sphi = a.sphi;
        c.cphi = a.cphi;
        c.diurab = a.diurab;
        c.eral = a.eral;
        c.refa = a.refa;
        c.refb = a.refb;
        return c;
    }

    private static Coordinates coordinates(double raRadians, double decRadians) {
        double ra = hours(JSOFA.jauAnp(raRadians));
        return new Coordinates(ra, Math.max(-90, Math.min(90, decRadians * DEGREES_PER_RADIAN)));
    }

    private static double hours(double radians) {
        double h = radians * HOURS_PER_RADIAN;
        return h >= 24 ? 0 : h;
    }

    private static double azimuth(double radians) {
        double az = JSOFA.jauAnp(radians) * DEGREES_PER_RADIAN;
        return az >= 360 ? 0 : az;
    }
}
