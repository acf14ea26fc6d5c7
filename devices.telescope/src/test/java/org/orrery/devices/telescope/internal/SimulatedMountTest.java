package org.orrery.devices.telescope.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.orrery.device.ConnectionState;
import org.orrery.device.DeviceException;
import org.orrery.device.Mount.PierSide;
import org.orrery.devices.common.sim.Configs;
import org.orrery.devices.common.sim.Sidereal;
import org.orrery.devices.common.sim.Stages;

class SimulatedMountTest {

    private SimulatedMount mount;
    private final SkyTime sky = new SkyTime();

    private SimulatedMount mount(Object... config) {
        mount = new SimulatedMount(Configs.of(SimulatedMount.Config.class, config), sky);
        return mount;
    }

    @AfterEach
    void stop() {
        if (mount != null && !mount.threadEnded()) {
            mount.deactivate();
        }
    }

    @Test
    void slewTakesAboutTheDistanceOverTheRateAndMovesWhileSlewing() {
        SimulatedMount m = mount("slew_rate", 20.0, "park_dec", 0.0, "park_hour_angle", 0.0);
        double ra0 = m.rightAscension();
        double targetRa = Sidereal.hours(ra0 + 0.1); // 1.5°
        long t0 = System.nanoTime();
        CompletionStage<Void> slew = m.slew(targetRa, 8); // 8° in Dec: 0.4 s at 20°/s
        assertTrue(m.slewing());
        Stages.sleep(150);
        double decMidway = m.declination();
        assertTrue(decMidway > 0.5 && decMidway < 7.5, "declination moves during the slew: " + decMidway);
        assertTrue(m.slewing());
        Stages.done(slew);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(seconds >= 0.39, "a slew of 8° at 20°/s cannot end before 0.4 s: " + seconds);
        assertTrue(seconds < 5, "and should not take much longer: " + seconds);
        assertFalse(m.slewing());
        assertTrue(m.tracking(), "tracking after a slew");
        assertEquals(targetRa, m.rightAscension(), 1e-9);
        assertEquals(8, m.declination(), 1e-9);
        Map<String, Object> v = m.values();
        assertEquals(8.0, (double) v.get("dec_degrees"), 1e-9);
        assertEquals(Boolean.TRUE, v.get("tracking"));
        assertEquals(Boolean.FALSE, v.get("parked"));
        assertEquals(Boolean.FALSE, v.get("slewing"));
        assertTrue(v.containsKey("ra_hours") && v.containsKey("altitude_degrees"));
    }

    @Test
    void followsTheSkysSiteAndClockAndFlipsOnlyWhenSlewedPastTheMeridian() {
        SimulatedMount m = mount("slew_rate", 1000.0, "park_hour_angle", -6.0, "park_dec", 0.0);
        assertEquals(PierSide.WEST, m.pierSide(), "at the park position, 6 h east");
        FakeSky fake = new FakeSky(6.0);
        sky.bindSky(fake);
        sky.bindClock(fake);
        assertEquals(10.0, m.site().latitudeDegrees(), "the sky's site, not the configured one");
        assertEquals(10.0, m.values().get("latitude"));
        Stages.done(m.slew(6.5, 20)); // HA -0.5 h
        assertEquals(PierSide.WEST, m.pierSide());
        assertEquals("west", m.values().get("pier_side"));
        fake.lst = 7.0; // tracked 1 h on: the target is 0.5 h past the meridian
        assertEquals(PierSide.WEST, m.pierSide(), "kept while tracking across the meridian");
        Stages.done(m.slew(6.5, 20));
        assertEquals(PierSide.EAST, m.pierSide(), "a slew past the meridian flips");
        Stages.done(m.park());
        assertEquals(PierSide.WEST, m.pierSide(), "parked: the park position's side");
        assertEquals(Sidereal.hours(7.0 + 6.0), m.rightAscension(), 1e-3, "park RA from the sky's sidereal time");
        sky.unbindSky(fake);
        assertEquals(28.7606, m.site().latitudeDegrees(), "without a sky: the configured site");
    }

    @Test
    void syncAndOffsetsShowInTheValuesAndASlewResetsThem() {
        SimulatedMount m = mount("slew_rate", 1000.0);
        Stages.done(m.slew(3, 20));
        Stages.done(m.moveOffset(12, -5));
        Stages.done(m.moveOffset(3, 1));
        assertTrue(m.tracking(), "an offset move keeps tracking");
        Map<String, Object> v = m.values();
        assertEquals(15.0, v.get("offset_ra_arcsec"));
        assertEquals(-4.0, v.get("offset_dec_arcsec"));
        assertEquals(20 - 4 / 3600.0, m.declination(), 1e-9);
        Stages.done(m.sync(3.2, 21));
        assertEquals(3.2, m.rightAscension(), 1e-9);
        assertEquals(21, m.declination(), 1e-9);
        assertEquals(0.0, m.values().get("offset_ra_arcsec"), "a sync resets the offsets");
        Stages.done(m.moveOffset(5, 5));
        Stages.done(m.slew(4, 20));
        assertEquals(0.0, m.values().get("offset_dec_arcsec"), "a slew resets the offsets");
        Stages.done(m.park());
        assertTrue(Stages.failure(m.sync(3, 20)).getMessage().contains("mount is parked: unpark it before syncing"));
        assertTrue(Stages.failure(m.moveOffset(3, 20)).getMessage()
                .contains("mount is parked: unpark it before moving by an offset"));
    }

