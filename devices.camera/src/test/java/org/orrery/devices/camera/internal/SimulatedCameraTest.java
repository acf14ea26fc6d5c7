package org.orrery.devices.camera.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.orrery.device.Camera;
import org.orrery.device.DeviceException;
import org.orrery.device.ExposureSettings;
import org.orrery.device.FilterWheel;
import org.orrery.device.Focuser;
import org.orrery.device.Frame;
import org.orrery.device.FrameType;
import org.orrery.device.Mount;
import org.orrery.devices.common.sim.Configs;
import org.orrery.devices.common.sim.Stages;
import org.orrery.devices.telescope.internal.SimulatedFilterWheel;
import org.orrery.devices.telescope.internal.SimulatedFocuser;
import org.orrery.devices.telescope.internal.SimulatedMount;

/** The camera with real simulated peers (mount, focuser, filter wheel), small and fast. */
class SimulatedCameraTest {

    /** Peers held in fields the test changes; counts closes. */
    static final class FixedPeers implements SimulatedCamera.Peers {
        volatile Mount mount;
        volatile Focuser focuser;
        volatile FilterWheel wheel;
        volatile int best = 25000;
        volatile boolean closed;

        @Override
        public Mount mount() {
            return mount;
        }

        @Override
        public Focuser focuser() {
            return focuser;
        }

        @Override
        public int bestFocus(Focuser f) {
            return best;
        }

