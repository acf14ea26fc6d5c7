package org.orrery.astro.sky.internal;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * The clock's configuration ({@code org.orrery.sky.clock}): {@code start} (an ISO-8601 instant,
 * or empty for the real time) and {@code rate} (clock seconds per real second, more than 0).
 *
 * @param start the clock's time when the configuration is applied, or null to start from the real time
 */
record ClockSettings(Instant start, double rate) {

    static final ClockSettings REAL = new ClockSettings(null, 1);

    /** Reads the properties; an invalid one is an {@link IllegalArgumentException} naming it, what was expected and what was found. */
    static ClockSettings parse(Map<String, ?> properties) {
        String text = Settings.text(properties, "start", null);
        Instant start = null;
        if (text != null) {
            try {
                start = Instant.parse(text);
            } catch (DateTimeParseException e) {
                start = null;
            }
            if (start == null || start.isBefore(Astrometry.EARLIEST)) {
                throw Settings.invalid("start", "an ISO-8601 instant from 1960 on such as 2026-12-05T20:00:00Z, or empty "
                        + "for the real time", text);
            }
        }
        double rate = Settings.number(properties, "rate", 1, "a number more than 0");
        if (!(rate > 0)) {
            throw Settings.invalid("rate", "a number more than 0", properties.get("rate"));
        }
        return new ClockSettings(start, rate);
    }
}
