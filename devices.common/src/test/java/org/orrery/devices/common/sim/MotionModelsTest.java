package org.orrery.devices.common.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The motion models in model time (nanoseconds given by the test): exact, no waiting. */
class MotionModelsTest {

    static final long S = 1_000_000_000L;

    @Test
    void slewTakesTheLongerAxisDistanceOverTheRate() {
        MountModel m = new MountModel(5, 2.0, 10, false, 0);
        double seconds = m.slew(4.0, 20, 0); // 30° in RA, 10° in Dec at 5°/s
        assertEquals(6.0, seconds, 1e-9);
        assertTrue(m.moving());
        // half way: RA moved 15° (1 h), Dec moved 10° in 2 s and stays
        assertEquals(3.0, m.ra(3 * S), 1e-9);
        assertEquals(20, m.dec(3 * S), 1e-9);
        assertEquals(2.0 + 5 / 15.0, m.ra(S), 1e-9);
        assertEquals(15, m.dec(S), 1e-9);
        m.finish(6 * S);
        assertFalse(m.moving());
        assertTrue(m.tracking(), "tracking after a slew");
        assertEquals(4.0, m.ra(100 * S), 1e-12, "tracking holds RA");
    }

    @Test
    void slewGoesTheShorterWayRoundInRightAscension() {
        MountModel m = new MountModel(15, 23.0, 0, false, 0);
        assertEquals(2.0, m.slew(1.0, 0, 0), 1e-9, "23 h to 1 h is 2 h = 30° at 15°/s");
        assertEquals(0.0, m.ra(S), 1e-9, "passes through 0 h");
        assertEquals(23.5, m.ra(S / 2), 1e-9);
    }

    @Test
    void parkedMountRefusesToSlewAndToTrack() {
        MountModel m = new MountModel(5, 2.0, 90, true, 0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> m.slew(3, 10, 0));
        assertTrue(e.getMessage().startsWith("mount is parked"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> m.tracking(true, 0));
        m.unpark(0);
        assertEquals(4, m.slew(3, 70, 0), 1e-9);
    }

    @Test
    void parkSlewsToThePositionAndStopsTracking() {
        MountModel m = new MountModel(5, 2.0, 10, false, 0);
        m.slew(2.5, 10, 0);
        m.finish(2 * S);
        assertTrue(m.tracking());
        double seconds = m.park(2.5, 90, 2 * S);
        assertEquals(16, seconds, 1e-9);
        assertFalse(m.parked(), "not parked until there");
        m.finish(18 * S);
        assertTrue(m.parked());
        assertFalse(m.tracking());
        assertEquals(90, m.dec(20 * S));
    }

    @Test
    void coordinatesOutOfRangeAreRefusedWithRangeAndValue() {
        MountModel m = new MountModel(5, 2.0, 10, false, 0);
        IllegalArgumentException ra = assertThrows(IllegalArgumentException.class, () -> m.slew(25, 0, 0));
        assertEquals("right ascension must be 0 to 24 hours (24 excluded), was 25", ra.getMessage());
        IllegalArgumentException dec = assertThrows(IllegalArgumentException.class, () -> m.slew(1, -91.5, 0));
        assertEquals("declination must be -90 to 90 degrees, was -91.5", dec.getMessage());
        assertThrows(IllegalArgumentException.class, () -> m.slew(Double.NaN, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> m.slew(24, 0, 0));
    }

    @Test
    void withoutTrackingTheRightAscensionDriftsAtTheSiderealRate() {
        MountModel m = new MountModel(5, 2.0, 10, false, 0);
        assertFalse(m.tracking());
        assertEquals(2.0 + 3600 * Sidereal.HOURS_PER_SECOND, m.ra(3600 * S), 1e-9);
        m.tracking(true, 3600 * S);
        assertEquals(m.ra(3600 * S), m.ra(7200 * S), 1e-12);
    }

    @Test
    void abortStopsWhereTheMountIsAndRestoresTracking() {
        MountModel m = new MountModel(5, 2.0, 10, false, 0);
        m.slew(4.0, 10, 0);
        m.abort(2 * S);
        assertFalse(m.moving());
        assertFalse(m.tracking(), "tracking was off before the slew");
        assertEquals(2.0 + 10 / 15.0, m.ra(2 * S), 1e-9);
    }

    @Test
    void siderealTimeMatchesAKnownValue() {
        // 2000-01-01T12:00:00Z (J2000.0): GMST 18.697374558 h
        assertEquals(18.697374558, Sidereal.localHours(java.time.Instant.parse("2000-01-01T12:00:00Z"), 0), 1e-6);
        assertEquals(Sidereal.hours(18.697374558 - 1), Sidereal.localHours(
                java.time.Instant.parse("2000-01-01T12:00:00Z"), -15), 1e-6);
    }

    @Test
    void focuserMovesAtSpeedTimesFactorAndRefusesOutOfRange() {
        FocuserModel f = new FocuserModel(50000, 5000, 10000, 0);
        assertEquals(4.0, f.moveTo(20000, 0.5, 0), 1e-9);
        assertEquals(15000, f.position(2 * S));
        assertTrue(f.moving(2 * S));
        assertFalse(f.moving(4 * S));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.moveTo(60000, 1, 0));
        assertEquals("focuser position must be 0 to 50000 steps, was 60000", e.getMessage());
        IllegalArgumentException speed = assertThrows(IllegalArgumentException.class, () -> f.moveTo(1, 1.5, 0));
        assertEquals("speed factor must be more than 0 and at most 1, was 1.5", speed.getMessage());
        f.stop(S);
        assertEquals(12500, f.position(10 * S), "stopped half way to the first quarter");
    }
}
