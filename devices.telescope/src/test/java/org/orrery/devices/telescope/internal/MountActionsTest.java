package org.orrery.devices.telescope.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.devices.common.action.Fakes;
import org.orrery.devices.common.action.Rig;
import org.orrery.task.ResourceClaim;
import org.orrery.task.TaskException;
import org.orrery.task.TaskExecutionException;
import org.orrery.task.TaskParameterException;
import org.orrery.task.TaskTimeoutException;
import org.orrery.testsupport.FakeActionContext;

class MountActionsTest {

    @TempDir
    Path home;

    private Rig rig;
    private Fakes.FakeMount mount;

    @BeforeEach
    void setUp() {
        rig = new Rig(home);
        rig.add(new Fakes.FakeMount("z-mount")); // later by id: not the default
        mount = rig.add(new Fakes.FakeMount("sim-mount"));
    }

    @AfterEach
    void tearDown() {
        rig.close();
    }

    @Test
    void aSlewEndsAtTheTargetAndTracking() throws Exception {
        try (FakeActionContext context = new FakeActionContext(Map.of("ra", 10.5, "dec", 20))) {
            Map<String, Object> result = Rig.run(new MountSlewAction(rig.instruments), context);
            assertEquals("sim-mount", result.get("mount"));
            assertEquals(10.5, result.get("ra"));
            assertEquals(20.0, result.get("dec"));
            assertEquals(0.0, result.get("error_arcmin"));
            assertEquals(true, result.get("tracking"));
        }
    }

    @Test
    void aMountThatReportsTheSlewDoneElsewhereFailsTheTaskSayingWhere() throws Exception {
        mount.motion = Fakes.Motion.LIES; // stops 3.1° short in declination
        try (FakeActionContext context = new FakeActionContext(Map.of("ra", 10.5, "dec", 20))) {
            Throwable e = Rig.failure(new MountSlewAction(rig.instruments), context);
            assertInstanceOf(TaskExecutionException.class, e);
            assertEquals("mount 'sim-mount' reported the slew done at RA 10.5h Dec 16.9°, 3.1° from the target"
                    + " RA 10.5h Dec 20° (tolerance 1')", e.getMessage());
        }
    }

    @Test
    void aMountThatEndsTheSlewShortIsSentToTheTargetOnceMore() throws Exception {
        mount.motion = Fakes.Motion.OFF_ONCE; // the first slew ends 3.4' short in RA
        try (FakeActionContext context = new FakeActionContext(Map.of("ra", 10.5, "dec", 20))) {
            Map<String, Object> result = Rig.run(new MountSlewAction(rig.instruments), context);
            assertEquals(0.0, result.get("error_arcmin"));
        }
        assertEquals(2, mount.commands.get(), "the slew and one corrective slew");
    }

    @Test
    void aLooserToleranceCanBeAsked() throws Exception {
        mount.motion = Fakes.Motion.LIES;
        try (FakeActionContext context = new FakeActionContext(Map.of("ra", 10.5, "dec", 20, "tolerance_arcmin", 200))) {
            assertEquals(186.0, (Double) Rig.run(new MountSlewAction(rig.instruments), context).get("error_arcmin"),
                    0.01);
        }
    }

    @Test
    void aSlewThatEndsWithoutTrackingFails() throws Exception {
        mount.motion = Fakes.Motion.NO_TRACKING;
        try (FakeActionContext context = new FakeActionContext(Map.of("ra", 1, "dec", -30))) {
            assertEquals("mount 'sim-mount' reached RA 1h Dec -30° but is not tracking; expected tracking on after a slew",
                    Rig.failure(new MountSlewAction(rig.instruments), context).getMessage());
        }
    }

    @Test
    void aSlewThatNeverEndsTimesOutAndIsAborted() throws Exception {
        mount.motion = Fakes.Motion.NEVER;
        try (FakeActionContext context = new FakeActionContext(Map.of("ra", 2, "dec", 10))) {
            Throwable e = Rig.failure(new MountSlewAction(rig.instruments), context);
            assertInstanceOf(TaskTimeoutException.class, e);
            // distance 0° at 1000°/s plus the 0.4 s margin
            assertEquals("mount 'sim-mount' did not finish the slew to RA 2h Dec 10° within 0.4 s (now at RA 2h Dec 10°,"
                    + " slewing: yes); the slew was aborted", e.getMessage());
        }
        assertEquals(1, mount.aborts.get());
    }

