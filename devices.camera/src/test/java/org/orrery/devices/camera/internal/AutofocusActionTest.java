package org.orrery.devices.camera.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.devices.common.action.Fakes;
import org.orrery.devices.common.action.Rig;
import org.orrery.devices.common.sim.Configs;
import org.orrery.devices.telescope.internal.SimulatedFocuser;
import org.orrery.task.ResourceClaim;
import org.orrery.task.TaskExecutionException;
import org.orrery.task.TaskTimeoutException;
import org.orrery.testsupport.FakeActionContext;

/** {@code autofocus} against the simulated camera and focuser, and against fakes that misbehave. */
class AutofocusActionTest {

    private static final int BEST = 25_300;

    @TempDir
    Path home;

    private Rig rig;
    private AutofocusAction action;
    private SimulatedCamera camera;
    private SimulatedFocuser focuser;

    @AfterEach
    void tearDown() {
        if (camera != null) {
            camera.deactivate();
        }
        if (focuser != null) {
            focuser.deactivate();
        }
        if (rig != null) {
            rig.close();
        }
    }

    /** The simulated camera (no mount: it looks at M 42) behind the given focuser, whose best focus is {@link #BEST}. */
    private void simulator(org.orrery.device.Focuser lens) {
        rig = new Rig(home);
        action = new AutofocusAction(rig.instruments);
        SimulatedCameraTest.FixedPeers peers = new SimulatedCameraTest.FixedPeers();
        peers.focuser = lens;
        peers.best = BEST;
        camera = new SimulatedCamera(Configs.of(SimulatedCamera.Config.class, "width", 480, "height", 360,
                "readout_seconds", 0.01, "mount_id", ""), peers);
        rig.add(camera);
        rig.add(lens);
    }

    private SimulatedFocuser simulatedFocuser(int start) {
        focuser = new SimulatedFocuser(Configs.of(SimulatedFocuser.Config.class, "speed", 1_000_000.0,
                "start_position", start, "best_position", BEST));
        return focuser;
    }

    private static Map<String, Object> parameters(Object... more) {
        Map<String, Object> p = new HashMap<>(Map.of("exposure", 0.3, "step_size", 200, "camera", "sim-camera",
                "focuser", "sim-focuser"));
        for (int i = 0; i < more.length; i += 2) {
            p.put((String) more[i], more[i + 1]);
        }
        return p;
    }

    @Test
    @SuppressWarnings("unchecked")
    void landsNearTheSimulatorsBestFocus() throws Exception {
        simulator(simulatedFocuser(24_900));
        Map<String, Object> result;
        try (FakeActionContext context = new FakeActionContext(parameters())) {
            result = Rig.run(action, context);
            assertEquals(11, context.progress.stream().filter(m -> m.startsWith("point ")).count()
                    + context.progress.stream().filter(m -> m.startsWith("best focus")).count() + 1,
                    context.progress.toString());
            assertEquals(Map.of("start_position", 24_900), context.checkpoints.get(0));
        }

        int best = (Integer) result.get("best_position");
        assertTrue(Math.abs(best - BEST) <= 50, "best " + best + ", simulator's best " + BEST + ": " + result);
        assertEquals(best, focuser.position());
        List<Map<String, Object>> points = (List<Map<String, Object>>) result.get("points");
        assertEquals(9, points.size());
        assertEquals(24_100, points.get(0).get("position"));
        assertEquals(25_700, points.get(8).get("position"));
        for (Map<String, Object> p : points) {
            assertTrue((Integer) p.get("stars") >= 1, points.toString());
        }
        Map<String, Object> fit = (Map<String, Object>) result.get("fit");
        assertEquals("hyperbola", fit.get("type"));
        assertTrue((Double) fit.get("r_squared") > 0.95, fit.toString());
        double checkHfr = (Double) result.get("check_hfr");
        double worst = points.stream().mapToDouble(p -> (Double) p.get("hfr")).max().orElseThrow();
        assertTrue(checkHfr < worst / 1.5, "check " + checkHfr + ", worst point " + worst);
        assertFalse((Boolean) result.get("shifted"));
    }

    @Test
    void aParabolaWithBacklashLandsNearTheBestFocusToo() throws Exception {
        simulator(simulatedFocuser(25_200));
        Map<String, Object> result;
        try (FakeActionContext context = new FakeActionContext(parameters("method", "parabola", "step_size", 150,
                "backlash", 300))) {
            result = Rig.run(action, context);
        }
        int best = (Integer) result.get("best_position");
        assertTrue(Math.abs(best - BEST) <= 80, "best " + best + ": " + result);
        assertEquals(best, focuser.position());
    }

    @Test
    void aMinimumOutsideTheRangeShiftsItOnce() throws Exception {
        simulator(simulatedFocuser(24_500));
        Map<String, Object> result;
        try (FakeActionContext context = new FakeActionContext(parameters("step_size", 150))) {
            result = Rig.run(action, context);
        }
        assertEquals(true, result.get("shifted"), result.toString());
        assertEquals(25_100, result.get("centre"));
        int best = (Integer) result.get("best_position");
        assertTrue(Math.abs(best - BEST) <= 50, "best " + best + ": " + result);
    }

    @Test
    void aMinimumStillOutsideAfterTheShiftFailsNamingIt() throws Exception {
        simulator(simulatedFocuser(23_500));
        Throwable failure;
        try (FakeActionContext context = new FakeActionContext(parameters("step_size", 150))) {
            failure = Rig.failure(action, context);
        }
        assertInstanceOf(TaskExecutionException.class, failure);
        assertTrue(failure.getMessage().startsWith("autofocus failed: the best focus lies outside the measured range"
                + " 23500 to 24700"), failure.getMessage());
        assertTrue(failure.getMessage().contains("after shifting the range once from around 23500"),
                failure.getMessage());
    }

