package org.orrery.devices.common.sky;

/** Angles on the sky, for the drivers as well as the actions: this package depends on nothing. */
public final class Angles {

    private Angles() {
    }

    /** Great-circle distance in degrees between two equatorial positions (RA in hours, Dec in degrees). */
    public static double separationDegrees(double ra1Hours, double dec1, double ra2Hours, double dec2) {
        double a1 = Math.toRadians(ra1Hours * 15);
        double a2 = Math.toRadians(ra2Hours * 15);
        double d1 = Math.toRadians(dec1);
        double d2 = Math.toRadians(dec2);
        double sinDd = Math.sin((d2 - d1) / 2);
        double sinDa = Math.sin((a2 - a1) / 2);
        double h = sinDd * sinDd + Math.cos(d1) * Math.cos(d2) * sinDa * sinDa;
        return Math.toDegrees(2 * Math.asin(Math.min(1, Math.sqrt(h))));
    }
}
