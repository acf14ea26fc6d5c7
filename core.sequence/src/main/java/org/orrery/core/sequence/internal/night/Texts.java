package org.orrery.core.sequence.internal.night;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the night's reasons write times, angles and scores (the shared spec's forms). */
final class Texts {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private Texts() {
    }

    /** {@code 23:14Z}. */
    static String time(Instant at) {
        return TIME.format(at);
    }

    /** A whole number of degrees with the degree sign and a true minus: {@code −9°}. */
    static String degrees(double value) {
        long rounded = Math.round(value);
        return (rounded < 0 ? "\u2212" + (-rounded) : Long.toString(rounded)) + "\u00b0";
    }

    /** Hours from transit with a sign and one decimal: {@code −3.2 h}, {@code +1.0 h}. */
    static String hours(double value) {
        String text = String.format(Locale.ROOT, "%.1f", Math.abs(value));
        return (value < 0 && !"0.0".equals(text) ? "\u2212" : "+") + text + " h";
    }

    /** A fraction as a whole percentage: {@code 78%}. */
    static String percent(double fraction) {
        return Math.round(fraction * 100) + "%";
    }

    /** A score with two decimals: {@code 0.41}. */
    static String score(double score) {
        return String.format(Locale.ROOT, "%.2f", score);
    }
}
