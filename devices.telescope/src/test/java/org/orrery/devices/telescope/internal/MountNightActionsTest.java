package org.orrery.devices.telescope.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.device.Mount.PierSide;
import org.orrery.devices.common.action.Fakes;
import org.orrery.devices.common.action.Rig;
import org.orrery.devices.common.sim.Configs;
import org.orrery.task.TaskException;
import org.orrery.testsupport.FakeActionContext;

/** {@code mount.sync}, {@code mount.dither} and {@code mount.meridian_flip}. */
class MountNightActionsTest {

    @TempDir
    Path home;

    private Rig rig;
    private Fakes.FakeMount mount;
    private final SkyTime sky = new SkyTime();
    private final SimulatedMountTest.FakeSky fakeSky = new SimulatedMountTest.FakeSky(2.35);

    @BeforeEach
    void setUp() {
        rig = new Rig(home);
        mount = rig.add(new Fakes.FakeMount("sim-mount"));
        sky.bindSky(fakeSky);
        sky.bindClock(fakeSky);
    }

    @AfterEach
    void tearDown() {
        rig.close();
    }

    private MountMeridianFlipAction flip() {
        return new MountMeridianFlipAction(rig.instruments, sky);
    }

    @Test
    void aSyncMovesTheReportedPosition() throws Exception {
        try (FakeActionContext context = new FakeActionContext(Map.of("ra", 2.1, "dec", 11))) {
            Map<String, Object> r = Rig.run(new MountSyncAction(rig.instruments), context);
            assertEquals(2.1, r.get("ra"));
            assertEquals(11.0, r.get("dec"));
            assertEquals(2.0, r.get("before_ra"));
            assertEquals(10.0, r.get("before_dec"));
            assertEquals(106.915, (Double) r.get("shift_arcmin"), 0.001);
        }
    }

    @Test
    void aSyncThatChangesNothingFailsAndAParkedMountIsNotSynced() throws Exception {
        mount.motion = Fakes.Motion.LIES;
        try (FakeActionContext context = new FakeActionContext(Map.of("ra", 2.1, "dec", 11))) {
            assertEquals("mount 'sim-mount' reported the sync done but points at RA 2h Dec 10°, 1.8° from RA 2.1h"
                    + " Dec 11° (tolerance 1')", Rig.failure(new MountSyncAction(rig.instruments), context).getMessage());
        }
        mount.parked = true;
        int before = mount.commands.get();
        try (FakeActionContext context = new FakeActionContext(Map.of("ra", 2.1, "dec", 11))) {
            Throwable e = Rig.failure(new MountSyncAction(rig.instruments), context);
            assertEquals("mount 'sim-mount' is parked; expected an unparked mount to sync to RA 2.1h Dec 11°"
                    + " (run mount.unpark first)", e.getMessage());
            assertFalse(((TaskException) e).retryable());
        }
        assertEquals(before, mount.commands.get());
    }

    @Test
    void dithersStayInTheDiscAroundTheUnditheredPointing() throws Exception {
        Map<String, Object> first;
        try (FakeActionContext context = new FakeActionContext(Map.of("max_arcsec", 20, "seed", 42))) {
            first = Rig.run(new MountDitherAction(rig.instruments), context);
        }
        double x = (Double) first.get("total_ra_offset_arcsec");
        double y = (Double) first.get("total_dec_offset_arcsec");
        assertTrue(Math.hypot(x, y) <= 20, "in the disc: " + first);
        assertNotEquals(0.0, x);
        assertEquals(x, first.get("ra_offset_arcsec"), "the first dither moves by the whole offset");
        assertEquals(y, (Double) mount.values().get("offset_dec_arcsec"), 0.001);
        Map<String, Object> second;
        try (FakeActionContext context = new FakeActionContext(Map.of("max_arcsec", 20, "seed", 7))) {
            second = Rig.run(new MountDitherAction(rig.instruments), context);
        }
        double x2 = (Double) second.get("total_ra_offset_arcsec");
        double y2 = (Double) second.get("total_dec_offset_arcsec");
        assertTrue(Math.hypot(x2, y2) <= 20, "still in the disc around the undithered pointing: " + second);
        assertEquals(x2 - x, (Double) second.get("ra_offset_arcsec"), 0.011, "moves from the last offset");
        assertEquals(y2 - y, (Double) second.get("dec_offset_arcsec"), 0.011);
        try (FakeActionContext context = new FakeActionContext(Map.of("max_arcsec", 20, "seed", 7))) {
            Map<String, Object> same = Rig.run(new MountDitherAction(rig.instruments), context);
            assertEquals(x2, same.get("total_ra_offset_arcsec"), "the same seed, the same offset");
            assertEquals(0.0, same.get("ra_offset_arcsec"));
        }
        assertEquals(3, mount.offsetsAsked.size());
    }

