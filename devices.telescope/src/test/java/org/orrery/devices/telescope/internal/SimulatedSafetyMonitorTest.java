package org.orrery.devices.telescope.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.orrery.device.DeviceType;
import org.orrery.device.SafetyMonitor.Weather;
import org.orrery.devices.common.sim.Configs;
import org.orrery.sky.SkyClock;

class SimulatedSafetyMonitorTest {

    /** A sky clock the test moves by hand. */
    static final class HandClock implements SkyClock {
        volatile Instant now;

        HandClock(String start) {
            now = Instant.parse(start);
        }

        @Override
        public Instant now() {
            return now;
        }

        @Override
        public double rate() {
            return 1;
        }

        void set(String t) {
            now = Instant.parse(t);
        }
    }

    private static SimulatedSafetyMonitor monitor(HandClock clock, Object... config) {
        SimulatedSafetyMonitor m = new SimulatedSafetyMonitor(Configs.of(SimulatedSafetyMonitor.Config.class, config));
        m.clock = clock;
        return m;
    }

    @Test
    void isSafeByDefaultWithClearDryWeather() {
        SimulatedSafetyMonitor m = monitor(new HandClock("2026-12-05T22:00:00Z"));
        assertEquals(DeviceType.SAFETY_MONITOR, m.type());
        assertEquals("sim-safety", m.id());
        assertTrue(m.safe());
        assertEquals("", m.unsafeReason());
        assertEquals(0.0, m.weather().cloudCoverPercent());
        assertEquals(0.0, m.weather().rainRateMmPerHour());
        assertEquals(Instant.parse("2026-12-05T22:00:00Z"), m.lastReport());
    }

    @Test
    void followsItsScheduleOnTheSkyClock() {
        HandClock clock = new HandClock("2026-12-05T21:00:00Z");
        SimulatedSafetyMonitor m = monitor(clock, "schedule", new String[] {"2026-12-05T23:00:00Z unsafe rain 2.5 mm/h",
                "2026-12-06T00:30:00Z safe; 2026-12-06T02:00:00Z unsafe clouds 100 %"});
        assertTrue(m.safe());
        clock.set("2026-12-05T23:00:00Z");
        assertFalse(m.safe());
        assertEquals("rain 2.5 mm/h", m.unsafeReason());
        Weather rain = m.weather();
        assertTrue(rain.rainRateMmPerHour() > 0, rain.toString());
        clock.set("2026-12-06T01:00:00Z");
        assertTrue(m.safe());
        assertEquals(0.0, m.weather().rainRateMmPerHour());
        clock.set("2026-12-06T03:00:00Z");
        assertFalse(m.safe());
        assertEquals("clouds 100 %", m.unsafeReason());
        assertEquals(100.0, m.weather().cloudCoverPercent());
        assertEquals(0.0, m.weather().rainRateMmPerHour());
    }

    @Test
    void showsItsStateAndWeatherAsValues() {
        HandClock clock = new HandClock("2026-12-05T23:30:00Z");
        SimulatedSafetyMonitor m = monitor(clock, "schedule", new String[] {"2026-12-05T23:00:00Z unsafe rain"});
        Map<String, Object> v = m.values();
        assertEquals(false, v.get("safe"));
        assertEquals("rain", v.get("reason"));
        assertEquals(2.5, v.get("rain_rate_mm_per_hour"));
        assertEquals(100.0, v.get("cloud_cover_percent"));
        assertTrue(v.containsKey("wind_speed_meters_per_second") && v.containsKey("humidity_percent")
                && v.containsKey("temperature_celsius"), v.toString());
        assertEquals("2026-12-05T23:30:00Z", v.get("last_report"));
        assertEquals("connected", v.get("connection_state"));
    }

    @Test
    void stopsReportingFromSilentFrom() {
        HandClock clock = new HandClock("2026-12-05T22:00:00Z");
        SimulatedSafetyMonitor m = monitor(clock, "silent__from", "2026-12-05T22:10:00Z", "schedule",
                new String[] {"2026-12-05T22:20:00Z unsafe rain"});
        assertEquals(Instant.parse("2026-12-05T22:00:00Z"), m.lastReport());
        clock.set("2026-12-05T22:30:00Z");
        assertEquals(Instant.parse("2026-12-05T22:10:00Z"), m.lastReport());
        assertTrue(m.safe(), "what it last reported, before the rain");
        assertTrue(m.statusMessage().contains("silent since 2026-12-05T22:10:00Z"), m.statusMessage());
    }

    @Test
    void aNewConfigurationAppliesAtOnce() {
        HandClock clock = new HandClock("2026-12-05T22:00:00Z");
        SimulatedSafetyMonitor m = monitor(clock);
        assertTrue(m.safe());
        m.modified(Configs.of(SimulatedSafetyMonitor.Config.class, "schedule",
                new String[] {"2026-12-05T21:00:00Z unsafe wind 20 m/s"}));
        assertFalse(m.safe());
        assertEquals("wind 20 m/s", m.unsafeReason());
    }

    @Test
    void aBadEntryIsRefusedWithItsTextAndTheOldScheduleStays() {
        HandClock clock = new HandClock("2026-12-05T22:00:00Z");
        SimulatedSafetyMonitor m = monitor(clock, "schedule", new String[] {"2026-12-05T21:00:00Z unsafe rain"});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.modified(Configs.of(
                SimulatedSafetyMonitor.Config.class, "schedule", new String[] {"2026-12-05T21:00:00Z safe",
                    "2026-12-05T23:00 unsafe fog"})));
        assertTrue(e.getMessage().contains("'2026-12-05T23:00 unsafe fog'") && e.getMessage().contains("ISO instant"),
                e.getMessage());
        assertFalse(m.safe(), "the previous schedule still applies");
        e = assertThrows(IllegalArgumentException.class, () -> monitor(clock, "schedule",
                new String[] {"2026-12-05T21:00:00Z cloudy"}));
        assertTrue(e.getMessage().contains("'2026-12-05T21:00:00Z cloudy'") && e.getMessage().contains("found 'cloudy'"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> monitor(clock, "silent__from", "tonight"));
        assertEquals("silent_from must be an ISO instant such as 2026-12-05T22:00:00Z, found 'tonight'", e.getMessage());
    }

    @Test
    void anUnsafeEntryWithoutAReasonGetsOneAndARepeatedInstantIsRefused() {
        HandClock clock = new HandClock("2026-12-05T22:00:00Z");
        SimulatedSafetyMonitor m = monitor(clock, "schedule", new String[] {"2026-12-05T21:00:00Z UNSAFE"});
        assertFalse(m.safe());
        assertEquals("unsafe (simulated)", m.unsafeReason());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> monitor(clock, "schedule",
                new String[] {"2026-12-05T21:00:00Z unsafe rain; 2026-12-05T21:00:00Z safe"}));
        assertEquals("schedule entry '2026-12-05T21:00:00Z safe' repeats the instant 2026-12-05T21:00:00Z:"
                + " one state per instant expected", e.getMessage());
    }

    @Test
    void readsTheSystemClockWithoutASkyClock() {
        SimulatedSafetyMonitor m = new SimulatedSafetyMonitor(Configs.of(SimulatedSafetyMonitor.Config.class));
        Instant before = Instant.now();
        Instant report = m.lastReport();
        assertFalse(report.isBefore(before), report + " before " + before);
        assertTrue(m.safe());
    }
}
