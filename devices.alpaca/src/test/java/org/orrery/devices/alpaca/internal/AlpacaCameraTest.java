package org.orrery.devices.alpaca.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.orrery.devices.alpaca.internal.TestSupport.await;
import static org.orrery.devices.alpaca.internal.TestSupport.failure;
import static org.orrery.devices.alpaca.internal.TestSupport.join;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.orrery.device.Camera;
import org.orrery.device.CameraInfo;
import org.orrery.device.ConnectionState;
import org.orrery.device.DeviceException;
import org.orrery.device.ExposureSettings;
import org.orrery.device.Frame;
import org.orrery.device.FrameType;

class AlpacaCameraTest {

    private FakeAlpacaServer server;
    private AlpacaCamera camera;

    @BeforeEach
    void start() throws Exception {
        server = new FakeAlpacaServer();
    }

    @AfterEach
    void stop() throws Exception {
        if (camera != null) {
            camera.close();
        }
        server.close();
    }

    private AlpacaCamera connect(boolean imageBytes) {
        camera = new AlpacaCamera(TestSupport.settings(server.host(), server.port(), AlpacaType.CAMERA, imageBytes));
        camera.start();
        await(() -> camera.connectionState() == ConnectionState.CONNECTED, camera::statusMessage);
        return camera;
    }

