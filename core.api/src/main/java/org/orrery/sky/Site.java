package org.orrery.sky;

/**
 * The observing site.
 *
 * @param latitudeDegrees north positive, −90 to 90
 * @param longitudeDegrees east positive, −180 to 180
 * @param elevationMeters above sea level
 * @param horizon the local horizon ({@link Horizon#FLAT} when none is configured)
 */
public record Site(double latitudeDegrees, double longitudeDegrees, double elevationMeters, Horizon horizon) {

    public Site {
        if (!(latitudeDegrees >= -90 && latitudeDegrees <= 90)) {
            throw new IllegalArgumentException("latitude must be -90 to 90 degrees, was " + latitudeDegrees);
        }
        if (!(longitudeDegrees >= -180 && longitudeDegrees <= 180)) {
            throw new IllegalArgumentException("longitude must be -180 to 180 degrees, was " + longitudeDegrees);
        }
        if (!Double.isFinite(elevationMeters)) {
            throw new IllegalArgumentException("elevation must be a number of meters, was " + elevationMeters);
        }
        horizon = horizon == null ? Horizon.FLAT : horizon;
    }
}
