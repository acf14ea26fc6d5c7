package org.orrery.core.sequence.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;

import org.orrery.core.sequence.internal.night.SkyView;
import org.orrery.sky.Sky;
import org.orrery.sky.Twilight;

/**
 * An {@code until} of a loop, a wait, a target or a container: an ISO-8601 instant, or
 * {@code {twilight, event: dusk|dawn, offset_minutes}}, the next such twilight after now (from
 * the {@link Sky}) plus the offset.
 */
final class NightTimes {

    private NightTimes() {
    }

    /**
     * @throws IllegalArgumentException the value is neither, or the sky is needed and not installed, or that
     *         twilight does not happen in the next day (midnight sun)
     */
    static Instant instant(Object until, Instant now, SkyView sky) {
        if (until instanceof Map<?, ?> m) {
            Twilight twilight = Twilight.parse(String.valueOf(m.get("twilight")));
            boolean dusk = "dusk".equals(m.get("event"));
            Sky s = sky.sky().orElseThrow(() -> new IllegalArgumentException("until " + twilight.id() + " "
                    + m.get("event") + ": no sky service installed"));
            Instant at = s.nextTwilight(twilight, dusk, now).orElseThrow(() -> new IllegalArgumentException(
                    "until: the sun does not cross the " + twilight.id() + " altitude at " + m.get("event")
                            + " in the next day"));
            double offset = m.get("offset_minutes") instanceof Number n ? n.doubleValue() : 0;
            return at.plus(Duration.ofSeconds(Math.round(offset * 60)));
        }
        return OffsetDateTime.parse(String.valueOf(until)).toInstant();
    }
}
