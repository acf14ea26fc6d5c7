package org.orrery.devices.common.sim;

import org.orrery.device.Mount.PierSide;

/**
 * Motion of a simulated equatorial mount, in time given by the caller ({@link System#nanoTime()}
 * values). Both axes move at once at the slew rate, so a slew takes
 * {@code max(|ΔRA| in degrees, |ΔDec|) / rate} seconds, RA the shorter way round. While tracking
 * the mount holds its RA; while not tracking (and while parked) it holds its hour angle, so its RA
 * grows at the sidereal rate, as a real mount's does. Pier side as a German equatorial mount:
 * the caller gives it at the end of each slew (from the hour angle of the slew's target, see
 * {@link #sideFor}) and the mount keeps it while tracking across the meridian; parked, it is the
 * park position's. An offset move ({@link #offset}) is a short move at the offset rate that keeps
 * tracking; the offsets add up until the next slew or sync. Not thread-safe: the device serialises
 * calls.
 */
public final class MountModel {

    public enum Motion {
        NONE, SLEW, PARK, OFFSET
    }

    /** Arc-seconds per second of an offset move: 8× the sidereal rate, a centering rate. */
    public static final double OFFSET_RATE_ARCSEC_PER_SECOND = 120;
    /** The longest an offset move takes: a larger offset moves faster. */
    public static final double OFFSET_MAX_SECONDS = 3;

    private final double rateDegreesPerSecond;

    private double anchorRa;
    private double anchorDec;
    private long anchorNanos;
    private boolean tracking;
    private boolean parked;

    private Motion motion = Motion.NONE;
    private Linear raMove;
    private Linear decMove;
    private boolean trackingBefore;
    private PierSide pierSide;
    private double offsetRaArcsec;
    private double offsetDecArcsec;
    private double pendingRaArcsec;
    private double pendingDecArcsec;

    public MountModel(double rateDegreesPerSecond, double ra, double dec, boolean parked, PierSide side, long now) {
        if (!(rateDegreesPerSecond > 0)) {
            throw new IllegalArgumentException("slew.rate must be more than 0 degrees per second, was "
                    + rateDegreesPerSecond);
        }
        this.rateDegreesPerSecond = rateDegreesPerSecond;
        this.anchorRa = Sidereal.hours(ra);
        this.anchorDec = dec;
        this.anchorNanos = now;
        this.parked = parked;
        this.tracking = false;
        this.pierSide = side;
    }

    /** A German equatorial mount's side for a target at this hour angle: east of the meridian (HA &lt; 0) WEST, else EAST. */
    public static PierSide sideFor(double hourAngleHours) {
        return shortestHours(0, hourAngleHours) < 0 ? PierSide.WEST : PierSide.EAST;
    }

    public PierSide pierSide() {
        return pierSide;
    }

    /** The sum of the offset moves since the last slew or sync, east positive. */
    public double offsetRaArcsec() {
        return offsetRaArcsec;
    }

    /** The sum of the offset moves since the last slew or sync, north positive. */
    public double offsetDecArcsec() {
        return offsetDecArcsec;
    }

    /** Where a motion under way ends (RA hours), or where the mount is now. */
    public double targetRa(long now) {
        return motion == Motion.NONE ? ra(now) : Sidereal.hours(raMove.to());
    }

    public double ra(long now) {
        if (motion != Motion.NONE) {
            return Sidereal.hours(raMove.value(now));
        }
        if (tracking) {
            return anchorRa;
        }
        return Sidereal.hours(anchorRa + (now - anchorNanos) * 1e-9 * Sidereal.HOURS_PER_SECOND);
    }

    public double dec(long now) {
        return motion != Motion.NONE ? decMove.value(now) : anchorDec;
    }

    public boolean tracking() {
        return tracking;
    }

    public boolean parked() {
        return parked;
    }

    /** Whether a slew or park is under way (until {@link #finish} or {@link #abort}). */
    public boolean moving() {
        return motion != Motion.NONE;
    }

    public Motion motion() {
        return motion;
    }

    /** When the motion under way ends (nanoTime), or {@code now} when there is none. */
    public long motionEnd(long now) {
        return motion == Motion.NONE ? now : Math.max(raMove.endNanos(), decMove.endNanos());
    }

    public static void checkCoordinates(double raHours, double decDegrees) {
        if (!(raHours >= 0 && raHours < 24)) {
            throw new IllegalArgumentException("right ascension must be 0 to 24 hours (24 excluded), was "
                    + Checks.fmt(raHours));
        }
        Checks.range("declination", " degrees", -90, 90, decDegrees);
    }

    /**
     * Starts a slew (replacing any motion under way, from where the mount is now).
     *
     * @return the slew's duration in seconds
     * @throws IllegalArgumentException for coordinates out of range
     * @throws IllegalStateException when parked
     */
    public double slew(double raHours, double decDegrees, long now) {
        checkCoordinates(raHours, decDegrees);
        if (parked) {
            throw new IllegalStateException("mount is parked: unpark it before slewing (asked to slew to RA "
                    + Checks.fmt(raHours) + " h, Dec " + Checks.fmt(decDegrees) + "°)");
        }
        return start(raHours, decDegrees, Motion.SLEW, now);
    }

