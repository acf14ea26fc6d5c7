package org.orrery.devices.common.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.orrery.device.Mount.PierSide;

/** The motion models in model time (nanoseconds given by the test): exact, no waiting. */
class MotionModelsTest {

    static final long S = 1_000_000_000L;

    @Test
    void slewTakesTheLongerAxisDistanceOverTheRate() {
        MountModel m = new MountModel(5, 2.0, 10, false, PierSide.UNKNOWN, 0);
        double seconds = m.slew(4.0, 20, 0); // 30° in RA, 10° in Dec at 5°/s
        assertEquals(6.0, seconds, 1e-9);
        assertTrue(m.moving());
        // half way: RA moved 15° (1 h), Dec moved 10° in 2 s and stays
        assertEquals(3.0, m.ra(3 * S), 1e-9);
        assertEquals(20, m.dec(3 * S), 1e-9);
        assertEquals(2.0 + 5 / 15.0, m.ra(S), 1e-9);
        assertEquals(15, m.dec(S), 1e-9);
        m.finish(6 * S, PierSide.WEST);
        assertFalse(m.moving());
        assertTrue(m.tracking(), "tracking after a slew");
        assertEquals(4.0, m.ra(100 * S), 1e-12, "tracking holds RA");
    }

    @Test
    void slewGoesTheShorterWayRoundInRightAscension() {
        MountModel m = new MountModel(15, 23.0, 0, false, PierSide.UNKNOWN, 0);
        assertEquals(2.0, m.slew(1.0, 0, 0), 1e-9, "23 h to 1 h is 2 h = 30° at 15°/s");
        assertEquals(0.0, m.ra(S), 1e-9, "passes through 0 h");
        assertEquals(23.5, m.ra(S / 2), 1e-9);
    }

