package org.orrery.sky;

import java.time.Instant;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Positions in the sky of the configured {@link #site()}, computed by maintained astronomy
 * libraries. Target coordinates are J2000 unless a method says otherwise; altitudes include
 * atmospheric refraction; times are instants (UTC). Every method is a pure function of its
 * arguments and the site, safe for concurrent use, and fast enough to be called thousands of
 * times per planner decision.
 */
@ProviderType
public interface Sky {

    /** The observing site in use (from the configuration {@code org.orrery.sky.site}). */
    Site site();

    /** Where a J2000 position is in the local sky at a time. */
    HorizontalPosition horizontal(Coordinates j2000, Instant at);

    /** The apparent place of a J2000 position at a time (of the date, "JNow"), as a mount points. */
    Coordinates apparent(Coordinates j2000, Instant at);

    /** The J2000 position of an apparent place (the inverse of {@link #apparent}). */
    Coordinates j2000(Coordinates apparent, Instant at);

    /** Local apparent sidereal time at the site, hours 0 ≤ lst &lt; 24. */
    double siderealTime(Instant at);

    /** Hour angle of a J2000 position, hours −12 &lt; ha ≤ 12: negative east of the meridian, positive past it. */
    double hourAngle(Coordinates j2000, Instant at);

    /** The next time (at or after {@code after}) the position crosses the upper meridian. */
    Instant meridianTransit(Coordinates j2000, Instant after);

    /** The sun's place in the local sky. */
    HorizontalPosition sun(Instant at);

    /** The moon's place in the local sky (topocentric). */
    HorizontalPosition moon(Instant at);

    /** The moon's illuminated fraction, 0 (new) to 1 (full). */
    double moonIllumination(Instant at);

    /** Angular distance between the moon and a J2000 position, degrees. */
    double moonSeparation(Coordinates j2000, Instant at);

    /**
     * The next time at or after {@code after} (within 48 hours) the sun crosses the twilight's
     * altitude going down ({@code evening} true: dusk) or going up (false: dawn); empty when it
     * does not (a polar summer or winter).
     */
    Optional<Instant> nextTwilight(Twilight twilight, boolean evening, Instant after);
}