    @Test
    void cancellingAbortsTheSlew() throws Exception {
        mount.motion = Fakes.Motion.NEVER;
        try (FakeActionContext context = new FakeActionContext(Map.of("ra", 2, "dec", 10))) {
            CompletableFuture<Map<String, Object>> stage = new MountSlewAction(rig.instruments).execute(context)
                    .toCompletableFuture();
            TaskException why = new TaskException("cancelled");
            context.cancel(why);
            ExecutionException e = assertThrows(ExecutionException.class, () -> stage.get(10, TimeUnit.SECONDS));
            assertSame(why, e.getCause());
        }
        assertEquals(1, mount.aborts.get());
    }

    @Test
    void aParkedMountIsNotSlewed() throws Exception {
        mount.parked = true;
        try (FakeActionContext context = new FakeActionContext(Map.of("ra", 2, "dec", 10))) {
            Throwable e = Rig.failure(new MountSlewAction(rig.instruments), context);
            assertEquals("mount 'sim-mount' is parked; expected an unparked mount to slew to RA 2h Dec 10°"
                    + " (run mount.unpark first)", e.getMessage());
            assertFalse(((TaskException) e).retryable());
        }
        assertEquals(0, mount.commands.get());
    }

    @Test
    void raOf24IsRefused() throws Exception {
        try (FakeActionContext context = new FakeActionContext(Map.of("ra", 24, "dec", 0))) {
            TaskParameterException e = assertThrows(TaskParameterException.class,
                    () -> new MountSlewAction(rig.instruments).execute(context));
            assertEquals("mount.slew: parameter 'ra' must be a number of hours from 0 to under 24, found 24",
                    e.getMessage());
        }
    }

    @Test
    void parkUnparkAndTrackAreVerified() throws Exception {
        try (FakeActionContext context = new FakeActionContext(Map.of())) {
            Map<String, Object> parked = Rig.run(new MountParkAction(rig.instruments), context);
            assertEquals(true, parked.get("parked"));
            assertEquals(true, parked.get("changed"));
            assertTrue(mount.parked);
        }
        try (FakeActionContext context = new FakeActionContext(Map.of())) {
            assertEquals(false, Rig.run(new MountParkAction(rig.instruments), context).get("changed"),
                    "already parked: nothing sent");
        }
        try (FakeActionContext context = new FakeActionContext(Map.of("mount", "sim-mount"))) {
            assertEquals(false, Rig.run(new MountUnparkAction(rig.instruments), context).get("parked"));
        }
        try (FakeActionContext context = new FakeActionContext(Map.of("tracking", true))) {
            assertEquals(true, Rig.run(new MountTrackAction(rig.instruments), context).get("tracking"));
        }
        try (FakeActionContext context = new FakeActionContext(Map.of("tracking", false))) {
            assertEquals(false, Rig.run(new MountTrackAction(rig.instruments), context).get("tracking"));
        }
        assertEquals(4, mount.commands.get());
    }

    @Test
    void aMountThatLiesAboutParkingOrTrackingFails() throws Exception {
        mount.motion = Fakes.Motion.LIES;
        try (FakeActionContext context = new FakeActionContext(Map.of())) {
            assertEquals("mount 'sim-mount' reported parking done but is not parked (now parked: no, tracking: no,"
                    + " slewing: no, at RA 2h Dec 10°)",
                    Rig.failure(new MountParkAction(rig.instruments), context).getMessage());
        }
        try (FakeActionContext context = new FakeActionContext(Map.of("tracking", true))) {
            assertEquals("mount 'sim-mount' reported turning tracking on done but is not tracking (now parked: no,"
                    + " tracking: no, slewing: no, at RA 2h Dec 10°)",
                    Rig.failure(new MountTrackAction(rig.instruments), context).getMessage());
        }
    }

    @Test
    void aParkThatNeverEndsTimesOut() throws Exception {
        mount.motion = Fakes.Motion.NEVER;
        try (FakeActionContext context = new FakeActionContext(Map.of())) {
            Throwable e = Rig.failure(new MountParkAction(rig.instruments), context);
            assertInstanceOf(TaskTimeoutException.class, e);
            assertEquals("mount 'sim-mount' did not report parked within 0.4 s (now parked: no, tracking: no,"
                    + " slewing: yes, at RA 2h Dec 10°); the motion was aborted", e.getMessage());
        }
        assertEquals(1, mount.aborts.get());
    }

    @Test
    void claimsTheMountAlone() {
        assertEquals(List.of(ResourceClaim.exclusive("device:sim-mount")),
                new MountSlewAction(rig.instruments).resources(Map.of("ra", 1, "dec", 2)));
        assertEquals(List.of(ResourceClaim.exclusive("device:z-mount")),
                new MountParkAction(rig.instruments).resources(Map.of("mount", "z-mount")));
    }
}
