package org.orrery.devices.indi.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.orrery.device.Camera;
import org.orrery.device.ConnectionState;
import org.orrery.device.Device;
import org.orrery.device.DeviceException;
import org.orrery.device.DeviceRemovedException;
import org.orrery.device.ExposureSettings;
import org.orrery.device.FilterWheel;
import org.orrery.device.Focuser;
import org.orrery.device.Frame;
import org.orrery.device.FrameType;
import org.orrery.device.Mount;
import org.orrery.devices.common.sky.Angles;

/**
 * The driver against Debian's real indiserver and its CCD, telescope, focuser and filter wheel
 * simulators, in the test JVM's private network namespace (see IndiTestServer).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IndiDriverTest {

    private static final int PORT = 7624;
    private static IndiTestServer indi;
    private static RecordingRegistrar registrar;
    private static IndiServer server;

    @BeforeAll
    static void startServer() throws Exception {
        indi = new IndiTestServer(PORT, IndiTestServer.SIMULATORS).start();
        registrar = new RecordingRegistrar();
        IndiSettings settings = IndiSettings.defaults("localhost", PORT)
                .withReconnect(Duration.ofMillis(200), Duration.ofSeconds(2)).withConnectTimeout(Duration.ofSeconds(3));
        server = new IndiServer(settings, registrar);
        server.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
        if (indi != null) {
            indi.close();
        }
    }

    @Test
    @Order(1)
    void everySimulatorBecomesAConnectedDeviceOfItsType() throws Exception {
        awaitTrue("4 devices connected", Duration.ofSeconds(15), () -> registrar.live.size() == 4
                && registrar.live.stream().allMatch(p -> p.device().connectionState() == ConnectionState.CONNECTED));
        assertPublished("indi-ccd-simulator", Camera.class, "camera");
        assertPublished("indi-telescope-simulator", Mount.class, "mount");
        assertPublished("indi-focuser-simulator", Focuser.class, "focuser");
        assertPublished("indi-filter-simulator", FilterWheel.class, "filter_wheel");
        Camera camera = camera();
        // the server defines CCD_INFO a moment after the connection is on: wait for it, as a client would
        awaitTrue("the camera's CCD_INFO arrives", Duration.ofSeconds(15), () -> camera.info().width() > 0);
        assertEquals("CCD Simulator", camera.name());
        assertEquals(1280, camera.info().width());
        assertEquals(1024, camera.info().height());
        assertEquals(0, camera.info().minGain());
        assertEquals(100, camera.info().maxGain());
    }

    @Test
    @Order(2)
    void exposureDeliversAFitsThatFitsverifyAcceptsAndDecodesIntoAFrame() throws Exception {
        IndiCamera camera = (IndiCamera) camera();
        IndiCamera.Exposure exposure = get(camera.exposeRaw(new ExposureSettings(1, FrameType.LIGHT, 2, 2, 50.0, 10)),
                30);
        Frame frame = exposure.frame();
        assertEquals(640, frame.width());
        assertEquals(512, frame.height());
        assertEquals(16, frame.bitDepth());
        assertEquals(2, frame.settings().binX());
        assertEquals(50.0, frame.settings().gain());
        assertEquals(10, frame.settings().offset());
        assertTrue(Arrays.stream(frame.pixels()).anyMatch(p -> p > 0), "the frame has only zero pixels");
        assertEquals("CCD Simulator", frame.headers().get("INSTRUME"));
        assertEquals(1.0, ((Number) frame.headers().get("EXPTIME")).doubleValue(), 1e-9);
        assertEquals(2L, frame.headers().get("XBINNING"));
        assertEquals("Light Frame", frame.headers().get("IMAGETYP"));
        assertEquals(".fits", exposure.format());

        assertEquals("verification OK", fitsverify(exposure.fits(), "exposure.fits"));
        assertEquals("2x2", camera.values().get("binning"));
    }

    @Test
    @Order(3)
    void compressedImagesAreDecodedToo() throws Exception {
        IndiCamera camera = (IndiCamera) camera();
        IndiClient client = server.client();
        client.sendNew("CCD Simulator", "CCD_COMPRESSION", IndiKind.SWITCH, Map.of("INDI_ENABLED", "On"));
        awaitTrue("compression on", Duration.ofSeconds(5),
                () -> client.property("CCD Simulator", "CCD_COMPRESSION").on("INDI_ENABLED"));
        try {
            IndiCamera.Exposure exposure = get(camera.exposeRaw(new ExposureSettings(0.1, FrameType.DARK, 2, 2, null,
                    null)), 30);
            assertEquals(".fits.fz", exposure.format()); // INDI 1.9.9 compresses with fpack, not zlib
            assertEquals(640, exposure.frame().width());
            assertEquals(512, exposure.frame().height());
            assertEquals("Dark Frame", exposure.frame().headers().get("IMAGETYP"));
            assertTrue(Arrays.stream(exposure.frame().pixels()).anyMatch(p -> p > 0));
            // no fitsverify here: INDI 1.9.9's own .fits.fz has bytes after its last HDU, which fitsverify
            // counts as an error ("File has extra byte(s) after last HDU"); the decoder ignores them
        } finally {
            client.sendNew("CCD Simulator", "CCD_COMPRESSION", IndiKind.SWITCH, Map.of("INDI_DISABLED", "On"));
            awaitTrue("compression off", Duration.ofSeconds(5),
                    () -> client.property("CCD Simulator", "CCD_COMPRESSION").on("INDI_DISABLED"));
        }
    }

    @Test
    @Order(4)
    void gainOutOfRangeFailsWithTheRangeAndTheValue() throws Exception {
        Camera camera = camera();
        DeviceException e = failure(camera.expose(new ExposureSettings(0.1, FrameType.LIGHT, 1, 1, 120.0, null)), 20);
        assertEquals("indi-ccd-simulator", e.deviceId());
        assertTrue(e.getMessage().contains("GAIN=120"), e.getMessage());
        assertTrue(e.getMessage().contains("Valid range is from 0 to 100"), e.getMessage());
        assertTrue(e.getMessage().contains("Alert"), e.getMessage());
    }

    @Test
    @Order(5)
    void filterWheelSelectsASlotAndNamesItsFilters() throws Exception {
        FilterWheel wheel = (FilterWheel) registrar.byId("indi-filter-simulator").device();
        assertEquals(List.of("Red", "Green", "Blue", "H_Alpha", "SII", "OIII", "LPR", "Luminance"),
                wheel.filterNames());
        get(wheel.select(3), 20);
        assertEquals(3, wheel.slot());
        assertEquals("Blue", wheel.values().get("filter"));
        get(wheel.select(1), 20);
        assertEquals(1, wheel.slot());
        DeviceException e = failure(wheel.select(9), 10);
        assertTrue(e.getMessage().contains("slots 1 to 8"), e.getMessage());
    }

    @Test
    @Order(6)
    void focuserMovesToAnAbsolutePosition() throws Exception {
        Focuser focuser = (Focuser) registrar.byId("indi-focuser-simulator").device();
        assertEquals(100000, focuser.maxPosition());
        get(focuser.moveTo(51000, 1.0), 30);
        assertEquals(51000, focuser.position());
        get(focuser.moveTo(50000, 0.5), 30);
        assertEquals(50000, focuser.position());
    }

    @Test
    @Order(7)
    void mountSlewsAFewDegreesAndEndsWhereAsked() throws Exception {
        Mount mount = (Mount) registrar.byId("indi-telescope-simulator").device();
        assertFalse(mount.parked());
        double ra = normalizeHours(mount.rightAscension());
        double dec = Math.min(mount.declination(), 88) - 3;
        get(mount.slew(ra, dec), 40);
        assertTrue(Angles.separationDegrees(mount.rightAscension(), mount.declination(), ra, dec) < 0.1,
                "mount at RA " + mount.rightAscension() + " Dec " + mount.declination() + ", asked " + ra + " " + dec);
        double ra2 = normalizeHours(ra + 0.2);
        double dec2 = dec - 2;
        get(mount.slew(ra2, dec2), 40);
        assertTrue(Angles.separationDegrees(mount.rightAscension(), mount.declination(), ra2, dec2) < 0.1,
                "mount at RA " + mount.rightAscension() + " Dec " + mount.declination() + ", asked " + ra2 + " " + dec2);
        assertTrue(mount.tracking());
        assertFalse(mount.slewing());
    }

    @Test
    @Order(8)
    void parkedMountRefusesToSlewWithItsWarningAndUnparks() throws Exception {
        IndiMount mount = (IndiMount) registrar.byId("indi-telescope-simulator").device();
        // park where it stands, so parking takes a moment instead of 15-30 s
        server.client().sendNew("Telescope Simulator", "TELESCOPE_PARK_OPTION", IndiKind.SWITCH,
                Map.of("PARK_CURRENT", "On"));
        awaitTrue("park position set", Duration.ofSeconds(5), () -> {
            IndiVector v = server.client().property("Telescope Simulator", "TELESCOPE_PARK_OPTION");
            return v != null && v.state() == IndiState.OK;
        });
        get(mount.park(), 60);
        assertTrue(mount.parked());
        DeviceException e = failure(mount.slew(normalizeHours(mount.rightAscension() + 1), 10), 20);
        assertTrue(e.getMessage().contains("[WARNING]"), e.getMessage());
        assertTrue(e.getMessage().contains("unpark"), e.getMessage());
        assertTrue(e.getMessage().contains("EQUATORIAL_EOD_COORD RA="), e.getMessage());
        get(mount.unpark(), 20);
        assertFalse(mount.parked());
    }

    @Test
    @Order(9)
    void driverKilledMidExposureFailsClearlyAndTheRetrySucceedsAfterTheReconnect() throws Exception {
        IndiCamera camera = (IndiCamera) camera();
        get(camera.expose(new ExposureSettings(0.2, FrameType.LIGHT, 2, 2, null, null)), 20);
        CompletionStage<Frame> running = camera.expose(new ExposureSettings(3, FrameType.LIGHT, 2, 2, null, null));
        awaitTrue("exposure running", Duration.ofSeconds(5), () -> camera.exposureState() == Camera.ExposureState.EXPOSING);
        indi.killDriver("indi_simulator_ccd");
        DeviceException e = failure(running, 20);
        assertEquals("INDI driver for 'CCD Simulator' went away during the exposure", e.getMessage());
        // the device stays registered and says what is going on, then comes back connected
        assertNotNull(registrar.byId("indi-ccd-simulator"));
        awaitTrue("camera connected again", Duration.ofSeconds(15),
                () -> camera.connectionState() == ConnectionState.CONNECTED);
        // settings made through Orrery are re-applied after the reconnect (the driver restarts at 1x1)
        awaitTrue("binning re-applied", Duration.ofSeconds(5), () -> "2x2".equals(camera.values().get("binning")));
        Frame frame = get(camera.expose(ExposureSettings.light(1)), 30);
        assertEquals(1280, frame.width());
    }

    @Test
    @Order(10)
    void droppedServerConnectionIsReconnectedAndDevicesWorkAgain() throws Exception {
        Focuser focuser = (Focuser) registrar.byId("indi-focuser-simulator").device();
        indi.stop();
        awaitTrue("focuser not connected", Duration.ofSeconds(5),
                () -> focuser.connectionState() != ConnectionState.CONNECTED);
        awaitTrue("status names the server", Duration.ofSeconds(5),
                () -> focuser.statusMessage().contains("localhost:" + PORT));
        DeviceException e = failure(focuser.moveTo(42000, 1), 30);
        assertTrue(e.getMessage().contains("not connected"), e.getMessage());
        indi.start();
        awaitTrue("all 4 connected again", Duration.ofSeconds(20), () -> registrar.live.size() == 4
                && registrar.live.stream().allMatch(p -> p.device().connectionState() == ConnectionState.CONNECTED));
        get(focuser.moveTo(42000, 1), 30);
        assertEquals(42000, focuser.position());
    }

    @Test
    @Order(11)
    void closingFailsPendingOperationsAndLeavesNoThreadBehind() throws Exception {
        Camera camera = camera();
        CompletionStage<Frame> pending = camera.expose(ExposureSettings.light(5));
        awaitTrue("exposure running", Duration.ofSeconds(10), () -> camera.exposureState() == Camera.ExposureState.EXPOSING);
        server.close();
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> pending.toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertInstanceOf(DeviceRemovedException.class, e.getCause());
        assertTrue(registrar.live.isEmpty(), "still registered: " + registrar.live);
        List<String> left = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("indi-")).toList();
        assertEquals(List.of(), left);
        server = null;
    }

    // ---- helpers ----

    /** Runs {@code fitsverify -q}: "verification OK: <file>" and exit 0 mean 0 errors and 0 warnings. */
    private static String fitsverify(byte[] fits, String name) throws Exception {
        Path file = indi.home().resolve(name);
        Files.write(file, fits);
        Process verify = new ProcessBuilder(IndiTestServer.which("fitsverify"), "-q", file.toString())
                .redirectErrorStream(true).start();
        String out = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(verify.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, verify.exitValue(), out);
        assertTrue(out.startsWith("verification OK: ") && out.contains(name), "fitsverify said: " + out);
        return out.substring(0, "verification OK".length());
    }

    private static Camera camera() {
        return (Camera) registrar.byId("indi-ccd-simulator").device();
    }

    private static void assertPublished(String id, Class<?> type, String typeId) {
        RecordingRegistrar.Published p = registrar.byId(id);
        assertNotNull(p, "no device " + id + " among " + registrar.live.stream().map(x -> x.device().id()).toList());
        assertTrue(type.isInstance(p.device()));
        assertEquals(List.of(type.getName(), Device.class.getName()), p.interfaces());
        assertEquals(id, p.properties().get(Device.ID));
        assertEquals(typeId, p.properties().get(Device.TYPE));
        assertEquals("indi", p.properties().get(Device.DRIVER));
    }

    private static double normalizeHours(double h) {
        double r = h % 24;
        return r < 0 ? r + 24 : r;
    }

    static <T> T get(CompletionStage<T> stage, int seconds) throws Exception {
        try {
            return stage.toCompletableFuture().get(seconds, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }

    static DeviceException failure(CompletionStage<?> stage, int seconds) throws Exception {
        try {
            Object result = stage.toCompletableFuture().get(seconds, TimeUnit.SECONDS);
            return fail("expected a DeviceException, got " + result);
        } catch (ExecutionException e) {
            return assertInstanceOf(DeviceException.class, e.getCause());
        }
    }

    static void awaitTrue(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + timeout.toSeconds() + " s waiting for: " + what + logTail());
            }
            Thread.sleep(20);
        }
    }

    private static String logTail() {
        String log = indi == null ? "" : indi.log();
        return "\n--- indiserver log (tail) ---\n" + log.substring(Math.max(0, log.length() - 3000));
    }

}
