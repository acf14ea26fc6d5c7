package org.orrery.devices.camera.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.device.FrameType;
import org.orrery.devices.common.action.Fakes;
import org.orrery.devices.common.action.Rig;
import org.orrery.devices.common.image.FitsVerify;
import org.orrery.task.ResourceClaim;
import org.orrery.task.Severity;
import org.orrery.task.TaskException;
import org.orrery.task.TaskExecutionException;
import org.orrery.task.TaskParameterException;
import org.orrery.task.TaskTimeoutException;
import org.orrery.testsupport.FakeActionContext;

import nom.tam.fits.Fits;
import nom.tam.fits.Header;

class CameraExposeActionTest {

    @TempDir
    Path home;

    private Rig rig;
    private CameraExposeAction action;
    private Fakes.FakeCamera camera;

    @BeforeEach
    void setUp() {
        rig = new Rig(home);
        action = new CameraExposeAction(rig.instruments);
        camera = rig.add(new Fakes.FakeCamera("cam-main"));
    }

    @AfterEach
    void tearDown() {
        rig.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theMountsPierSideAndDitherOffsetGoIntoTheHeader() throws Exception {
        Fakes.FakeMount mount = rig.add(new Fakes.FakeMount("mount-1"));
        mount.pierSide = org.orrery.device.Mount.PierSide.WEST;
        mount.moveOffset(12.5, -3.25).toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS);
        Map<String, Object> result;
        try (FakeActionContext context = new FakeActionContext(Map.of("exposure", 0.01, "object", "M 42"))) {
            result = Rig.run(action, context);
        }
        Path fits = home.resolve((String) ((List<Map<String, Object>>) result.get("frames")).get(0).get("fits"));
        FitsVerify.assertNoErrors(fits);
        try (Fits read = new Fits(fits.toFile())) {
            Header h = read.readHDU().getHeader();
            assertEquals("WEST", h.getStringValue("PIERSIDE"));
            assertEquals(12.5, h.getDoubleValue("DITHRA"), 1e-9);
            assertEquals(-3.25, h.getDoubleValue("DITHDEC"), 1e-9);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void writesOneValidFitsAndPngPerFrameAndNamesThemInTheResult() throws Exception {
        Fakes.FakeMount mount = rig.add(new Fakes.FakeMount("mount-1"));
        mount.ra = 5.5;
        mount.dec = -5.25;
        Fakes.FakeFocuser focuser = rig.add(new Fakes.FakeFocuser("focuser-1"));
        focuser.position = 12_345;
        Fakes.FakeFilterWheel wheel = rig.add(new Fakes.FakeFilterWheel("wheel-1"));
        Map<String, Object> parameters = Map.of("exposure", 0.01, "count", 2, "binning", 2, "gain", 100, "offset",
                10, "object", "M 42", "filter", "ha");
        Map<String, Object> result;
        try (FakeActionContext context = new FakeActionContext(parameters)) {
            result = Rig.run(action, context);
        }

        assertEquals(5, wheel.slot, "the filter named 'ha' (slot 5, 'Ha') was put in place");
        assertEquals("cam-main", result.get("camera"));
        assertEquals("Ha", result.get("filter"));
        assertEquals(2, result.get("count"));
        assertEquals("ORRERY_HOME", result.get("paths_relative_to"));
        List<Map<String, Object>> frames = (List<Map<String, Object>>) result.get("frames");
        assertEquals(2, frames.size());
        for (int i = 0; i < 2; i++) {
            Map<String, Object> frame = frames.get(i);
            String n = "00" + (i + 1);
            assertTrue(((String) frame.get("fits")).matches("data/images/\\d{4}-\\d\\d-\\d\\d/M_42_3c4d5e6f_" + n
                    + "\\.fits"), frame.get("fits").toString());
            String dateObs = (String) frame.get("date_obs");
            assertTrue(((String) frame.get("fits")).startsWith("data/images/" + dateObs.substring(0, 10) + "/"),
                    "the folder is the UTC date of the exposure start " + dateObs);
            assertEquals(((String) frame.get("fits")).replace(".fits", ".png"), frame.get("png"));
            assertEquals(32, frame.get("width"));
            assertEquals(24, frame.get("height"));
            assertEquals(11.5, frame.get("focus_temperature"), "the focuser's, for the temperature trigger");
            Map<String, Object> stats = (Map<String, Object>) frame.get("statistics");
            assertEquals(0, stats.get("min"));
            assertEquals(65535, stats.get("max"));
            assertTrue((Integer) stats.get("median") >= 1000 && (Integer) stats.get("median") < 1100, stats.toString());
            assertTrue((Double) stats.get("std_dev") > 0);

            Path fits = home.resolve((String) frame.get("fits"));
            assertTrue(Files.isRegularFile(home.resolve((String) frame.get("png"))));
            FitsVerify.assertNoErrors(fits);
            try (Fits read = new Fits(fits.toFile())) {
                Header h = read.readHDU().getHeader();
                assertEquals("M 42", h.getStringValue("OBJECT"));
                assertEquals("Light Frame", h.getStringValue("IMAGETYP"));
                assertEquals(0.01, h.getDoubleValue("EXPTIME"));
                assertEquals(2, h.getIntValue("XBINNING"));
                assertEquals(100.0, h.getDoubleValue("GAIN"));
                assertEquals(10, h.getIntValue("OFFSET"));
                assertEquals(-10.0, h.getDoubleValue("CCD-TEMP"));
                assertEquals("Ha", h.getStringValue("FILTER"));
                assertEquals(12_345, h.getIntValue("FOCUSPOS"));
                assertEquals(82.5, h.getDoubleValue("RA"), 1e-9);
                assertEquals("05 30 00.00", h.getStringValue("OBJCTRA"));
                assertEquals("-05 15 00.0", h.getStringValue("OBJCTDEC"));
                assertEquals(52.5, h.getDoubleValue("SITELAT"));
                assertEquals("Fake camera cam-main", h.getStringValue("INSTRUME"));
                assertEquals("Fake mount mount-1", h.getStringValue("TELESCOP"));
                assertFalse(h.containsKey("PIERSIDE"), "the pier side is not known");
                assertFalse(h.containsKey("DITHRA"), "not dithered");
            }
        }
        assertEquals(List.of(frames.get(0).get("fits"), frames.get(0).get("png"), frames.get(1).get("fits"),
                frames.get(1).get("png")), result.get("files"));
        assertEquals(2, camera.asked.size());
        assertEquals(FrameType.LIGHT, camera.asked.get(0).frameType());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aDarkWithoutObjectIsNamedByItsType() throws Exception {
        try (FakeActionContext context = new FakeActionContext("task-17", "darks",
                Map.of("exposure", 0.02, "frame_type", "dark"))) {
            Map<String, Object> result = Rig.run(action, context);
            Map<String, Object> frame = ((List<Map<String, Object>>) result.get("frames")).get(0);
            assertTrue(((String) frame.get("fits")).endsWith("/dark_task-17_001.fits"), frame.get("fits").toString());
            assertEquals(FrameType.DARK, camera.asked.get(0).frameType());
            assertEquals(null, camera.asked.get(0).gain(), "no gain asked: left as it is");
        }
    }

    @Test
    void anAllZeroFrameFailsTheTaskSayingWhatWasSeen() throws Exception {
        camera.image = Fakes.Image.ZEROS;
        try (FakeActionContext context = new FakeActionContext(Map.of("exposure", 0.01))) {
            Throwable e = Rig.failure(action, context);
            assertInstanceOf(TaskExecutionException.class, e);
            assertEquals("camera 'cam-main' returned an empty frame: all 3072 pixels are 0;"
                    + " expected an image with signal and noise", e.getMessage());
        }
        assertFalse(Files.exists(home.resolve("data/images")) && hasFits(home.resolve("data/images")),
                "no file for a bad frame");
    }

    @Test
    void aConstantFrameFails() throws Exception {
        camera.image = Fakes.Image.CONSTANT;
        try (FakeActionContext context = new FakeActionContext(Map.of("exposure", 0.01, "count", 1))) {
            assertEquals("camera 'cam-main' returned a flat frame: all 3072 pixels are 1000;"
                    + " expected an image with signal and noise", Rig.failure(action, context).getMessage());
        }
    }

    @Test
    void dimensionsMustMatchTheBinningAsked() throws Exception {
        camera.image = Fakes.Image.WRONG_SIZE;
        try (FakeActionContext context = new FakeActionContext(Map.of("exposure", 0.01, "binning", 2))) {
            assertEquals("camera 'cam-main' returned a 64x48 frame at 2x2 binning; expected 32x24 (sensor 64x48)",
                    Rig.failure(action, context).getMessage());
        }
        camera.image = Fakes.Image.WRONG_BINNING;
        try (FakeActionContext context = new FakeActionContext(Map.of("exposure", 0.01, "binning", 2))) {
            assertEquals("camera 'cam-main' took the frame at 1x1 binning; expected 2x2",
                    Rig.failure(action, context).getMessage());
        }
    }

    @Test
    void aCameraThatNeverFinishesTimesOutAfterExposurePlusMarginAndIsAborted() throws Exception {
        camera.image = Fakes.Image.NEVER;
        try (FakeActionContext context = new FakeActionContext(Map.of("exposure", 0.1))) {
            Throwable e = Rig.failure(action, context);
            assertInstanceOf(TaskTimeoutException.class, e);
            assertEquals("camera 'cam-main' did not deliver the 0.1 s exposure within 0.5 s (exposure time plus 0.4 s"
                    + " readout margin; camera state exposing); the exposure was aborted", e.getMessage());
        }
        assertEquals(1, camera.aborts.get());
    }

    @Test
    void cancellingAbortsTheExposure() throws Exception {
        camera.image = Fakes.Image.NEVER;
        try (FakeActionContext context = new FakeActionContext(Map.of("exposure", 3600))) {
            CompletableFuture<Map<String, Object>> stage = action.execute(context).toCompletableFuture();
            while (camera.exposures.get() == 0) {
                Thread.onSpinWait();
            }
            TaskException why = new TaskException("cancelled by the test", Severity.LOW, false);
            context.cancel(why);
            ExecutionException e = assertThrows(ExecutionException.class, () -> stage.get(10, TimeUnit.SECONDS));
            assertSame(why, e.getCause());
        }
        assertEquals(1, camera.aborts.get());
    }

    @Test
    void aCameraRemovedDuringTheExposureFailsTheAttemptWithDeviceRemoved() throws Exception {
        camera.image = Fakes.Image.NEVER;
        try (FakeActionContext context = new FakeActionContext(Map.of("exposure", 3600))) {
            CompletableFuture<Map<String, Object>> stage = action.execute(context).toCompletableFuture();
            while (camera.exposures.get() == 0) {
                Thread.onSpinWait();
            }
            rig.remove(camera);
            ExecutionException e = assertThrows(ExecutionException.class, () -> stage.get(10, TimeUnit.SECONDS));
            assertInstanceOf(TaskExecutionException.class, e.getCause());
            assertEquals("device removed: 'cam-main' is no longer available", e.getCause().getMessage());
            assertTrue(((TaskException) e.getCause()).retryable());
        }
    }

    @Test
    void aDriverThatFailsItsStageWithDeviceRemovedGivesTheSameMessage() throws Exception {
        camera.image = Fakes.Image.REMOVED;
        try (FakeActionContext context = new FakeActionContext(Map.of("exposure", 0.01))) {
            assertEquals("device removed: 'cam-main' is no longer available", Rig.failure(action, context).getMessage());
        }
    }

    @Test
    void aTaskWaitsForItsCameraAndRunsWhenItAppears() throws Exception {
        rig.close();
        rig = new Rig(home, Rig.PATIENT);
        action = new CameraExposeAction(rig.instruments);
        camera = rig.add(new Fakes.FakeCamera("cam-main"));
        try (FakeActionContext context = new FakeActionContext(Map.of("exposure", 0.01, "camera", "cam-late"))) {
            CompletableFuture<Map<String, Object>> stage = action.execute(context).toCompletableFuture();
            while (context.progress.isEmpty()) {
                Thread.onSpinWait();
            }
            assertEquals("waiting for camera 'cam-late'", context.progress.get(0));
            assertFalse(stage.isDone());
            rig.add(new Fakes.FakeCamera("cam-late"));
            assertEquals("cam-late", stage.get(10, TimeUnit.SECONDS).get("camera"));
        }
    }

    @Test
    void aCameraThatNeverAppearsFailsAfterTheDeviceWaitNamingWhatIsThere() throws Exception {
        rig.add(new Fakes.FakeMount("mount-1"));
        try (FakeActionContext context = new FakeActionContext(Map.of("exposure", 0.01, "camera", "cam-x"))) {
            Throwable e = Rig.failure(action, context);
            assertInstanceOf(TaskTimeoutException.class, e);
            assertEquals("no camera 'cam-x' appeared within 0.6 s (devices now: cam-main (camera), mount-1 (mount))",
                    e.getMessage());
        }
    }

    @Test
    void aDisconnectedCameraIsWaitedForUntilItConnects() throws Exception {
        rig.close();
        rig = new Rig(home, Rig.PATIENT);
        action = new CameraExposeAction(rig.instruments);
        camera = rig.add(new Fakes.FakeCamera("cam-main"));
        camera.state = org.orrery.device.ConnectionState.CONNECTING;
        try (FakeActionContext context = new FakeActionContext(Map.of("exposure", 0.01))) {
            CompletableFuture<Map<String, Object>> stage = action.execute(context).toCompletableFuture();
            while (context.progress.isEmpty()) {
                Thread.onSpinWait();
            }
            assertEquals("waiting for camera 'cam-main' to connect (now connecting)", context.progress.get(0));
            camera.state = org.orrery.device.ConnectionState.CONNECTED;
            assertEquals("cam-main", stage.get(10, TimeUnit.SECONDS).get("camera"));
        }
    }

    @Test
    void valuesOutsideTheCamerasRangeAreRefusedWithTheRange() throws Exception {
        try (FakeActionContext context = new FakeActionContext(Map.of("exposure", 0.01, "gain", 900))) {
            Throwable e = Rig.failure(action, context);
            assertInstanceOf(TaskParameterException.class, e);
            assertEquals("camera.expose: parameter 'gain' is 900, outside the range of camera 'cam-main': 0 to 500",
                    e.getMessage());
        }
        try (FakeActionContext context = new FakeActionContext(Map.of("exposure", 0.01, "binning", 8))) {
            assertEquals("camera.expose: binning 8x8 is more than camera 'cam-main' can do (at most 4x4)",
                    Rig.failure(action, context).getMessage());
        }
        try (FakeActionContext context = new FakeActionContext(Map.of("exposure", 7200))) {
            assertEquals("camera.expose: parameter 'exposure' is 7200 seconds, outside the range of camera 'cam-main':"
                    + " 0.0001 to 3600 seconds", Rig.failure(action, context).getMessage());
        }
        assertEquals(0, camera.exposures.get());
    }

    @Test
    void anUnknownFilterNameIsRefusedListingTheFilters() throws Exception {
        rig.add(new Fakes.FakeFilterWheel("wheel-1"));
        try (FakeActionContext context = new FakeActionContext(Map.of("exposure", 0.01, "filter", "OIII"))) {
            assertEquals("camera.expose: filter 'OIII' is not in filter wheel 'wheel-1' (1 L, 2 R, 3 G, 4 B, 5 Ha)",
                    Rig.failure(action, context).getMessage());
        }
    }

    @Test
    void aWheelThatLiesAboutTheFilterFailsBeforeAnyExposure() throws Exception {
        Fakes.FakeFilterWheel wheel = rig.add(new Fakes.FakeFilterWheel("wheel-1"));
        wheel.motion = Fakes.Motion.LIES;
        try (FakeActionContext context = new FakeActionContext(Map.of("exposure", 0.01, "filter", 3))) {
            assertEquals("filter wheel 'wheel-1' reported the change done with slot 1 (L) in place; expected slot 3 (G)",
                    Rig.failure(action, context).getMessage());
        }
        assertEquals(0, camera.exposures.get());
    }

    @Test
    void claimsTheCameraAloneAndTheDevicesItReadsShared() {
        assertEquals(List.of(ResourceClaim.exclusive("device:cam-main")), action.resources(Map.of("exposure", 1)));
        rig.add(new Fakes.FakeMount("mount-1"));
        rig.add(new Fakes.FakeFilterWheel("wheel-1"));
        assertEquals(List.of(ResourceClaim.exclusive("device:cam-2"), ResourceClaim.exclusive("device:wheel-1"),
                ResourceClaim.shared("device:mount-1")),
                action.resources(Map.of("exposure", 1, "camera", "cam-2", "filter", "Ha")));
        assertEquals(List.of(ResourceClaim.exclusive("device:cam-main"), ResourceClaim.shared("device:wheel-1"),
                ResourceClaim.shared("device:mount-1")), action.resources(Map.of("exposure", 1)));
    }

    @Test
    void withNoCameraAtAllTheClaimIsOnTheType() {
        rig.remove(camera);
        assertEquals(List.of(ResourceClaim.exclusive("device-type:camera")), action.resources(new HashMap<>()));
    }

    @Test
    void isSafeToRerun() {
        assertTrue(action.safeToRerun());
    }

    @Test
    @SuppressWarnings("unchecked")
    void anAttemptWithACheckpointOfSixFramesTakesTheOtherFourAndListsAllTen() throws Exception {
        Map<String, Object> parameters = Map.of("exposure", 0.01, "count", 10, "object", "M42");
        Map<String, Object> checkpoint;
        try (FakeActionContext first = new FakeActionContext(parameters).crashAfterCheckpoints(12)) {
            // two saves per frame: the names, then the frame; the 13th (frame 7's names) "crashes"
            Rig.failure(action, first);
            checkpoint = first.lastCheckpoint();
        }
        assertEquals(6, checkpoint.get("frames_done"));
        assertEquals(7, camera.exposures.get(), "frame 7 was exposed; its files never got their names");
        assertEquals(6, fitsFiles().size());
        assertEquals(12, ((List<String>) checkpoint.get("files")).size());

        Map<String, Object> result;
        try (FakeActionContext second = new FakeActionContext(parameters).resumingFrom(checkpoint, 2)) {
            result = Rig.run(action, second);
            assertEquals(Map.of("frames_done", 10), Map.of("frames_done", second.lastCheckpoint().get("frames_done")));
        }
        assertEquals(7 + 4, camera.exposures.get(), "frames 7 to 10 only");
        assertEquals(10, result.get("count"));
        List<Map<String, Object>> frames = (List<Map<String, Object>>) result.get("frames");
        for (int i = 0; i < 10; i++) {
            assertEquals(i + 1, frames.get(i).get("index"));
            assertTrue(((String) frames.get(i).get("fits")).endsWith(String.format("/M42_3c4d5e6f_%03d.fits", i + 1)),
                    frames.get(i).get("fits").toString());
        }
        assertEquals(((List<String>) checkpoint.get("files")), ((List<String>) result.get("files")).subList(0, 12),
                "the earlier frames as the checkpoint had them");
        assertEquals(10, fitsFiles().size(), "exactly the planned frames: " + fitsFiles());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aCrashBetweenWritingAFrameAndSavingItLeavesOneFileForThatFrame() throws Exception {
        Map<String, Object> parameters = Map.of("exposure", 0.01, "count", 3, "object", "M42");
        Map<String, Object> checkpoint;
        try (FakeActionContext first = new FakeActionContext(parameters).crashAfterCheckpoints(3)) {
            // frame 1 saved (2 saves), frame 2's names saved, frame 2 written, then the crash
            Rig.failure(action, first);
            checkpoint = first.lastCheckpoint();
        }
        assertEquals(1, checkpoint.get("frames_done"));
        assertEquals(2, ((Map<String, Object>) checkpoint.get("writing")).get("index"));
        assertEquals(2, fitsFiles().size(), "frame 2 is on disk, but not in the checkpoint");

        Map<String, Object> result;
        try (FakeActionContext second = new FakeActionContext(parameters).resumingFrom(checkpoint, 2)) {
            result = Rig.run(action, second);
        }
        assertEquals(4, camera.exposures.get(), "frame 2 taken again, then frame 3");
        List<String> names = fitsFiles().stream().map(f -> f.getFileName().toString()).sorted().toList();
        assertEquals(List.of("M42_3c4d5e6f_001.fits", "M42_3c4d5e6f_002.fits", "M42_3c4d5e6f_003.fits"), names);
        List<Map<String, Object>> frames = (List<Map<String, Object>>) result.get("frames");
        assertEquals(3, frames.size());
        for (Map<String, Object> frame : frames) {
            assertTrue(Files.isRegularFile(home.resolve((String) frame.get("fits"))), frame.toString());
            assertTrue(Files.isRegularFile(home.resolve((String) frame.get("png"))), frame.toString());
        }
        try (var pngs = Files.walk(home)) {
            assertEquals(3, pngs.filter(p -> p.toString().endsWith(".png")).count());
        }
    }

    private List<Path> fitsFiles() throws Exception {
        try (var files = Files.walk(home)) {
            return files.filter(p -> p.toString().endsWith(".fits")).toList();
        }
    }

    private static boolean hasFits(Path dir) throws Exception {
        try (var files = Files.walk(dir)) {
            return files.anyMatch(p -> p.toString().endsWith(".fits"));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void eachLightFrameCarriesItsHfrAndStarCountInTheResultAndTheFitsHeader() throws Exception {
        SimulatedCameraTest.FixedPeers peers = new SimulatedCameraTest.FixedPeers(); // no focuser: in focus
        SimulatedCamera sim = rig.add(new SimulatedCamera(org.orrery.devices.common.sim.Configs.of(
                SimulatedCamera.Config.class, "width", 480, "height", 360, "readout_seconds", 0.01, "mount_id", ""),
                peers));
        try {
            Map<String, Object> result;
            try (FakeActionContext context = new FakeActionContext(Map.of("exposure", 0.3, "camera", "sim-camera"))) {
                result = Rig.run(action, context);
            }
            Map<String, Object> frame = ((List<Map<String, Object>>) result.get("frames")).get(0);
            double hfr = (Double) frame.get("hfr");
            // seeing 2.5" at 0.98"/px: sigma 1.08 px, a pixel adds 1/12 px²; HFR = sigma * sqrt(pi / 2)
            assertEquals(Math.sqrt(1.08 * 1.08 + 1 / 12.0) * Math.sqrt(Math.PI / 2), hfr, 0.1, frame.toString());
            assertTrue((Integer) frame.get("stars") >= 1, frame.toString());
            Path fits = home.resolve((String) frame.get("fits"));
            FitsVerify.assertNoErrors(fits);
            try (Fits read = new Fits(fits.toFile())) {
                Header h = read.readHDU().getHeader();
                assertEquals(hfr, h.getDoubleValue("HFR"), 1e-9);
                assertEquals(frame.get("stars"), h.getIntValue("STARS"));
            }
        } finally {
            sim.deactivate();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aFrameWithoutStarsHasNoHfr() throws Exception {
        Map<String, Object> result;
        try (FakeActionContext context = new FakeActionContext(Map.of("exposure", 0.01))) {
            result = Rig.run(action, context);
        }
        Map<String, Object> frame = ((List<Map<String, Object>>) result.get("frames")).get(0);
        assertTrue(frame.containsKey("hfr"));
        assertEquals(null, frame.get("hfr"));
        assertEquals(0, frame.get("stars"));
        try (Fits read = new Fits(home.resolve((String) frame.get("fits")).toFile())) {
            Header h = read.readHDU().getHeader();
            assertFalse(h.containsKey("HFR"));
            assertEquals(0, h.getIntValue("STARS"));
        }
    }
}