    private static void assertPattern(Frame frame, int width, int height, boolean light) {
        assertEquals(width, frame.width());
        assertEquals(height, frame.height());
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                assertEquals(FakeAlpacaServer.pattern(x, y, light), frame.pixels()[y * width + x],
                        "pixel x=" + x + ", y=" + y);
            }
        }
    }

    @Test
    void connectsAndReadsWhatTheCameraCanDo() {
        connect(true);
        assertTrue(server.camera.connected, "the driver must PUT connected=true");
        CameraInfo info = camera.info();
        assertEquals(FakeAlpacaServer.WIDTH, info.width());
        assertEquals(FakeAlpacaServer.HEIGHT, info.height());
        assertEquals(3.76, info.pixelSizeMicrons());
        assertEquals(4, info.maxBin());
        assertEquals(16, info.bitDepth());
        assertEquals(0, info.minGain());
        assertEquals(FakeAlpacaServer.GAIN_MAX, info.maxGain());
        assertEquals(0, info.minOffset());
        assertEquals(100, info.maxOffset());
        assertTrue(info.cooled());
        assertEquals("Fake Alpaca Camera", camera.name());
        assertEquals(-10.0, camera.temperature());
        assertEquals(Camera.ExposureState.IDLE, camera.exposureState());
        assertEquals(-10.0, camera.values().get("temperature_celsius"));
        assertEquals("idle", camera.values().get("exposure_state"));
        assertEquals("alpaca", camera.driver());
    }

    @Test
    void exposureOverImageBytesGivesTheFrameRowByRow() throws Exception {
        connect(true);
        Frame frame = join(camera.expose(new ExposureSettings(0.05, FrameType.LIGHT, 1, 1, 120.0, 20)));
        assertPattern(frame, FakeAlpacaServer.WIDTH, FakeAlpacaServer.HEIGHT, true);
        assertEquals(16, frame.bitDepth());
        assertEquals(120.0, frame.settings().gain());
        assertEquals("Fake Alpaca Camera", frame.headers().get("INSTRUME"));
        assertEquals(-10.0, frame.headers().get("CCD-TEMP"));
        assertEquals(120, server.camera.gain);
        assertEquals(20, server.camera.offset);
        FakeAlpacaServer.Request start = server.requests("/startexposure").get(0);
        assertEquals("0.05", start.params().get("Duration"));
        assertEquals("true", start.params().get("Light"));
        FakeAlpacaServer.Request image = server.requests("/imagearray").get(0);
        assertTrue(image.accept().contains("application/imagebytes"), image.accept());
    }

    @Test
    void imageBytesWithInt32TransmissionGivesTheSameFrame() throws Exception {
        connect(true);
        server.camera.transmission = ImageDecoder.INT32;
        Frame frame = join(camera.expose(ExposureSettings.light(0.02)));
        assertPattern(frame, FakeAlpacaServer.WIDTH, FakeAlpacaServer.HEIGHT, true);
    }

    @Test
    void serverWithoutImageBytesAnswersJsonWhichIsReadAsWell() throws Exception {
        server.camera.imageBytes = false;
        connect(true);
        Frame frame = join(camera.expose(ExposureSettings.light(0.02)));
        assertPattern(frame, FakeAlpacaServer.WIDTH, FakeAlpacaServer.HEIGHT, true);
    }

    @Test
    void jsonIsAskedForWhenImageBytesIsOff() throws Exception {
        connect(false);
        Frame frame = join(camera.expose(ExposureSettings.light(0.02)));
        assertPattern(frame, FakeAlpacaServer.WIDTH, FakeAlpacaServer.HEIGHT, true);
        String accept = server.requests("/imagearray").get(0).accept();
        assertTrue(!accept.contains("imagebytes"), accept);
    }

    @Test
    void darkAndBiasFramesAreTakenWithLightFalse() throws Exception {
        connect(true);
        Frame dark = join(camera.expose(new ExposureSettings(0.02, FrameType.DARK, 1, 1, null, null)));
        assertPattern(dark, FakeAlpacaServer.WIDTH, FakeAlpacaServer.HEIGHT, false);
        Frame bias = join(camera.expose(new ExposureSettings(0, FrameType.BIAS, 1, 1, null, null)));
        assertPattern(bias, FakeAlpacaServer.WIDTH, FakeAlpacaServer.HEIGHT, false);
        List<FakeAlpacaServer.Request> starts = server.requests("/startexposure");
        assertEquals("false", starts.get(0).params().get("Light"));
        assertEquals("false", starts.get(1).params().get("Light"));
        assertEquals("0.001", starts.get(1).params().get("Duration"), "a bias is the camera's shortest exposure");
        assertEquals(0.001, bias.settings().seconds());
    }

    @Test
    void binningSetsTheFrameAndShrinksTheImage() throws Exception {
        connect(true);
        Frame frame = join(camera.expose(new ExposureSettings(0.02, FrameType.LIGHT, 2, 2, null, null)));
        assertPattern(frame, FakeAlpacaServer.WIDTH / 2, FakeAlpacaServer.HEIGHT / 2, true);
        assertEquals(2, server.camera.binX);
        assertEquals(FakeAlpacaServer.WIDTH / 2, server.camera.numX);
        assertEquals(FakeAlpacaServer.HEIGHT / 2, server.camera.numY);
        assertEquals(3.76 * 2, frame.headers().get("XPIXSZ"));
    }

    @Test
    void gainOutsideTheAdvertisedRangeIsRefusedBeforeAnythingIsSent() throws Exception {
        connect(true);
        Throwable e = failure(camera.expose(new ExposureSettings(0.02, FrameType.LIGHT, 1, 1, 500.0, null)));
        AlpacaException a = assertInstanceOf(AlpacaException.class, e);
        assertEquals(0x401, a.errorNumber());
        assertTrue(a.getMessage().contains("gain 500 is outside") && a.getMessage().contains("0 to 300"), a.getMessage());
        assertTrue(server.requests("/startexposure").isEmpty());
        assertTrue(server.requests("/gain").stream().noneMatch(r -> r.method().equals("PUT")));
        assertEquals(ConnectionState.CONNECTED, camera.connectionState(), "a refused value is not a lost connection");
    }

    @Test
    void gainRefusedByTheServerCarriesItsErrorNumberAndMessage() throws Exception {
        server.camera.gainLimits = false; // gainmin/gainmax answer 0x400: the driver cannot check first
        connect(true);
        assertTrue(!camera.info().gainSettable());
        Throwable e = failure(camera.expose(new ExposureSettings(0.02, FrameType.LIGHT, 1, 1, 500.0, null)));
        AlpacaException a = assertInstanceOf(AlpacaException.class, e);
        assertEquals(AlpacaException.Kind.DEVICE, a.kind());
        assertEquals(0x401, a.errorNumber());
        assertTrue(a.getMessage().contains("0x401 (invalid value)"), a.getMessage());
        assertTrue(a.getMessage().contains("Gain 500 is outside the valid range 0 to 300"), a.getMessage());
        assertTrue(a.getMessage().contains("PUT camera/0/gain"), a.getMessage());
        assertTrue(server.requests("/startexposure").isEmpty(), "no exposure after a refused gain");
        assertEquals(ConnectionState.CONNECTED, camera.connectionState());
        // and the camera still works
        assertPattern(join(camera.expose(ExposureSettings.light(0.02))), FakeAlpacaServer.WIDTH,
                FakeAlpacaServer.HEIGHT, true);
    }

    @Test
    void binningAboveTheMaximumIsRefused() throws Exception {
        connect(true);
        Throwable e = failure(camera.expose(new ExposureSettings(0.02, FrameType.LIGHT, 8, 8, null, null)));
        assertTrue(e.getMessage().contains("binning 8x8 exceeds") && e.getMessage().contains("maximum 4"),
                e.getMessage());
    }

    @Test
    void abortFailsTheExposureInProgress() throws Exception {
        connect(true);
        server.camera.hang = true;
        var exposure = camera.expose(ExposureSettings.light(0.02));
        await(() -> !server.requests("/startexposure").isEmpty(), () -> server.requests().toString());
        camera.abortExposure();
        Throwable e = failure(exposure);
        assertInstanceOf(DeviceException.class, e);
        assertTrue(e.getMessage().contains("aborted"), e.getMessage());
        assertEquals(1, server.requests("/abortexposure").size());
    }

    @Test
    void imageThatNeverBecomesReadyTimesOut() throws Exception {
        camera = new AlpacaCamera(new DeviceSettings("slow", "", server.host(), server.port(), AlpacaType.CAMERA, 0, 7,
                java.time.Duration.ofMillis(100), java.time.Duration.ofMillis(20), java.time.Duration.ofSeconds(1),
                java.time.Duration.ofSeconds(3), java.time.Duration.ofSeconds(3), java.time.Duration.ofMillis(200),
                java.time.Duration.ofSeconds(3), true));
        camera.start();
        await(() -> camera.connectionState() == ConnectionState.CONNECTED, camera::statusMessage);
        server.camera.hang = true;
        Throwable e = failure(camera.expose(ExposureSettings.light(0.02)));
        assertTrue(e.getMessage().contains("did not report imageready"), e.getMessage());
        assertEquals(1, server.requests("/abortexposure").size(), "the timed-out exposure is aborted");
    }
}
