package org.orrery.sky;

/**
 * Equatorial coordinates: right ascension in hours (0 ≤ ra &lt; 24) and declination in degrees
 * (−90 ≤ dec ≤ 90). Which frame (J2000 or of the date) is said where they are used.
 */
public record Coordinates(double raHours, double decDegrees) {

    public Coordinates {
        if (!(raHours >= 0 && raHours < 24)) {
            throw new IllegalArgumentException("right ascension must be 0 to 24 hours (24 excluded), was " + raHours);
        }
        if (!(decDegrees >= -90 && decDegrees <= 90)) {
            throw new IllegalArgumentException("declination must be -90 to 90 degrees, was " + decDegrees);
        }
    }
}