    @Test
    void parkedMountRefusesASlewUntilUnparked() {
        SimulatedMount m = mount("start_parked", true, "slew_rate", 1000.0);
        assertTrue(m.parked());
        DeviceException e = Stages.failure(m.slew(3, 20));
        assertTrue(e.getMessage().contains("mount is parked"), e.getMessage());
        assertEquals("sim-mount", e.deviceId());
        assertTrue(Stages.failure(m.setTracking(true)).getMessage().contains("mount is parked"));
        Stages.done(m.unpark());
        assertFalse(m.parked());
        Stages.done(m.slew(3, 20));
        Stages.done(m.park());
        assertTrue(m.parked());
        assertFalse(m.tracking());
        assertEquals(90, m.declination(), 1e-9);
        Stages.done(m.park()); // parking a parked mount is done at once
    }

    @Test
    void coordinatesOutOfRangeAreRefused() {
        SimulatedMount m = mount();
        DeviceException e = Stages.failure(m.slew(24.5, 0));
        assertEquals("mount 'sim-mount': right ascension must be 0 to 24 hours (24 excluded), was 24.5", e.getMessage());
        DeviceException dec = Stages.failure(m.slew(1, 95));
        assertTrue(dec.getMessage().endsWith("declination must be -90 to 90 degrees, was 95"), dec.getMessage());
    }

    @Test
    void abortAndANewSlewFailTheSlewUnderWay() {
        SimulatedMount m = mount("slew_rate", 1.0);
        CompletionStage<Void> first = m.slew(1, 10);
        CompletionStage<Void> second = m.slew(2, 10);
        assertTrue(Stages.failure(first).getMessage().contains("slew interrupted by a new slew"));
        m.abort();
        assertEquals("mount 'sim-mount': slew aborted", Stages.failure(second).getMessage());
        assertFalse(m.slewing());
    }

    @Test
    void aParkFailsTheSlewUnderWay() {
        SimulatedMount m = mount("slew_rate", 1.0);
        CompletionStage<Void> slew = m.slew(1, -30);
        m.park();
        assertEquals("mount 'sim-mount': slew interrupted by a new park", Stages.failure(slew).getMessage());
    }

    @Test
    void deactivateFailsTheSlewWithDeviceRemovedAndEndsTheThread() {
        SimulatedMount m = mount("slew_rate", 1.0);
        CompletionStage<Void> slew = m.slew(1, -30);
        assertEquals(ConnectionState.CONNECTED, m.connectionState());
        m.deactivate();
        Stages.removed(slew);
        assertTrue(m.threadEnded(), "the mount's executor has terminated");
        assertEquals(ConnectionState.DISCONNECTED, m.connectionState());
        Stages.removed(m.slew(1, 0));
        assertFalse(Stages.threadAlive("orrery-sim-sim-mount"));
    }

    /** A sky with a site at 10° N, 20° E and a sidereal time the test sets; its clock is the real time. */
    static final class FakeSky implements org.orrery.sky.Sky, org.orrery.sky.SkyClock {
        volatile double lst;

        FakeSky(double lst) {
            this.lst = lst;
        }

        @Override
        public java.time.Instant now() {
            return java.time.Instant.parse("2026-12-05T22:00:00Z");
        }

        @Override
        public double rate() {
            return 1;
        }

        @Override
        public org.orrery.sky.Site site() {
            return new org.orrery.sky.Site(10, 20, 100, null);
        }

        @Override
        public double siderealTime(java.time.Instant at) {
            return lst;
        }

        @Override
        public org.orrery.sky.HorizontalPosition horizontal(org.orrery.sky.Coordinates j2000, java.time.Instant at) {
            throw new UnsupportedOperationException();
        }

        @Override
        public org.orrery.sky.Coordinates apparent(org.orrery.sky.Coordinates j2000, java.time.Instant at) {
            throw new UnsupportedOperationException();
        }

        @Override
        public org.orrery.sky.Coordinates j2000(org.orrery.sky.Coordinates apparent, java.time.Instant at) {
            throw new UnsupportedOperationException();
        }

        @Override
        public double hourAngle(org.orrery.sky.Coordinates j2000, java.time.Instant at) {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.time.Instant meridianTransit(org.orrery.sky.Coordinates j2000, java.time.Instant after) {
            throw new UnsupportedOperationException();
        }

        @Override
        public org.orrery.sky.HorizontalPosition sun(java.time.Instant at) {
            throw new UnsupportedOperationException();
        }

        @Override
        public org.orrery.sky.HorizontalPosition moon(java.time.Instant at) {
            throw new UnsupportedOperationException();
        }

        @Override
        public double moonIllumination(java.time.Instant at) {
            throw new UnsupportedOperationException();
        }

        @Override
        public double moonSeparation(org.orrery.sky.Coordinates j2000, java.time.Instant at) {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.util.Optional<java.time.Instant> nextTwilight(org.orrery.sky.Twilight twilight, boolean evening,
                java.time.Instant after) {
            throw new UnsupportedOperationException();
        }
    }
}
