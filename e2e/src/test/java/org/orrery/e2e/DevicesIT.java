package org.orrery.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The instruments as a user meets them: a new home comes with simulated instruments, the REST API
 * lists them, the sample night sequence (samples/night-sequence.json) runs on them and writes FITS
 * files that NASA's fitsverify accepts, seed 001's microscope actions work unchanged, and bad input
 * is refused with a message that says what is wrong.
 */
class DevicesIT {

    static final ObjectMapper JSON = InstrumentApi.JSON;
    static final Path SAMPLE = Path.of("../samples/night-sequence.json");

    static InstrumentApi api;

    @BeforeAll
    static void start() throws Exception {
        Path home = RuntimeLifecycleIT.WORK.resolve("devices-" + UUID.randomUUID());
        InstrumentApi.fastMount(home); // so the sample's slews take seconds
        api = new InstrumentApi(RuntimeProcess.start(Path.of(System.getProperty("java.home")), home,
                RuntimeProcess.freePort()).awaitReady());
        api.runtime.await("the six simulated devices are registered", Duration.ofSeconds(30),
                () -> api.call("GET", "/devices", null).statusCode() == 200 && InstrumentApi.json(api.call("GET", "/devices", null)).size() >= 6);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (api != null) {
            api.runtime.close();
        }
    }

    @Test
    void theSimulatedInstrumentsAreListedWithTheirValues() {
        JsonNode devices = api.ok(api.call("GET", "/devices", null));
        List<String> ids = new ArrayList<>();
        devices.forEach(d -> {
            if (d.get("id").asText().startsWith("sim-")) { // other tests here add devices of their own
                ids.add(d.get("id").asText() + ":" + d.get("type").asText() + ":" + d.get("driver").asText() + ":"
                        + d.get("connection").asText());
            }
        });
        assertEquals(List.of("sim-camera:camera:simulator:connected", "sim-filterwheel:filter_wheel:simulator:connected",
                "sim-focuser:focuser:simulator:connected", "sim-microscope:microscope:simulator:connected",
                "sim-mount:mount:simulator:connected", "sim-safety:safety_monitor:simulator:connected"), ids);

        JsonNode mounts = api.ok(api.call("GET", "/devices?type=mount", null));
        assertEquals(1, mounts.size(), mounts.toString());
        assertEquals("sim-mount", mounts.get(0).get("id").asText());
        JsonNode mount = api.ok(api.call("GET", "/devices/sim-mount", null));
        assertEquals("device:sim-mount", mount.get("resource").asText());
        assertTrue(mount.at("/values/ra_hours").isNumber() && mount.at("/values/dec_degrees").isNumber(), mount.toString());
        assertEquals(List.of("L", "R", "G", "B", "Ha", "OIII", "SII"),
                JSON.convertValue(api.ok(api.call("GET", "/devices/sim-filterwheel", null)).at("/values/filters"), List.class));

        HttpResponse<String> missing = api.call("GET", "/devices/no-such-camera", null);
        assertEquals(404, missing.statusCode());
        assertTrue(missing.body().contains("no-such-camera"), missing.body());
        HttpResponse<String> badType = api.call("GET", "/devices?type=toaster", null);
        assertEquals(400, badType.statusCode());
        assertTrue(badType.body().contains("toaster") && badType.body().contains("camera"), badType.body());
    }

    @Test
    void theSimulatedSafetyMonitorIsSafeWithItsWeatherAndHasAConsoleForm() {
        JsonNode monitors = api.ok(api.call("GET", "/devices?type=safety_monitor", null));
        assertEquals(1, monitors.size(), monitors.toString());
        JsonNode values = monitors.get(0).get("values");
        assertEquals("sim-safety", monitors.get(0).get("id").asText());
        assertTrue(values.get("safe").asBoolean(), values.toString());
        assertEquals("", values.get("reason").asText(), values.toString());
        assertEquals(0.0, values.get("rain_rate_mm_per_hour").asDouble(), values.toString());
        assertEquals(0.0, values.get("cloud_cover_percent").asDouble(), values.toString());
        assertTrue(java.time.Instant.parse(values.get("last_report").asText()).isAfter(java.time.Instant.EPOCH),
                values.toString());
        // the Web Console's configuration page draws its metatype form
        String form = api.runtime.get("/system/console/configMgr/org.orrery.devices.simulator.safety~sim.json", "admin",
                api.password).body();
        assertTrue(form.contains("Orrery simulated safety monitor") && form.contains("schedule")
                && form.contains("silent_from") && form.contains("sim-safety"), form);
    }

