package org.orrery.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The runtime's INDI driver against Debian's real {@code indiserver} with the CCD, telescope,
 * focuser and filter wheel simulators, all through the REST API: the runtime jar is configured
 * from {@code etc/org.orrery.devices.indi.server-main.cfg}, lists the four INDI devices, and runs
 * slew, filter, focus and exposure tasks on them (the FITS passes fitsverify and carries the
 * mount's pointing, the focuser's position and the filter); a gain out of range fails the task
 * with the camera's range; a CCD driver killed mid-exposure fails the attempt clearly, and the
 * retry succeeds once the driver is back.
 *
 * <p>indiserver listens on all interfaces, so this test JVM, the indiserver and the runtime it
 * starts run in a private network namespace that has only loopback: the failsafe execution
 * {@code indi} (tag {@code indi}) uses devices.indi's {@code src/test/netns/bin/java} as its JVM.
 */
@Tag("indi")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IndiRuntimeIT {

    static final String CAMERA = IndiRig.CAMERA;
    static final String MOUNT = IndiRig.MOUNT;
    static final String FOCUSER = IndiRig.FOCUSER;
    static final String WHEEL = IndiRig.WHEEL;
    static final String WEATHER = IndiRig.WEATHER;

    static IndiRig rig;
    static InstrumentApi api;
    /** The FITS file of the exposure with every device named. */
    static Path exposed;

    @BeforeAll
    static void start() throws Exception {
        rig = IndiRig.start("indi", false, true);
        api = rig.api;
    }

    @AfterAll
    static void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    static Map<String, JsonNode> indiDevices() {
        return rig.indiDevices();
    }

    static JsonNode device(String id) {
        return rig.device(id);
    }

    static JsonNode run(String task, Duration timeout) {
        return api.awaitEnd(api.submit(task).get("id").asText(), timeout);
    }

    static JsonNode completed(String task, Duration timeout) {
        JsonNode done = run(task, timeout);
        assertEquals("completed", done.get("status").asText(), done.toString());
        return done;
    }

    static List<Path> fitsFiles(JsonNode task) {
        return rig.fitsFiles(task);
    }

    static ProcessHandle driver(String executable) {
        return rig.driver(executable);
    }

    @Test
    @Order(1)
    void theInstrumentsOfTheIndiServerAreListedConnected() {
        Map<String, JsonNode> devices = indiDevices();
        Map<String, String> types = new TreeMap<>();
        devices.forEach((id, d) -> types.put(id, d.get("type").asText() + ":" + d.get("connection").asText()));
        assertEquals(Map.of(CAMERA, "camera:connected", MOUNT, "mount:connected", FOCUSER, "focuser:connected",
                WHEEL, "filter_wheel:connected", WEATHER, "safety_monitor:connected"), types);
        assertEquals("CCD Simulator", devices.get(CAMERA).get("name").asText());
        assertEquals("device:" + CAMERA, devices.get(CAMERA).get("resource").asText());
        JsonNode wheel = device(WHEEL);
        assertEquals("H_Alpha", wheel.at("/values/filter_names/3").asText(), wheel.toString());
        assertTrue(device(MOUNT).at("/values/dec_degrees").isNumber(), device(MOUNT).toString());
        assertTrue(device(FOCUSER).at("/values/position").isNumber(), device(FOCUSER).toString());
    }

    @Test
    @Order(2)
    void slewFilterAndFocusAreVerifiedAndTheExposureCarriesThemInAFitsThatFitsverifyAccepts() throws Exception {
        // a few degrees from where the simulator starts (the pole)
        double ra = 3.5;
        double dec = 87;
        JsonNode slew = completed("{\"action\": \"mount.slew\", \"parameters\": {\"ra\": " + ra + ", \"dec\": " + dec
                + ", \"mount\": \"" + MOUNT + "\"}}", Duration.ofSeconds(60));
        assertTrue(slew.at("/result/error_arcmin").asDouble() <= 1, slew.toString());
        JsonNode mount = device(MOUNT);
        assertEquals(dec, mount.at("/values/dec_degrees").asDouble(), 1 / 60.0, mount.toString());
        assertEquals(ra, mount.at("/values/ra_hours").asDouble(), 1 / 60.0 / Math.cos(Math.toRadians(dec)) / 15 * 1.01,
                mount.toString());

        JsonNode filter = completed("{\"action\": \"filterwheel.select\", \"parameters\": {\"name\": \"h_alpha\","
                + " \"filter_wheel\": \"" + WHEEL + "\"}}", Duration.ofSeconds(60));
        assertEquals(4, filter.at("/result/slot").asInt(), filter.toString());
        assertEquals("H_Alpha", filter.at("/result/name").asText(), filter.toString());
        assertEquals(4, device(WHEEL).at("/values/slot").asInt());

        int position = device(FOCUSER).at("/values/position").asInt() == 42000 ? 43000 : 42000;
        JsonNode focus = completed("{\"action\": \"focuser.move\", \"parameters\": {\"position\": " + position
                + ", \"focuser\": \"" + FOCUSER + "\"}}", Duration.ofSeconds(60));
        assertEquals(position, focus.at("/result/position").asInt(), focus.toString());
        assertEquals(position, device(FOCUSER).at("/values/position").asInt());

        JsonNode pointing = device(MOUNT);
        double mountRa = pointing.at("/values/ra_hours").asDouble();
        double mountDec = pointing.at("/values/dec_degrees").asDouble();
        JsonNode expose = completed("{\"action\": \"camera.expose\", \"parameters\": {\"exposure\": 1, \"object\": \"indi-e2e\","
                + " \"camera\": \"" + CAMERA + "\", \"mount\": \"" + MOUNT + "\", \"focuser\": \"" + FOCUSER + "\","
                + " \"filter_wheel\": \"" + WHEEL + "\"}}", Duration.ofSeconds(60));
        assertEquals(CAMERA, expose.at("/result/camera").asText());
        assertEquals(1280, expose.at("/result/frames/0/width").asInt(), expose.toString());
        List<Path> fits = fitsFiles(expose);
        assertEquals(1, fits.size(), expose.toString());
        Path file = fits.get(0);
        exposed = file;
        InstrumentApi.assertFitsVerifies(file);
        assertEquals("1280", InstrumentApi.header(file, "NAXIS1"));
        assertEquals("1024", InstrumentApi.header(file, "NAXIS2"));
        assertEquals("Light Frame", InstrumentApi.header(file, "IMAGETYP"));
        assertEquals(1.0, Double.parseDouble(InstrumentApi.header(file, "EXPTIME")), 1e-6);
        assertEquals("CCD Simulator", InstrumentApi.header(file, "INSTRUME"));
        assertEquals("Telescope Simulator", InstrumentApi.header(file, "TELESCOP"));
        assertEquals(position, Double.parseDouble(InstrumentApi.header(file, "FOCUSPOS")), 0.5, "the focuser's position");
        // the mount's pointing: the headers may hold it for the equinox of date (the mount's
        // EQUATORIAL_EOD_COORD, as Orrery computes it) or for J2000 (as the CCD simulator writes
        // it, with EQUINOX = 2000): within precession (~0.4 deg since 2000) of where the mount points
        assertNotNull(InstrumentApi.header(file, "RA"), "RA in the headers");
        assertNotNull(InstrumentApi.header(file, "DEC"), "DEC in the headers");
        double fitsRa = Double.parseDouble(InstrumentApi.header(file, "RA"));
        double fitsDec = Double.parseDouble(InstrumentApi.header(file, "DEC"));
        double separation = separationDegrees(mountRa * 15, mountDec, fitsRa, fitsDec);
        assertTrue(separation < 0.5, "RA " + fitsRa + " deg, DEC " + fitsDec + " deg in the FITS are " + separation
                + " deg from the mount's RA " + mountRa + " h, Dec " + mountDec + " deg");
    }

    /**
     * The task's object and the filter of the wheel the task named, not what the INDI CCD driver
     * writes into its own FITS (OBJECT 'Unknown'; FILTER from the wheel it snoops, by default its
     * own built-in one, which is not the wheel in use).
     */
    @Test
    @Order(3)
    void theFitsNamesTheTasksObjectAndTheFilterOfTheWheelInUse() throws Exception {
        assertNotNull(exposed, "the exposure of the test before wrote no file");
        assertEquals("indi-e2e", InstrumentApi.header(exposed, "OBJECT"), "OBJECT: the object the task named");
        assertEquals("H_Alpha", InstrumentApi.header(exposed, "FILTER"), "FILTER: the filter in place in " + WHEEL);
    }

    /** Great-circle distance in degrees between two positions given in degrees. */
    static double separationDegrees(double ra1, double dec1, double ra2, double dec2) {
        double a1 = Math.toRadians(ra1);
        double d1 = Math.toRadians(dec1);
        double a2 = Math.toRadians(ra2);
        double d2 = Math.toRadians(dec2);
        double cos = Math.sin(d1) * Math.sin(d2) + Math.cos(d1) * Math.cos(d2) * Math.cos(a1 - a2);
        return Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, cos))));
    }

    @Test
    @Order(4)
    void aGainOutOfTheCamerasRangeFailsTheTaskNamingTheRangeAndTheValue() {
        JsonNode gain = run("{\"action\": \"camera.expose\", \"parameters\": {\"exposure\": 0.1, \"gain\": 120,"
                + " \"camera\": \"" + CAMERA + "\", \"mount\": \"" + MOUNT + "\", \"focuser\": \"" + FOCUSER + "\","
                + " \"filter_wheel\": \"" + WHEEL + "\"}}", Duration.ofSeconds(60));
        assertEquals("failed", gain.get("status").asText(), gain.toString());
        String error = gain.get("error").asText();
        assertTrue(error.contains("0 to 100") && error.contains("120"), error);
        assertEquals(1, gain.get("attempts").asInt(), "a bad parameter is not retried: " + gain);
    }

    @Test
    @Order(5)
    void aDriverKilledMidExposureFailsTheAttemptClearlyAndTheRetrySucceedsAfterItIsBack() throws Exception {
        String id = "indi-crash-" + UUID.randomUUID();
        api.submit("{\"id\": \"" + id + "\", \"action\": \"camera.expose\", \"max_retries\": 2, \"retry_delay\": 1,"
                + " \"parameters\": {\"exposure\": 3, \"object\": \"crash\", \"camera\": \"" + CAMERA + "\", \"mount\": \""
                + MOUNT + "\", \"focuser\": \"" + FOCUSER + "\", \"filter_wheel\": \"" + WHEEL + "\"}}");
        api.runtime.await("the CCD simulator is exposing for task " + id, Duration.ofSeconds(20),
                () -> device(CAMERA).at("/values/exposure_state").asText().equals("exposing"));
        RuntimeProcess.sleep(500);
        ProcessHandle ccd = driver("indi_simulator_ccd");
        ccd.destroyForcibly();
        assertTrue(ccd.onExit().get(10, TimeUnit.SECONDS) != null && !ccd.isAlive());

        // the failed first attempt is in the task's record while it waits for its retry
        JsonNode[] retrying = new JsonNode[1];
        api.runtime.await("task " + id + " fails its first attempt and waits to retry", Duration.ofSeconds(20), () -> {
            JsonNode t = api.ok(api.call("GET", "/tasks/" + id, null));
            if (t.get("status").asText().equals("retrying")) {
                retrying[0] = t;
                return true;
            }
            if (!t.get("status").asText().equals("running")) {
                fail("expected the task to wait for its retry, but it is " + t);
            }
            return false;
        });
        String error = retrying[0].get("error").asText();
        assertTrue(error.contains("went away during the exposure") && error.contains("CCD Simulator"), error);
        assertEquals(1, retrying[0].get("attempts").asInt(), retrying[0].toString());

        JsonNode done = api.awaitEnd(id, Duration.ofSeconds(60));
        assertEquals("completed", done.get("status").asText(), done.toString());
        assertEquals(2, done.get("attempts").asInt(), done.toString());
        assertEquals(1, done.get("retry_count").asInt(), done.toString());
        List<Path> fits = fitsFiles(done);
        assertEquals(1, fits.size(), done.toString());
        InstrumentApi.assertFitsVerifies(fits.get(0));
        assertEquals(3.0, Double.parseDouble(InstrumentApi.header(fits.get(0), "EXPTIME")), 1e-6);
        assertTrue(driver("indi_simulator_ccd").pid() != ccd.pid(), "indiserver restarted the driver");
        assertEquals("connected", device(CAMERA).get("connection").asText());
    }

    @Test
    @Order(6)
    void theWeatherSimulatorIsASafetyMonitorThatTurnsUnsafeInTheRainAndSafeAgain() throws Exception {
        api.runtime.await("the weather simulator is safe after its first update", Duration.ofSeconds(30),
                () -> device(WEATHER).at("/values/safe").asBoolean());
        JsonNode safe = device(WEATHER);
        assertEquals("", safe.at("/values/reason").asText(), safe.toString());
        assertEquals(0.0, safe.at("/values/rain_rate_mm_per_hour").asDouble(), safe.toString());
        assertTrue(safe.at("/values/last_report").asText().endsWith("Z"), safe.toString());
        JsonNode listed = api.ok(api.call("GET", "/devices?type=safety_monitor", null));
        assertTrue(listed.toString().contains(WEATHER), listed.toString());

        rain("5");
        api.runtime.await("unsafe in the rain", Duration.ofSeconds(30),
                () -> device(WEATHER).at("/values/rain_rate_mm_per_hour").asDouble() == 5.0);
        JsonNode unsafe = device(WEATHER);
        assertFalse(unsafe.at("/values/safe").asBoolean(), unsafe.toString());
        assertEquals("Precip (mm) 5 danger", unsafe.at("/values/reason").asText(), unsafe.toString());

        rain("0");
        api.runtime.await("safe again when the rain stops", Duration.ofSeconds(30),
                () -> device(WEATHER).at("/values/safe").asBoolean());
    }

    static void rain(String mm) throws Exception {
        rig.rain(mm);
    }
}