    @Test
    void parkedMountRefusesToSlewAndToTrack() {
        MountModel m = new MountModel(5, 2.0, 90, true, PierSide.UNKNOWN, 0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> m.slew(3, 10, 0));
        assertTrue(e.getMessage().startsWith("mount is parked"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> m.tracking(true, 0));
        m.unpark(0);
        assertEquals(4, m.slew(3, 70, 0), 1e-9);
    }

    @Test
    void parkSlewsToThePositionAndStopsTracking() {
        MountModel m = new MountModel(5, 2.0, 10, false, PierSide.UNKNOWN, 0);
        m.slew(2.5, 10, 0);
        m.finish(2 * S, PierSide.WEST);
        assertTrue(m.tracking());
        double seconds = m.park(2.5, 90, 2 * S);
        assertEquals(16, seconds, 1e-9);
        assertFalse(m.parked(), "not parked until there");
        m.finish(18 * S, PierSide.WEST);
        assertTrue(m.parked());
        assertFalse(m.tracking());
        assertEquals(90, m.dec(20 * S));
    }

    @Test
    void pierSideIsSetAtTheEndOfASlewAndKeptAcrossTheMeridian() {
        assertEquals(PierSide.WEST, MountModel.sideFor(-0.5), "east of the meridian: tube west, looking east");
        assertEquals(PierSide.EAST, MountModel.sideFor(0.0));
        assertEquals(PierSide.EAST, MountModel.sideFor(3.0));
        assertEquals(PierSide.WEST, MountModel.sideFor(23.0), "23 h is 1 h east");
        MountModel m = new MountModel(5, 2.0, 10, false, PierSide.EAST, 0);
        assertEquals(PierSide.EAST, m.pierSide());
        m.slew(2.5, 10, 0);
        assertEquals(PierSide.EAST, m.pierSide(), "unchanged while slewing");
        m.finish(2 * S, PierSide.WEST);
        assertEquals(PierSide.WEST, m.pierSide());
        m.offset(10, 0, 3 * S);
        m.finish(4 * S, PierSide.EAST);
        assertEquals(PierSide.WEST, m.pierSide(), "an offset move keeps the side");
        m.park(2.5, 90, 5 * S);
        m.finish(30 * S, PierSide.EAST);
        assertEquals(PierSide.EAST, m.pierSide(), "parked: the park position's side");
    }

    @Test
    void syncMovesThePositionAndResetsOffsetsButNotWhileParkedOrMoving() {
        MountModel m = new MountModel(5, 2.0, 10, false, PierSide.WEST, 0);
        m.slew(3.0, 20, 0);
        IllegalStateException moving = assertThrows(IllegalStateException.class, () -> m.sync(3.1, 21, S));
        assertEquals("mount is moving (slew under way): cannot sync until it ends", moving.getMessage());
        m.finish(3 * S, PierSide.WEST);
        m.offset(30, -20, 3 * S);
        m.finish(4 * S, PierSide.WEST);
        assertEquals(30, m.offsetRaArcsec(), 1e-9);
        m.sync(3.1, 21, 5 * S);
        assertEquals(3.1, m.ra(6 * S), 1e-12);
        assertEquals(21, m.dec(6 * S), 1e-12);
        assertTrue(m.tracking());
        assertEquals(0, m.offsetRaArcsec());
        assertEquals(0, m.offsetDecArcsec());
        m.park(3.1, 90, 7 * S);
        m.finish(60 * S, PierSide.EAST);
        IllegalStateException parked = assertThrows(IllegalStateException.class, () -> m.sync(3, 20, 61 * S));
        assertTrue(parked.getMessage().startsWith("mount is parked: unpark it before syncing"), parked.getMessage());
        assertThrows(IllegalStateException.class, () -> m.offset(1, 1, 61 * S));
    }

    @Test
    void anOffsetMovesBySkyArcsecondsAtTheOffsetRateAndAddsUpUntilASlew() {
        MountModel m = new MountModel(5, 6.0, 60, false, PierSide.WEST, 0);
        m.slew(6.0, 60, 0);
        m.finish(S, PierSide.WEST);
        double seconds = m.offset(60, 0, S); // 60" east at Dec 60: 120" of RA = 8 s of time
        assertEquals(0.5, seconds, 1e-9, "60\" at 120\"/s");
        assertEquals(6.0 + 8.0 / 3600, m.ra(2 * S), 1e-9);
        assertEquals(60, m.dec(2 * S), 1e-9);
        m.finish(2 * S, PierSide.WEST);
        assertTrue(m.tracking(), "keeps tracking");
        assertEquals(MountModel.OFFSET_MAX_SECONDS, m.offset(0, -3600, 3 * S), 1e-9, "a large offset moves faster");
        assertEquals(59.5, m.dec(3 * S + 3 * S / 2), 1e-9, "half way");
        m.finish(6 * S, PierSide.WEST);
        assertEquals(60, m.offsetRaArcsec(), 1e-9);
        assertEquals(-3600, m.offsetDecArcsec(), 1e-9);
        m.slew(7.0, 50, 7 * S);
        m.finish(20 * S, PierSide.EAST);
        assertEquals(0, m.offsetRaArcsec());
        assertEquals(0, m.offsetDecArcsec());
    }

    @Test
    void coordinatesOutOfRangeAreRefusedWithRangeAndValue() {
        MountModel m = new MountModel(5, 2.0, 10, false, PierSide.UNKNOWN, 0);
        IllegalArgumentException ra = assertThrows(IllegalArgumentException.class, () -> m.slew(25, 0, 0));
        assertEquals("right ascension must be 0 to 24 hours (24 excluded), was 25", ra.getMessage());
        IllegalArgumentException dec = assertThrows(IllegalArgumentException.class, () -> m.slew(1, -91.5, 0));
        assertEquals("declination must be -90 to 90 degrees, was -91.5", dec.getMessage());
        assertThrows(IllegalArgumentException.class, () -> m.slew(Double.NaN, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> m.slew(24, 0, 0));
    }

    @Test
    void withoutTrackingTheRightAscensionDriftsAtTheSiderealRate() {
        MountModel m = new MountModel(5, 2.0, 10, false, PierSide.UNKNOWN, 0);
        assertFalse(m.tracking());
        assertEquals(2.0 + 3600 * Sidereal.HOURS_PER_SECOND, m.ra(3600 * S), 1e-9);
        m.tracking(true, 3600 * S);
        assertEquals(m.ra(3600 * S), m.ra(7200 * S), 1e-12);
    }

    @Test
    void abortStopsWhereTheMountIsAndRestoresTracking() {
        MountModel m = new MountModel(5, 2.0, 10, false, PierSide.UNKNOWN, 0);
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
