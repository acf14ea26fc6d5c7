package org.orrery.devices.microscope.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.devices.common.action.Fakes;
import org.orrery.devices.common.action.Rig;
import org.orrery.devices.common.image.FitsVerify;
import org.orrery.task.ResourceClaim;
import org.orrery.task.TaskExecutionException;
import org.orrery.task.TaskParameterException;
import org.orrery.testsupport.FakeActionContext;

import nom.tam.fits.Fits;
import nom.tam.fits.Header;

class MicroscopeActionsTest {

    @TempDir
    Path home;

    private Rig rig;
    private Fakes.FakeMicroscope scope;

    @BeforeEach
    void setUp() {
        rig = new Rig(home);
        scope = rig.add(new Fakes.FakeMicroscope("scope-1"));
    }

    @AfterEach
    void tearDown() {
        rig.close();
    }

    @Test
    void captureImageWithoutParametersTakesA100MsFrameAndWritesValidFiles() throws Exception {
        try (FakeActionContext context = new FakeActionContext("5e0c1a2b-0000-4000-8000-000000000001", "test",
                Map.of())) {
            Map<String, Object> result = Rig.run(new CaptureImageAction(rig.instruments), context);
            assertEquals(0.1, scope.camera.asked.get(0).seconds(), 1e-12);
            assertEquals(null, scope.camera.asked.get(0).gain());
            assertEquals("scope-1", result.get("microscope"));
            String fits = (String) result.get("fits");
            assertTrue(fits.matches("data/images/\\d{4}-\\d\\d-\\d\\d/test_00000001_001\\.fits"), fits);
            assertEquals(fits, result.get("image_data"));
            assertEquals(List.of(fits, fits.replace(".fits", ".png")), result.get("files"));
            assertEquals(result.get("date_obs"), result.get("timestamp"));
            assertTrue(Files.isRegularFile(home.resolve((String) result.get("png"))));
            FitsVerify.assertNoErrors(home.resolve(fits));
            try (Fits read = new Fits(home.resolve(fits).toFile())) {
                Header h = read.readHDU().getHeader();
                assertEquals(0.1, h.getDoubleValue("EXPTIME"), 1e-12);
                assertEquals("test", h.getStringValue("OBJECT"));
                assertEquals("Fake microscope scope-1", h.getStringValue("TELESCOP"));
                assertEquals(100.0, h.getDoubleValue("STAGEZ"));
                assertEquals(1000, h.getIntValue("FOCUSPOS"));
                assertTrue(!h.containsKey("CCD-TEMP"), "NaN temperature left out");
            }
        }
    }

    @Test
    void captureImageTakesTheSeedsParameters() throws Exception {
        try (FakeActionContext context = new FakeActionContext(Map.of("exposure", 100, "gain", 1.5))) {
            Map<String, Object> result = Rig.run(new CaptureImageAction(rig.instruments), context);
            assertEquals(1.5, scope.camera.asked.get(0).gain());
            assertEquals(1.5, result.get("gain"));
        }
        try (FakeActionContext context = new FakeActionContext(Map.of("gain", 40))) {
            assertEquals("capture_image: parameter 'gain' is 40, outside the range of camera of microscope 'scope-1':"
                    + " 0.5 to 16", Rig.failure(new CaptureImageAction(rig.instruments), context).getMessage());
        }
        try (FakeActionContext context = new FakeActionContext(Map.of("exposure", 120_000))) {
            assertEquals("capture_image: parameter 'exposure' is 120000 ms, outside the range of camera of microscope"
                    + " 'scope-1': 0.01 to 60000 ms",
                    Rig.failure(new CaptureImageAction(rig.instruments), context).getMessage());
        }
    }

    @Test
    void anEmptyMicroscopeImageFails() throws Exception {
        scope.camera.image = Fakes.Image.ZEROS;
        try (FakeActionContext context = new FakeActionContext(Map.of())) {
            Throwable e = Rig.failure(new CaptureImageAction(rig.instruments), context);
            assertInstanceOf(TaskExecutionException.class, e);
            assertEquals("camera of microscope 'scope-1' returned an empty frame: all 1200 pixels are 0;"
                    + " expected an image with signal and noise", e.getMessage());
        }
    }

    @Test
    void moveStageReturnsTheNewPositionAndKeepsZWhenNotGiven() throws Exception {
        try (FakeActionContext context = new FakeActionContext(Map.of("x", 1500, "y", -20.5))) {
            assertEquals(Map.of("new_position", Map.of("x", 1500.0, "y", -20.5, "z", 100.0), "microscope", "scope-1"),
                    Rig.run(new MoveStageAction(rig.instruments), context));
        }
        try (FakeActionContext context = new FakeActionContext(Map.of("x", 0, "y", 0, "z", 250))) {
            assertEquals(Map.of("x", 0.0, "y", 0.0, "z", 250.0),
                    Rig.run(new MoveStageAction(rig.instruments), context).get("new_position"));
        }
    }

    @Test
    void aStageThatStopsElsewhereOrOutsideItsTravelFails() throws Exception {
        scope.stage.motion = Fakes.Motion.LIES;
        try (FakeActionContext context = new FakeActionContext(Map.of("x", 100, "y", 200))) {
            assertEquals("stage of microscope 'scope-1' reported the move done at x 125 y 200 z 100 µm, 25 µm from the"
                    + " target x 100 y 200 z 100 µm (tolerance 1 µm per axis)",
                    Rig.failure(new MoveStageAction(rig.instruments), context).getMessage());
        }
        try (FakeActionContext context = new FakeActionContext(Map.of("x", 100, "y", 200, "z", 900))) {
            Throwable e = Rig.failure(new MoveStageAction(rig.instruments), context);
            assertInstanceOf(TaskParameterException.class, e);
            assertEquals("move_stage: parameter 'z' is 900 µm, outside the travel of stage of microscope 'scope-1':"
                    + " 0 to 500 µm", e.getMessage());
        }
    }

    @Test
    void aStageRemovedWithItsMicroscopeFailsTheMove() throws Exception {
        scope.stage.motion = Fakes.Motion.NEVER;
        try (FakeActionContext context = new FakeActionContext(Map.of("x", 100, "y", 200))) {
            var stage = new MoveStageAction(rig.instruments).execute(context).toCompletableFuture();
            while (!scope.stage.moving) {
                Thread.onSpinWait();
            }
            rig.remove(scope);
            var e = org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> stage.get(10, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals("device removed: 'scope-1' is no longer available", e.getCause().getMessage());
        }
    }

    @Test
    void adjustFocusMovesTheFocusDrive() throws Exception {
        try (FakeActionContext context = new FakeActionContext(Map.of("position", 4200, "speed", 0.25))) {
            assertEquals(Map.of("position", 4200, "speed", 0.25, "microscope", "scope-1"),
                    Rig.run(new AdjustFocusAction(rig.instruments), context));
            assertEquals(0.25, scope.focus.speed);
        }
    }

    @Test
    void theMicroscopeIsClaimed() {
        assertEquals(List.of(ResourceClaim.exclusive("device:scope-1")),
                new MoveStageAction(rig.instruments).resources(Map.of("x", 1, "y", 2)));
    }
}
