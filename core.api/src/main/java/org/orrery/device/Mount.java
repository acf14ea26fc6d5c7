package org.orrery.device;

import java.util.concurrent.CompletableFuture;
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
     * Which side of the pier a German equatorial mount is on. {@link PierSide#WEST}: the tube is
     * west of the pier, looking east (the usual state before the meridian); {@link PierSide#EAST}:
     * looking west, after a meridian flip. These are INDI's {@code PIER_WEST}/{@code PIER_EAST}
     * and ASCOM's {@code pierWest}/{@code pierEast}.
     */
    enum PierSide {
        EAST, WEST, UNKNOWN
    }

    /** The pier side now; {@link PierSide#UNKNOWN} when the mount does not tell (a fork mount, a driver without it). */
    default PierSide pierSide() {
        return PierSide.UNKNOWN;
    }

    /**
     * Tells the mount that it points at these coordinates (JNow) now, correcting its model;
     * completes when the mount reports the new position. A mount that cannot sync completes
     * exceptionally with a {@link DeviceException} that says so.
     */
    default CompletionStage<Void> sync(double rightAscensionHours, double declinationDegrees) {
        return CompletableFuture.failedFuture(new DeviceException(id(), "this mount cannot sync"));
    }

    /**
     * Moves by a small offset from where it points (a dither): east-west and north-south in
     * arc-seconds on the sky (positive = east in RA, north in Dec); keeps tracking; completes when
     * the mount reports the move done. Meant for offsets up to a few arc-minutes.
     */
    default CompletionStage<Void> moveOffset(double raArcseconds, double decArcseconds) {
        return CompletableFuture.failedFuture(new DeviceException(id(), "this mount cannot move by an offset"));
    }

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
