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
import org.orrery.devices.common.sim.Configs;
import org.orrery.devices.common.sim.Sidereal;
import org.orrery.devices.common.sim.Stages;

class SimulatedMountTest {

    private SimulatedMount mount;

    private SimulatedMount mount(Object... config) {
        mount = new SimulatedMount(Configs.of(SimulatedMount.Config.class, config));
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
}
