package org.orrery.sky;

import java.util.Locale;

/** The sun's altitudes that begin and end the night's parts. {@link #id()} is the name documents use. */
public enum Twilight {
    /** Sunset and sunrise: the sun's upper limb on the horizon, with refraction (−0.833°). */
    HORIZON(-0.833),
    CIVIL(-6),
    NAUTICAL(-12),
    ASTRONOMICAL(-18);

    private final double sunAltitude;

    Twilight(double sunAltitude) {
        this.sunAltitude = sunAltitude;
    }

    /** The sun's altitude (degrees) at which this twilight begins in the evening and ends in the morning. */
    public double sunAltitude() {
        return sunAltitude;
    }

    /** {@code horizon}, {@code civil}, {@code nautical}, {@code astronomical}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Twilight parse(String text) {
        for (Twilight t : values()) {
            if (t.id().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown twilight '" + text
                + "': expected horizon, civil, nautical or astronomical");
    }
}