        @Override
        public FilterWheel filterWheel() {
            return wheel;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private final FixedPeers peers = new FixedPeers();
    private final SimulatedMount mount = new SimulatedMount(Configs.of(SimulatedMount.Config.class, "slew_rate", 500.0),
            new org.orrery.devices.telescope.internal.SkyTime());
    private final SimulatedFocuser focuser = new SimulatedFocuser(Configs.of(SimulatedFocuser.Config.class,
            "speed", 1_000_000.0, "start_position", 25000));
    private final SimulatedFilterWheel wheel = new SimulatedFilterWheel(Configs.of(SimulatedFilterWheel.Config.class,
            "seconds_per_slot", 0.01));
    private final SimulatedCamera camera = new SimulatedCamera(Configs.of(SimulatedCamera.Config.class, "width", 320,
            "height", 256, "focal_length", 400.0, "readout_seconds", 0.01), peers);

    SimulatedCameraTest() {
        peers.mount = mount;
        peers.focuser = focuser;
        peers.wheel = wheel;
    }

    @AfterEach
    void stop() {
        camera.deactivate();
        mount.deactivate();
        focuser.deactivate();
        wheel.deactivate();
    }

    static ExposureSettings settings(double seconds, FrameType type, int bin, Double gain, Integer offset) {
        return new ExposureSettings(seconds, type, bin, bin, gain, offset);
    }

    @Test
    void exposeReturnsABinnedFrameWithTheSettingsApplied() {
        assertEquals(Camera.ExposureState.IDLE, camera.exposureState());
        CompletionStage<Frame> stage = camera.expose(settings(0.05, FrameType.LIGHT, 2, 200.0, 30));
        assertEquals(Camera.ExposureState.EXPOSING, camera.exposureState());
        Frame f = Stages.done(stage);
        assertEquals(160, f.width());
        assertEquals(128, f.height());
        assertEquals(16, f.bitDepth());
        assertEquals(200.0, f.settings().gain());
        assertEquals(30, f.settings().offset());
        assertEquals("Orrery simulated camera", f.headers().get("INSTRUME"));
        assertEquals(7.6, (double) f.headers().get("XPIXSZ"), 1e-9);
        assertTrue(f.headers().containsKey("CCD-TEMP") && f.headers().containsKey("EGAIN"));
        assertEquals(Camera.ExposureState.IDLE, camera.exposureState());
        // gain and offset stay for the next exposure that does not set them
        Frame next = Stages.done(camera.expose(settings(0, FrameType.BIAS, 1, null, null)));
        assertEquals(200.0, next.settings().gain());
        assertEquals(30 * 16, Stages.mean(next.pixels()), 3);
        Map<String, Object> v = camera.values();
        assertEquals("idle", v.get("exposure_state"));
        assertEquals(320, v.get("width"));
        assertEquals(256, v.get("height"));
        assertTrue(v.get("temperature_celsius") instanceof Double);
    }

    @Test
    void settingsOutOfRangeAreRefusedWithRangeAndValue() {
        assertEquals("camera 'sim-camera': gain must be 0 to 600, was 700",
                Stages.failure(camera.expose(settings(1, FrameType.LIGHT, 1, 700.0, null))).getMessage());
        assertEquals("camera 'sim-camera': offset must be 0 to 255, was 300",
                Stages.failure(camera.expose(settings(1, FrameType.LIGHT, 1, null, 300))).getMessage());
        assertEquals("camera 'sim-camera': binning must be 1 to 4 on each axis, was 5x5",
                Stages.failure(camera.expose(settings(1, FrameType.LIGHT, 5, null, null))).getMessage());
        assertEquals("camera 'sim-camera': exposure time must be 0 to 3600 s, was 4000",
                Stages.failure(camera.expose(settings(4000, FrameType.LIGHT, 1, null, null))).getMessage());
        assertEquals(Camera.ExposureState.IDLE, camera.exposureState());
    }

    @Test
    void oneExposureAtATimeAndAbortFailsIt() {
        CompletionStage<Frame> first = camera.expose(settings(30, FrameType.DARK, 1, null, null));
        DeviceException busy = Stages.failure(camera.expose(settings(1, FrameType.DARK, 1, null, null)));
        assertTrue(busy.getMessage().contains("is busy"), busy.getMessage());
        camera.abortExposure();
        assertEquals("camera 'sim-camera': exposure aborted", Stages.failure(first).getMessage());
        assertEquals(Camera.ExposureState.IDLE, camera.exposureState());
        Stages.done(camera.expose(settings(0, FrameType.BIAS, 1, null, null)));
    }

    @Test
    void deactivateFailsTheExposureWithDeviceRemovedAndLeavesNoThread() {
        CompletionStage<Frame> exposure = camera.expose(settings(30, FrameType.LIGHT, 1, null, null));
        camera.deactivate();
        Stages.removed(exposure);
        assertTrue(camera.threadEnded());
        assertTrue(peers.closed, "the service trackers are closed");
        // this camera's thread ended (above); a thread of the same name may still be ending from a camera that an
        // earlier test class of this JVM deactivated (seen once): wait for it, bounded, so a thread that never
        // ends still fails the test
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (Stages.threadAlive("orrery-sim-sim-camera") && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
        }
        assertFalse(Stages.threadAlive("orrery-sim-sim-camera"));
        Stages.removed(camera.expose(settings(0, FrameType.BIAS, 1, null, null)));
    }

    @Test
    void theStarFieldFollowsTheMount() {
        Stages.done(mount.slew(5.5883, -5.3911));
        int[] a = light(1);
        int[] b = light(1);
        Stages.done(mount.slew(7.0, 20));
        int[] c = light(1);
        double same = correlation(a, b);
        double moved = correlation(a, c);
        assertTrue(same > 0.5, "two frames at one pointing share their stars: " + same);
        assertTrue(moved < 0.2, "after a slew the stars differ: " + moved);
        peers.mount = null; // without a mount: the fixed place (M42 by default)
        double fixed = correlation(a, light(1));
        assertTrue(fixed > 0.5, "the fixed place is where the first frames looked: " + fixed);
    }

    @Test
    void starsAreSharpestAtTheFocusersBestPosition() {
        Stages.done(mount.slew(5.5883, -5.3911));
        int sharp = Arrays.stream(light(2)).max().getAsInt();
        Stages.done(focuser.moveTo(29000, 1));
        int blurred = Arrays.stream(light(2)).max().getAsInt();
        assertTrue(blurred < sharp / 3, "peak " + sharp + " in focus, " + blurred + " 4000 steps out");
    }

    @Test
    void narrowbandFiltersAreDimmer() {
        Stages.done(mount.slew(5.5883, -5.3911));
        double luminance = Stages.mean(light(5)) - 20 * 16;
        Stages.done(wheel.select(5)); // Ha
        double ha = Stages.mean(light(5)) - 20 * 16;
        assertTrue(ha < luminance / 5, "L " + luminance + " ADU above bias, Ha " + ha);
    }

    private int[] light(double seconds) {
        // exposures take real time: a tenth of the nominal time keeps the test fast
        return Stages.done(camera.expose(settings(seconds / 10, FrameType.LIGHT, 1, 100.0, 20))).pixels();
    }

    static double correlation(int[] a, int[] b) {
        double ma = Stages.mean(a);
        double mb = Stages.mean(b);
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            double x = a[i] - ma;
            double y = b[i] - mb;
            ab += x * y;
            aa += x * x;
            bb += y * y;
        }
        return ab / Math.sqrt(aa * bb);
    }
}
