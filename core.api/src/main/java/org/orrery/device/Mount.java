package org.orrery.device;

import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A telescope mount. Coordinates are equatorial of the date (JNow): right ascension in hours
 * (0 ≤ ra &lt; 24), declination in degrees (−90 ≤ dec ≤ 90).
 */
@ProviderType
public interface Mount extends Device {

    @Override
    default DeviceType type() {
        return DeviceType.MOUNT;
    }

    /** Where the mount points now, right ascension in hours. */
    double rightAscension();

    /** Where the mount points now, declination in degrees. */
    double declination();

    boolean tracking();

    boolean parked();

    boolean slewing();

    /** The observing site, or null when the mount does not know it. */
    Site site();

    /** Slews to the coordinates and tracks there; completes when the mount reports the slew done. */
    CompletionStage<Void> slew(double rightAscensionHours, double declinationDegrees);

    /** Parks; completes when the mount reports itself parked. */
    CompletionStage<Void> park();

    /** Unparks; completes when the mount reports itself unparked. */
    CompletionStage<Void> unpark();

    /** Turns sidereal tracking on or off; completes when the mount reports the new state. */
    CompletionStage<Void> setTracking(boolean on);

    /** Stops any motion at once. */
    void abort();

    /**
     * An observing site.
     *
     * @param latitudeDegrees north positive
     * @param longitudeDegrees east positive
     * @param elevationMeters above sea level
     */
    record Site(double latitudeDegrees, double longitudeDegrees, double elevationMeters) {
    }
}