    @Test
    void aDitherTheMountDidNotMakeFails() throws Exception {
        mount.motion = Fakes.Motion.LIES;
        try (FakeActionContext context = new FakeActionContext(Map.of("seed", 1))) {
            String m = Rig.failure(new MountDitherAction(rig.instruments), context).getMessage();
            assertTrue(m.startsWith("mount 'sim-mount' reported the offset move done but its offset is RA 0″, Dec 0″;"
                    + " expected RA "), m);
        }
    }

    @Test
    void aFlipIsVerifiedByThePierSide() throws Exception {
        mount.pierSide = PierSide.WEST;
        mount.flips = true;
        mount.sideAfterSlew = PierSide.EAST;
        try (FakeActionContext context = new FakeActionContext(Map.of("ra", 2.0, "dec", 10))) {
            Map<String, Object> r = Rig.run(flip(), context);
            assertEquals("west", r.get("pier_side_before"));
            assertEquals("east", r.get("pier_side_after"));
            assertEquals(0.35, (Double) r.get("hour_angle"), 1e-9);
        }
    }

    @Test
    void aMountThatDidNotFlipFailsTheTaskSayingSo() throws Exception {
        mount.pierSide = PierSide.WEST;
        try (FakeActionContext context = new FakeActionContext(Map.of("ra", 2.0, "dec", 10))) {
            assertEquals("mount 'sim-mount' did not flip: pier side was west before the slew and is still west;"
                    + " hour angle +0.35 h", Rig.failure(flip(), context).getMessage());
        }
        assertEquals(1, mount.commands.get(), "the slew was made");
    }

    @Test
    void aMountWithoutPierSideCannotBeFlipped() throws Exception {
        try (FakeActionContext context = new FakeActionContext(Map.of("ra", 2.0, "dec", 10))) {
            assertEquals("mount 'sim-mount' does not report its pier side (unknown), so a meridian flip cannot be"
                    + " verified; the mount was not moved", Rig.failure(flip(), context).getMessage());
        }
        assertEquals(0, mount.commands.get());
    }

    @Test
    void theSimulatedMountFlipsOnlyOnceTheTargetIsPastTheMeridian() throws Exception {
        rig.remove(mount);
        SimulatedMount sim = rig.add(new SimulatedMount(Configs.of(SimulatedMount.Config.class, "slew_rate", 1000.0,
                "device_id", "sim-mount"), sky));
        try {
            fakeSky.lst = 6.0;
            Rig.run(new MountSlewAction(rig.instruments), new FakeActionContext(Map.of("ra", 6.5, "dec", 20)));
            assertEquals(PierSide.WEST, sim.pierSide());
            try (FakeActionContext context = new FakeActionContext(Map.of("ra", 6.5, "dec", 20))) {
                assertEquals("mount 'sim-mount' did not flip: pier side was west before the slew and is still west;"
                        + " hour angle -0.50 h (the target is not past the meridian yet)",
                        Rig.failure(flip(), context).getMessage());
            }
            fakeSky.lst = 6.75;
            try (FakeActionContext context = new FakeActionContext(Map.of("ra", 6.5, "dec", 20))) {
                Map<String, Object> r = Rig.run(flip(), context);
                assertEquals("east", r.get("pier_side_after"));
                assertEquals(0.25, (Double) r.get("hour_angle"), 1e-9);
            }
            assertEquals("east", sim.values().get("pier_side"));
        } finally {
            sim.deactivate();
        }
    }
}