    /**
     * Tells the mount it points at these coordinates now (a sync): the position jumps there, the
     * offsets return to 0, tracking and pier side stay.
     *
     * @throws IllegalStateException when parked or moving
     */
    public void sync(double raHours, double decDegrees, long now) {
        checkCoordinates(raHours, decDegrees);
        if (parked) {
            throw new IllegalStateException("mount is parked: unpark it before syncing (asked to sync to RA "
                    + Checks.fmt(raHours) + " h, Dec " + Checks.fmt(decDegrees) + "°)");
        }
        if (motion != Motion.NONE) {
            throw new IllegalStateException("mount is moving (" + motion.name().toLowerCase(java.util.Locale.ROOT)
                    + " under way): cannot sync until it ends");
        }
        anchorRa = raHours;
        anchorDec = decDegrees;
        anchorNanos = now;
        offsetRaArcsec = 0;
        offsetDecArcsec = 0;
    }

    /**
     * Starts an offset move from where the mount points: {@code raArcsec} east (on the sky),
     * {@code decArcsec} north, at {@link #OFFSET_RATE_ARCSEC_PER_SECOND} (faster for a large one,
     * so it never takes more than {@link #OFFSET_MAX_SECONDS}). Tracking stays as it is.
     *
     * @return the duration in seconds
     * @throws IllegalStateException when parked or moving
     */
    public double offset(double raArcsec, double decArcsec, long now) {
        if (!Double.isFinite(raArcsec) || !Double.isFinite(decArcsec)) {
            throw new IllegalArgumentException("offset must be a number of arc-seconds, was RA " + raArcsec + ", Dec "
                    + decArcsec);
        }
        if (parked) {
            throw new IllegalStateException("mount is parked: unpark it before moving by an offset");
        }
        if (motion != Motion.NONE) {
            throw new IllegalStateException("mount is moving (" + motion.name().toLowerCase(java.util.Locale.ROOT)
                    + " under way): cannot move by an offset until it ends");
        }
        double[] to = org.orrery.devices.common.sky.Offsets.shifted(ra(now), dec(now), raArcsec, decArcsec);
        double distance = Math.hypot(raArcsec, decArcsec);
        double seconds = Math.min(OFFSET_MAX_SECONDS, distance / OFFSET_RATE_ARCSEC_PER_SECOND);
        long nanos = Math.round(seconds * 1e9);
        double ra0 = ra(now);
        double dec0 = dec(now);
        trackingBefore = tracking;
        raMove = new Linear(ra0, ra0 + shortestHours(ra0, to[0]), now, nanos);
        decMove = new Linear(dec0, to[1], now, nanos);
        pendingRaArcsec = raArcsec;
        pendingDecArcsec = decArcsec;
        motion = Motion.OFFSET;
        return seconds;
    }

    /** Starts the slew to the park position; {@link #finish} then parks. Returns the duration in seconds. */
    public double park(double raHours, double decDegrees, long now) {
        return start(Sidereal.hours(raHours), decDegrees, Motion.PARK, now);
    }

    /** Seconds a slew from where the mount is now to the coordinates would take. */
    public double slewSeconds(double raHours, double decDegrees, long now) {
        double ra0 = ra(now);
        double dra = shortestHours(ra0, raHours) * 15.0;
        double ddec = decDegrees - dec(now);
        return Math.max(Math.abs(dra), Math.abs(ddec)) / rateDegreesPerSecond;
    }

    private double start(double raHours, double decDegrees, Motion kind, long now) {
        double ra0 = ra(now);
        double dec0 = dec(now);
        if (motion == Motion.NONE) {
            trackingBefore = tracking;
        }
        double dra = shortestHours(ra0, raHours);
        raMove = Linear.move(ra0, ra0 + dra, rateDegreesPerSecond / 15.0, now);
        decMove = Linear.move(dec0, decDegrees, rateDegreesPerSecond, now);
        motion = kind;
        return (motionEnd(now) - now) / 1e9;
    }

    /**
     * Ends the motion under way at its target: a slew tracks there (offsets back to 0), a park
     * parks, an offset move adds its offset and keeps tracking as it was.
     *
     * @param side the pier side the mount is on now (for a slew: the side for the target's hour
     *        angle; for a park: the park position's); an offset move keeps its side
     */
    public void finish(long now, PierSide side) {
        if (motion == Motion.NONE) {
            return;
        }
        anchorRa = Sidereal.hours(raMove.to());
        anchorDec = decMove.to();
        anchorNanos = now;
        switch (motion) {
            case SLEW -> {
                tracking = true;
                pierSide = side;
                offsetRaArcsec = 0;
                offsetDecArcsec = 0;
            }
            case PARK -> {
                parked = true;
                tracking = false;
                pierSide = side;
            }
            default -> {
                tracking = trackingBefore;
                offsetRaArcsec += pendingRaArcsec;
                offsetDecArcsec += pendingDecArcsec;
            }
        }
        motion = Motion.NONE;
    }

    /** Stops any motion where the mount is now; tracking returns to what it was before the slew. */
    public void abort(long now) {
        if (motion == Motion.NONE) {
            return;
        }
        anchorRa = ra(now);
        anchorDec = dec(now);
        anchorNanos = now;
        tracking = trackingBefore;
        motion = Motion.NONE;
    }

    public void unpark(long now) {
        if (parked) {
            anchorRa = ra(now);
            anchorNanos = now;
            parked = false;
        }
    }

    /** @throws IllegalStateException when parked */
    public void tracking(boolean on, long now) {
        if (parked) {
            throw new IllegalStateException("mount is parked: unpark it before turning tracking "
                    + (on ? "on" : "off"));
        }
        if (motion != Motion.NONE) {
            trackingBefore = on;
            return;
        }
        anchorRa = ra(now);
        anchorNanos = now;
        tracking = on;
    }

    /** The signed difference {@code to - from} in hours, from −12 to 12. */
    public static double shortestHours(double from, double to) {
        double d = (to - from) % 24.0;
        if (d > 12) {
            d -= 24;
        } else if (d < -12) {
            d += 24;
        }
        return d;
    }
}
