package org.orrery.core.sequence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class SafetyTest {

    static final Instant T0 = Instant.parse("2026-12-05T01:00:00Z");

    Instant now = T0;
    final FakeSafetyMonitor roof = new FakeSafetyMonitor(() -> now);
    final Safety safety = new Safety(() -> List.of(roof), () -> Duration.ofMinutes(5), T0);

    @Test
    void safeForCountsFromTheFirstSafeReadingNeverFromBeforeIt() {
        roof.safe = false;
        assertFalse(read(0).safe());
        roof.safe = true; // it turned safe somewhere between the two readings: the count must not claim that gap
        Safety.State first = read(10);
        assertTrue(first.safe());
        assertEquals(0, first.safeForSeconds());
        assertEquals(30, read(40).safeForSeconds());
        roof.safe = false;
        assertEquals(0, read(50).safeForSeconds());
        roof.safe = true;
        assertEquals(0, read(55).safeForSeconds());
        assertEquals(5, read(60).safeForSeconds());
    }

    @Test
    void safeAllAlongCountsFromTheStart() {
        assertEquals(0, read(0).safeForSeconds());
        assertEquals(90, read(90).safeForSeconds());
    }

    private Safety.State read(long seconds) {
        now = T0.plusSeconds(seconds);
        return safety.at(now);
    }
}
