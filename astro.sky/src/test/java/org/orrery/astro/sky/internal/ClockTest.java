package org.orrery.astro.sky.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ClockTest {

    /** A real clock the test moves by hand. */
    private static final class FakeRealTime implements InstantSource {
        Instant now = Instant.parse("2030-01-01T12:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    private final FakeRealTime real = new FakeRealTime();

    @Test
    void withoutConfigurationItIsTheRealClock() {
        ClockComponent clock = new ClockComponent(real, Map.of());
        assertEquals(real.now, clock.now());
        real.advance(Duration.ofMinutes(5));
        assertEquals(real.now, clock.now());
        assertEquals(1, clock.rate());
    }

    @Test
    void startsAtStartAndRunsAtTheRate() {
        ClockComponent clock = new ClockComponent(real, Map.of("start", "2026-12-05T20:00:00Z", "rate", 600.0));
        assertEquals(Instant.parse("2026-12-05T20:00:00Z"), clock.now());
        real.advance(Duration.ofSeconds(6));
        assertEquals(Instant.parse("2026-12-05T21:00:00Z"), clock.now());
        assertEquals(600, clock.rate());
        assertEquals(Duration.ofSeconds(1), clock.realDuration(Duration.ofMinutes(10)));
    }

    @Test
    void rateWithoutStartRunsFromTheRealTimeNow() {
        Instant applied = real.now;
        ClockComponent clock = new ClockComponent(real, Map.of("rate", "2.5"));
        real.advance(Duration.ofSeconds(10));
        assertEquals(applied.plusSeconds(25), clock.now());
    }

    @Test
    void aNewConfigurationAppliesAtOnce() {
        ClockComponent clock = new ClockComponent(real, Map.of("start", "2026-12-05T20:00:00Z", "rate", 10));
        real.advance(Duration.ofSeconds(60));
        clock.modified(Map.of("start", "2027-01-01T00:00:00Z", "rate", 1));
        assertEquals(Instant.parse("2027-01-01T00:00:00Z"), clock.now());
        real.advance(Duration.ofSeconds(3));
        assertEquals(Instant.parse("2027-01-01T00:00:03Z"), clock.now());
        clock.modified(Map.of());
        assertEquals(real.now, clock.now());
    }

    @Test
    void anInvalidConfigurationKeepsThePreviousClock() {
        ClockComponent clock = new ClockComponent(real, Map.of("start", "2026-12-05T20:00:00Z", "rate", 60));
        real.advance(Duration.ofSeconds(1));
        clock.modified(Map.of("start", "tonight", "rate", 1));
        clock.modified(Map.of("rate", 0));
        clock.modified(Map.of("rate", "fast"));
        assertEquals(Instant.parse("2026-12-05T20:01:00Z"), clock.now());
        assertEquals(60, clock.rate());

        ClockComponent fresh = new ClockComponent(real, Map.of("rate", -1));
        assertEquals(real.now, fresh.now());
    }

    @Test
    void invalidValuesAreNamedWithWhatWasExpectedAndFound() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ClockSettings.parse(Map.of("rate", "-3")));
        assertEquals("'rate' must be a number more than 0, was '-3'", e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ClockSettings.parse(Map.of("start", "tonight")));
        assertEquals("'start' must be an ISO-8601 instant from 1960 on such as 2026-12-05T20:00:00Z, or empty for the "
                + "real time, was 'tonight'", e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ClockSettings.parse(Map.of("start", "1959-12-31T23:59:59Z")));
        assertTrue(e.getMessage().contains("from 1960 on"), e.getMessage());
    }

    @Test
    void fractionalRatesKeepSubSecondTime() {
        ClockComponent clock = new ClockComponent(real, Map.of("start", "2026-12-05T20:00:00Z", "rate", 0.5));
        real.advance(Duration.ofMillis(3));
        assertEquals(Instant.parse("2026-12-05T20:00:00.0015Z"), clock.now());
    }
}
