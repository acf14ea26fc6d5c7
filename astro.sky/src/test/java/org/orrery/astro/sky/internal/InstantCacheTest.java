package org.orrery.astro.sky.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class InstantCacheTest {

    private static final long HOUR = 3_600_000L;

    @Test
    void theHoursOfANightStayTogether() {
        InstantCache<Long> cache = new InstantCache<>(16, HOUR);
        long dusk = Instant.parse("2026-12-05T18:00:00Z").toEpochMilli();
        for (int h = 0; h < 16; h++) {
            cache.put(dusk + h * HOUR, (long) h);
        }
        for (int h = 0; h < 16; h++) {
            assertEquals(Long.valueOf(h), cache.get(dusk + h * HOUR), "hour " + h + " was evicted");
        }
    }

    @Test
    void fiveMinuteStepsStayTogether() {
        InstantCache<Long> cache = new InstantCache<>(256, 60_000L);
        long dusk = Instant.parse("2026-12-05T18:03:00Z").toEpochMilli();
        for (int i = 0; i < 256; i++) {
            cache.put(dusk + i * 300_000L, (long) i);
        }
        for (int i = 0; i < 256; i++) {
            assertEquals(Long.valueOf(i), cache.get(dusk + i * 300_000L), "step " + i + " was evicted");
        }
    }
}
