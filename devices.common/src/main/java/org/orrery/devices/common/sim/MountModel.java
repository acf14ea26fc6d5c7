package org.orrery.devices.common.sim;

/**
 * Motion of a simulated equatorial mount, in time given by the caller ({@link System#nanoTime()}
 * values). Both axes move at once at the slew rate, so a slew takes
 * {@code max(|ΔRA| in degrees, |ΔDec|) / rate} seconds, RA the shorter way round. While tracking
 * the mount holds its RA; while not tracking (and while parked) it holds its hour angle, so its RA
 * grows at the sidereal rate, as a real mount's does. Not thread-safe: the device serialises calls.
 */
public final class MountModel {

    public enum Motion {
        NONE, SLEW, PARK
    }

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

    public MountModel(double rateDegreesPerSecond, double ra, double dec, boolean parked, long now) {
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

    /** Ends the motion under way at its target: a slew tracks there, a park parks. */
    public void finish(long now) {
        if (motion == Motion.NONE) {
            return;
        }
        anchorRa = Sidereal.hours(raMove.to());
        anchorDec = decMove.to();
        anchorNanos = now;
        if (motion == Motion.SLEW) {
            tracking = true;
        } else {
            parked = true;
            tracking = false;
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