    @Test
    void aStuckFocuserFailsClearly() throws Exception {
        Fakes.FakeFocuser stuck = new Fakes.FakeFocuser("sim-focuser");
        stuck.position = 25_000;
        stuck.motion = Fakes.Motion.STUCK;
        simulator(stuck);
        Throwable failure;
        try (FakeActionContext context = new FakeActionContext(parameters())) {
            failure = Rig.failure(action, context);
        }
        assertInstanceOf(TaskExecutionException.class, failure);
        assertEquals("focuser 'sim-focuser' did not move: asked for 24200, still at 25000", failure.getMessage());
    }

    @Test
    void aFocuserThatTakesTooLongTimesOutRatherThanBeingCalledStuck() throws Exception {
        Fakes.FakeFocuser slow = new Fakes.FakeFocuser("sim-focuser");
        slow.position = 25_000;
        slow.motion = Fakes.Motion.NEVER;
        simulator(slow);
        Throwable failure;
        try (FakeActionContext context = new FakeActionContext(parameters())) {
            failure = Rig.failure(action, context);
        }
        assertInstanceOf(TaskTimeoutException.class, failure, failure.toString());
        assertTrue(failure.getMessage().startsWith("focuser 'sim-focuser' did not finish the move from 25000 to 24200"),
                failure.getMessage());
    }

    @Test
    void framesWithoutStarsFailClearly() throws Exception {
        rig = new Rig(home);
        action = new AutofocusAction(rig.instruments);
        rig.add(new Fakes.FakeCamera("sim-camera")); // noise and a bright column: no stars
        Fakes.FakeFocuser lens = rig.add(new Fakes.FakeFocuser("sim-focuser"));
        lens.position = 25_000;
        Throwable failure;
        try (FakeActionContext context = new FakeActionContext(parameters("exposure", 0.01))) {
            failure = Rig.failure(action, context);
        }
        assertInstanceOf(TaskExecutionException.class, failure);
        assertTrue(failure.getMessage().startsWith("autofocus failed: no stars in 9 of 9 frames: 24200 no stars, "
                + "24400 no stars,"), failure.getMessage());
        assertEquals(25_800, lens.position, "the focuser stays where the curve ended");
    }

    /** The simulated focuser, which cancels the task once its {@code n}-th move is done. */
    private static final class CancellingFocuser implements org.orrery.device.Focuser {
        final SimulatedFocuser real;
        final int n;
        volatile FakeActionContext context;
        int moves;

        CancellingFocuser(SimulatedFocuser real, int n) {
            this.real = real;
            this.n = n;
        }

        @Override
        public int position() {
            return real.position();
        }

        @Override
        public int maxPosition() {
            return real.maxPosition();
        }

        @Override
        public boolean moving() {
            return real.moving();
        }

        @Override
        public java.util.concurrent.CompletionStage<Void> moveTo(int position, double speed) {
            boolean last = ++moves == n;
            return real.moveTo(position, speed).thenRun(() -> {
                if (last) {
                    context.cancel(new TaskExecutionException("cancelled by admin"));
                }
            });
        }

        @Override
        public void abort() {
            real.abort();
        }

        @Override
        public String id() {
            return real.id();
        }

        @Override
        public String driver() {
            return real.driver();
        }

        @Override
        public org.orrery.device.ConnectionState connectionState() {
            return real.connectionState();
        }

        @Override
        public Map<String, Object> values() {
            return real.values();
        }
    }

    @Test
    void cancellingStopsAndLeavesTheFocuserWhereItStopped() throws Exception {
        CancellingFocuser lens = new CancellingFocuser(simulatedFocuser(25_000), 3);
        simulator(lens);
        Throwable failure;
        try (FakeActionContext context = new FakeActionContext(parameters())) {
            lens.context = context;
            failure = Rig.failure(action, context);
            assertEquals("cancelled by admin", failure.getMessage());
            assertTrue(context.progress.stream().noneMatch(m -> m.startsWith("point 3")), context.progress.toString());
        }
        assertEquals(3, lens.moves, "no move after the cancellation");
        assertEquals(24_600, focuser.position(), "the focuser stays at the third point");
    }

    @Test
    void aCurveOutsideTheTravelIsRefusedBeforeAnythingMoves() throws Exception {
        Fakes.FakeFocuser lens = new Fakes.FakeFocuser("sim-focuser");
        lens.position = 500;
        simulator(lens);
        Throwable failure;
        try (FakeActionContext context = new FakeActionContext(parameters())) {
            failure = Rig.failure(action, context);
        }
        assertTrue(failure.getMessage().contains("the curve around 500 (4 steps of 200 each side: -300 to 1300) "
                + "leaves the travel of focuser 'sim-focuser' (0 to 50000)"), failure.getMessage());
        assertEquals(500, lens.position);
    }

    @Test
    void claimsTheCameraAndTheFocuserExclusively() {
        rig = new Rig(home);
        action = new AutofocusAction(rig.instruments);
        assertEquals(List.of(ResourceClaim.exclusive("device:cam-1"), ResourceClaim.exclusive("device:foc-1")),
                action.resources(Map.of("camera", "cam-1", "focuser", "foc-1")));
        assertTrue(action.safeToRerun());
    }
}