    @Test
    void aCameraAddedInTheWebConsoleBecomesADevice() {
        // what the Web Console's configuration page sends when a user creates an "Orrery simulated camera"
        String form = "apply=true&action=ajaxConfigManager&factoryPid=org.orrery.devices.simulator.camera"
                + "&propertylist=device.id,name,width,height&device.id=console-camera&name=Console+camera&width=640&height=480";
        HttpResponse<String> saved = api.runtime.send(java.net.http.HttpRequest.newBuilder(api.runtime.uri(
                "/system/console/configMgr/%5BTemporary%20PID%20replaced%20by%20real%20PID%20upon%20save%5D"))
                .header("Authorization", RuntimeProcess.basic("admin", api.password))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form)).build());
        assertTrue(saved.statusCode() < 400, saved.statusCode() + " " + saved.body());
        api.runtime.await("the camera from the Web Console is a device", Duration.ofSeconds(30),
                () -> api.call("GET", "/devices/console-camera", null).statusCode() == 200);
        JsonNode camera = api.ok(api.call("GET", "/devices/console-camera", null));
        assertEquals("camera", camera.get("type").asText());
        assertEquals(640, camera.at("/values/width").asInt(), camera.toString());
        JsonNode frame = api.awaitEnd(api.submit("{\"action\": \"camera.expose\", \"parameters\": {\"exposure\": 0.1,"
                + " \"camera\": \"console-camera\"}}").get("id").asText(), Duration.ofSeconds(30));
        assertEquals("completed", frame.get("status").asText(), frame.toString());
        assertEquals(640, frame.at("/result/frames/0/width").asInt(), frame.toString());
    }

    @Test
    void autofocusLandsNearTheSimulatedFocusersBestPosition() {
        JsonNode move = api.awaitEnd(api.submit("{\"action\": \"focuser.move\", \"parameters\": {\"position\": 24600,"
                + " \"focuser\": \"sim-focuser\"}}").get("id").asText(), Duration.ofSeconds(60));
        assertEquals("completed", move.get("status").asText(), move.toString());
        JsonNode focus = api.awaitEnd(api.submit("{\"action\": \"autofocus\", \"parameters\": {\"exposure\": 0.5,"
                + " \"step_size\": 200, \"filter\": \"L\", \"camera\": \"sim-camera\", \"focuser\": \"sim-focuser\","
                + " \"filter_wheel\": \"sim-filterwheel\"}}").get("id").asText(), Duration.ofSeconds(120));
        assertEquals("completed", focus.get("status").asText(), focus.toString());
        int best = focus.at("/result/best_position").asInt();
        // the simulated focuser is sharpest at 25000 (its best.position default; SimulatedInstruments keeps it)
        assertTrue(Math.abs(best - 25_000) <= 60, "best " + best + ": " + focus);
        assertEquals("hyperbola", focus.at("/result/fit/type").asText());
        assertEquals(9, focus.at("/result/points").size(), focus.toString());
        assertEquals(best, api.ok(api.call("GET", "/devices/sim-focuser", null)).at("/values/position").asInt());
    }

    @Test
    void theSampleNightSequenceRunsAndWritesFitsThatFitsverifyAccepts() throws Exception {
        String run = Long.toString(System.nanoTime());
        String batch = Files.readString(SAMPLE).replace("RUN", run);
        JsonNode submitted = api.ok(api.call("POST", "/tasks/batch", batch));
        assertEquals(7, submitted.size());
        List<Path> fits = new ArrayList<>();
        for (JsonNode task : submitted) {
            JsonNode done = api.awaitEnd(task.get("id").asText(), Duration.ofSeconds(120));
            assertEquals("completed", done.get("status").asText(), done.toString());
            for (JsonNode file : done.at("/result/files")) {
                Path path = api.runtime.home.resolve(file.asText());
                assertTrue(Files.isRegularFile(path), "the result names " + path + ", which is not there");
                if (file.asText().endsWith(".fits")) {
                    fits.add(path);
                } else {
                    byte[] png = Files.readAllBytes(path);
                    assertEquals("\u0089PNG", new String(png, 0, 4, StandardCharsets.ISO_8859_1), path + " is no PNG");
                }
            }
        }
        assertEquals(3 + 2 + 2, fits.size(), "frames written: " + fits);
        for (Path f : fits) {
            InstrumentApi.assertFitsVerifies(f);
        }
        Path ha = fits.stream().filter(f -> f.getFileName().toString().contains("lights-ha")).findFirst().orElseThrow();
        assertEquals("Ha", InstrumentApi.header(ha, "FILTER"));
        assertEquals("Light Frame", InstrumentApi.header(ha, "IMAGETYP"));
        assertEquals("M42", InstrumentApi.header(ha, "OBJECT"));
        assertEquals(-5.39, Double.parseDouble(InstrumentApi.header(ha, "DEC")), 0.05, "the mount's pointing in the header");
        Path dark = fits.stream().filter(f -> f.getFileName().toString().contains("darks")).findFirst().orElseThrow();
        assertEquals("Dark Frame", InstrumentApi.header(dark, "IMAGETYP"));
        Path binned = fits.stream().filter(f -> f.getFileName().toString().contains("lights-l")).findFirst().orElseThrow();
        assertEquals("2", InstrumentApi.header(binned, "XBINNING"));
        assertEquals("640", InstrumentApi.header(binned, "NAXIS1"));
        JsonNode mount = api.ok(api.call("GET", "/devices/sim-mount", null));
        assertEquals(true, mount.at("/values/parked").asBoolean(), "parked at the end: " + mount);

        // the images over the API, as the results name them (data/images/<date>/<file>)
        Path images = api.runtime.home.resolve("data/images");
        String name = images.relativize(ha).toString();
        HttpResponse<String> served = api.call("GET", "/images/" + name, null);
        assertEquals(200, served.statusCode(), name);
        assertEquals("application/fits", served.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        assertEquals(Files.size(ha), served.headers().firstValueAsLong("Content-Length").orElse(-1));
        HttpResponse<String> escape = api.call("GET", "/images/" + name.substring(0, 10) + "/..%2F..%2Fusers.json", null);
        assertEquals(400, escape.statusCode(), escape.body());
    }

    /** Runs an action to its end on the runtime. */
    private static JsonNode task(String action, String parameters) {
        return api.awaitEnd(api.submit("{\"action\": \"" + action + "\", \"parameters\": " + parameters + "}")
                .get("id").asText(), Duration.ofSeconds(60));
    }

    /** The right ascension at an hour angle now at the simulated mount's default site (La Palma, -17.8816° E). */
    private static double raAtHourAngle(double hours) {
        double julianDay = System.currentTimeMillis() / 86_400_000.0 + 2_440_587.5;
        double lst = 18.697374558 + 24.06570982441908 * (julianDay - 2_451_545.0) - 17.8816 / 15.0;
        return ((lst - hours) % 24 + 24) % 24;
    }

    @Test
    void theMountFlipsOnlyPastTheMeridianAndItsPierSideAndDitherGoIntoTheFits() throws Exception {
        assertEquals("completed", task("mount.unpark", "{}").get("status").asText());
        double east = raAtHourAngle(-2);
        JsonNode slew = task("mount.slew", "{\"ra\": " + east + ", \"dec\": 40}");
        assertEquals("completed", slew.get("status").asText(), slew.toString());
        assertEquals("west", api.ok(api.call("GET", "/devices/sim-mount", null)).at("/values/pier_side").asText());

        JsonNode notYet = task("mount.meridian_flip", "{\"ra\": " + east + ", \"dec\": 40}");
        assertEquals("failed", notYet.get("status").asText(), notYet.toString());
        assertTrue(notYet.toString().contains("mount 'sim-mount' did not flip: pier side was west before the slew and is"
                + " still west; hour angle -2.00 h (the target is not past the meridian yet)"), notYet.toString());

        double west = raAtHourAngle(2);
        assertEquals("completed", task("mount.slew", "{\"ra\": " + west + ", \"dec\": 40}").get("status").asText());
        JsonNode dither = task("mount.dither", "{\"max_arcsec\": 20, \"seed\": 5}");
        assertEquals("completed", dither.get("status").asText(), dither.toString());
        double ditherRa = dither.at("/result/total_ra_offset_arcsec").asDouble();
        JsonNode values = api.ok(api.call("GET", "/devices/sim-mount", null)).get("values");
        assertEquals("east", values.get("pier_side").asText());
        assertEquals(ditherRa, values.get("offset_ra_arcsec").asDouble(), 0.01, values.toString());

        JsonNode frame = task("camera.expose", "{\"exposure\": 0.1, \"object\": \"flip-test\"}");
        assertEquals("completed", frame.get("status").asText(), frame.toString());
        Path fits = api.runtime.home.resolve(frame.at("/result/frames/0/fits").asText());
        InstrumentApi.assertFitsVerifies(fits);
        assertEquals("EAST", InstrumentApi.header(fits, "PIERSIDE"));
        assertEquals(ditherRa, Double.parseDouble(InstrumentApi.header(fits, "DITHRA")), 0.01);

        JsonNode sync = task("mount.sync", "{\"ra\": " + west + ", \"dec\": 40}");
        assertEquals("completed", sync.get("status").asText(), sync.toString());
        assertEquals(0.0, api.ok(api.call("GET", "/devices/sim-mount", null)).at("/values/offset_ra_arcsec").asDouble(),
                "a sync resets the offset");
    }

    @Test
    void seed001MicroscopeActionsWorkUnchanged() throws Exception {
        JsonNode plain = api.awaitEnd(api.submit("{\"name\": \"test\", \"action\": \"capture_image\"}").get("id").asText(),
                Duration.ofSeconds(60));
        assertEquals("completed", plain.get("status").asText(), plain.toString());
        JsonNode capture = api.awaitEnd(api.submit("{\"name\": \"capture_sample_1\", \"action\": \"capture_image\","
                + " \"parameters\": {\"exposure\": 100, \"gain\": 1.5}}").get("id").asText(), Duration.ofSeconds(60));
        assertEquals("completed", capture.get("status").asText(), capture.toString());
        InstrumentApi.assertFitsVerifies(api.runtime.home.resolve(capture.at("/result/image_data").asText()));

        JsonNode move = api.awaitEnd(api.submit("{\"name\": \"m\", \"action\": \"move_stage\", \"parameters\": {\"x\": 49000,"
                + " \"y\": 37000, \"z\": 4990}}").get("id").asText(), Duration.ofSeconds(60));
        assertEquals("completed", move.get("status").asText(), move.toString());
        assertEquals(49000, move.at("/result/new_position/x").asDouble(), 1);
        assertEquals(37000, move.at("/result/new_position/y").asDouble(), 1);
        JsonNode focus = api.awaitEnd(api.submit("{\"name\": \"f\", \"action\": \"adjust_focus\", \"parameters\": {\"position\": 51000,"
                + " \"speed\": 0.5}}").get("id").asText(), Duration.ofSeconds(60));
        assertEquals("completed", focus.get("status").asText(), focus.toString());
        JsonNode microscope = api.ok(api.call("GET", "/devices/sim-microscope", null));
        assertEquals(51000, microscope.at("/values/focus_position").asInt(), microscope.toString());
    }

    @Test
    void badInstrumentInputIsRefusedWithWhatIsWrong() {
        int before = api.ok(api.call("GET", "/tasks?limit=1000", null)).size();
        HttpResponse<String> ra = api.call("POST", "/tasks", "{\"action\": \"mount.slew\", \"parameters\": {\"ra\": 25, \"dec\": 0}}");
        assertEquals(400, ra.statusCode(), ra.body());
        assertTrue(ra.body().contains("ra"), ra.body());
        HttpResponse<String> type = api.call("POST", "/tasks", "{\"action\": \"camera.expose\", \"parameters\": {\"exposure\": 1,"
                + " \"frame_type\": \"selfie\"}}");
        assertEquals(400, type.statusCode(), type.body());
        assertTrue(type.body().contains("frame_type"), type.body());
        assertEquals(before, api.ok(api.call("GET", "/tasks?limit=1000", null)).size(), "a refused task was stored");

        // a gain the camera cannot take is known only to the camera: the task fails, naming the range
        JsonNode gain = api.awaitEnd(api.submit("{\"action\": \"camera.expose\", \"parameters\": {\"exposure\": 0.1, \"gain\": 5000}}")
                .get("id").asText(), Duration.ofSeconds(60));
        assertEquals("failed", gain.get("status").asText(), gain.toString());
        assertTrue(gain.get("error").asText().contains("0 to 600") && gain.get("error").asText().contains("5000"),
                gain.get("error").asText());
    }
}
