package org.orrery.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

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

    static final ObjectMapper JSON = new ObjectMapper();
    static final Path SAMPLE = Path.of("../samples/night-sequence.json");

    static RuntimeProcess runtime;
    static String password;

    @BeforeAll
    static void start() throws Exception {
        Path home = RuntimeLifecycleIT.WORK.resolve("devices-" + UUID.randomUUID());
        // a faster mount than the default (5°/s), so the sample's slews take seconds; the other
        // simulators are configured by the launcher, as in any new home
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/org.orrery.devices.simulator.mount-sim.cfg"),
                "device.id=sim-mount\nname=Simulated mount\nslew.rate=60\n");
        runtime = RuntimeProcess.start(Path.of(System.getProperty("java.home")), home, RuntimeProcess.freePort())
                .awaitReady();
        password = runtime.adminPassword();
        runtime.await("the five simulated devices are registered", Duration.ofSeconds(30),
                () -> call("GET", "/devices", null).statusCode() == 200 && json(call("GET", "/devices", null)).size() == 5);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (runtime != null) {
            runtime.close();
        }
    }

    static HttpResponse<String> call(String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(runtime.uri("/api/v1" + path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", RuntimeProcess.basic("admin", password))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return runtime.send(b.build());
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(response.statusCode() + " " + response.body(), e);
        }
    }

    static JsonNode ok(HttpResponse<String> response) {
        assertTrue(response.statusCode() < 300, response.statusCode() + " " + response.body());
        return json(response);
    }

    static JsonNode awaitEnd(String id, Duration timeout) {
        JsonNode[] last = new JsonNode[1];
        runtime.await("task " + id + " ends", timeout, () -> {
            last[0] = ok(call("GET", "/tasks/" + id, null));
            String s = last[0].get("status").asText();
            return s.equals("completed") || s.equals("failed") || s.equals("cancelled");
        });
        return last[0];
    }

    static JsonNode submit(String body) {
        return ok(call("POST", "/tasks", body));
    }

    /** fitsverify's verdict on a file Orrery wrote: must be "verification OK" (0 errors, 0 warnings). */
    static void assertFitsVerifies(Path fits) throws Exception {
        assertTrue(Files.size(fits) > 2880, fits + " is too small to hold an image");
        Process p = new ProcessBuilder("fitsverify", "-q", fits.toString()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "fitsverify did not finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(out.startsWith("verification OK"), "fitsverify on " + fits + ": " + out);
    }

    static String header(Path fits, String keyword) throws IOException {
        byte[] bytes = Files.readAllBytes(fits);
        String text = new String(bytes, 0, Math.min(bytes.length, 2880 * 4), StandardCharsets.US_ASCII);
        for (int i = 0; i + 80 <= text.length(); i += 80) {
            String card = text.substring(i, i + 80);
            if (card.startsWith(String.format("%-8s=", keyword))) {
                String value = card.substring(10);
                int slash = value.indexOf(" /");
                return (slash >= 0 ? value.substring(0, slash) : value).trim().replace("'", "").trim();
            }
            if (card.startsWith("END ")) {
                break;
            }
        }
        return null;
    }

    @Test
    void theSimulatedInstrumentsAreListedWithTheirValues() {
        JsonNode devices = ok(call("GET", "/devices", null));
        List<String> ids = new ArrayList<>();
        devices.forEach(d -> ids.add(d.get("id").asText() + ":" + d.get("type").asText() + ":" + d.get("driver").asText()
                + ":" + d.get("connection").asText()));
        assertEquals(List.of("sim-camera:camera:simulator:connected", "sim-filterwheel:filter_wheel:simulator:connected",
                "sim-focuser:focuser:simulator:connected", "sim-microscope:microscope:simulator:connected",
                "sim-mount:mount:simulator:connected"), ids);

        JsonNode mounts = ok(call("GET", "/devices?type=mount", null));
        assertEquals(1, mounts.size(), mounts.toString());
        JsonNode mount = ok(call("GET", "/devices/sim-mount", null));
        assertEquals("device:sim-mount", mount.get("resource").asText());
        assertTrue(mount.at("/values/ra_hours").isNumber() && mount.at("/values/dec_degrees").isNumber(), mount.toString());
        assertEquals(List.of("L", "R", "G", "B", "Ha", "OIII", "SII"),
                JSON.convertValue(ok(call("GET", "/devices/sim-filterwheel", null)).at("/values/filters"), List.class));

        HttpResponse<String> missing = call("GET", "/devices/no-such-camera", null);
        assertEquals(404, missing.statusCode());
        assertTrue(missing.body().contains("no-such-camera"), missing.body());
        HttpResponse<String> badType = call("GET", "/devices?type=toaster", null);
        assertEquals(400, badType.statusCode());
        assertTrue(badType.body().contains("toaster") && badType.body().contains("camera"), badType.body());
    }

    @Test
    void theSampleNightSequenceRunsAndWritesFitsThatFitsverifyAccepts() throws Exception {
        String run = Long.toString(System.nanoTime());
        String batch = Files.readString(SAMPLE).replace("RUN", run);
        JsonNode submitted = ok(call("POST", "/tasks/batch", batch));
        assertEquals(7, submitted.size());
        List<Path> fits = new ArrayList<>();
        for (JsonNode task : submitted) {
            JsonNode done = awaitEnd(task.get("id").asText(), Duration.ofSeconds(120));
            assertEquals("completed", done.get("status").asText(), done.toString());
            for (JsonNode file : done.at("/result/files")) {
                Path path = runtime.home.resolve(file.asText());
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
            assertFitsVerifies(f);
        }
        Path ha = fits.stream().filter(f -> f.getFileName().toString().contains("lights-ha")).findFirst().orElseThrow();
        assertEquals("Ha", header(ha, "FILTER"));
        assertEquals("Light Frame", header(ha, "IMAGETYP"));
        assertEquals("M42", header(ha, "OBJECT"));
        assertEquals(-5.39, Double.parseDouble(header(ha, "DEC")), 0.05, "the mount's pointing in the header");
        Path dark = fits.stream().filter(f -> f.getFileName().toString().contains("darks")).findFirst().orElseThrow();
        assertEquals("Dark Frame", header(dark, "IMAGETYP"));
        Path binned = fits.stream().filter(f -> f.getFileName().toString().contains("lights-l")).findFirst().orElseThrow();
        assertEquals("2", header(binned, "XBINNING"));
        assertEquals("640", header(binned, "NAXIS1"));
        JsonNode mount = ok(call("GET", "/devices/sim-mount", null));
        assertEquals(true, mount.at("/values/parked").asBoolean(), "parked at the end: " + mount);
    }

    @Test
    void seed001MicroscopeActionsWorkUnchanged() throws Exception {
        JsonNode plain = awaitEnd(submit("{\"name\": \"test\", \"action\": \"capture_image\"}").get("id").asText(),
                Duration.ofSeconds(60));
        assertEquals("completed", plain.get("status").asText(), plain.toString());
        JsonNode capture = awaitEnd(submit("{\"name\": \"capture_sample_1\", \"action\": \"capture_image\","
                + " \"parameters\": {\"exposure\": 100, \"gain\": 1.5}}").get("id").asText(), Duration.ofSeconds(60));
        assertEquals("completed", capture.get("status").asText(), capture.toString());
        assertFitsVerifies(runtime.home.resolve(capture.at("/result/image_data").asText()));

        JsonNode move = awaitEnd(submit("{\"name\": \"m\", \"action\": \"move_stage\", \"parameters\": {\"x\": 49000,"
                + " \"y\": 37000, \"z\": 4990}}").get("id").asText(), Duration.ofSeconds(60));
        assertEquals("completed", move.get("status").asText(), move.toString());
        assertEquals(49000, move.at("/result/new_position/x").asDouble(), 1);
        assertEquals(37000, move.at("/result/new_position/y").asDouble(), 1);
        JsonNode focus = awaitEnd(submit("{\"name\": \"f\", \"action\": \"adjust_focus\", \"parameters\": {\"position\": 51000,"
                + " \"speed\": 0.5}}").get("id").asText(), Duration.ofSeconds(60));
        assertEquals("completed", focus.get("status").asText(), focus.toString());
        JsonNode microscope = ok(call("GET", "/devices/sim-microscope", null));
        assertEquals(51000, microscope.at("/values/focus_position").asInt(), microscope.toString());
    }

    @Test
    void badInstrumentInputIsRefusedWithWhatIsWrong() {
        int before = ok(call("GET", "/tasks?limit=1000", null)).size();
        HttpResponse<String> ra = call("POST", "/tasks", "{\"action\": \"mount.slew\", \"parameters\": {\"ra\": 25, \"dec\": 0}}");
        assertEquals(400, ra.statusCode(), ra.body());
        assertTrue(ra.body().contains("ra"), ra.body());
        HttpResponse<String> type = call("POST", "/tasks", "{\"action\": \"camera.expose\", \"parameters\": {\"exposure\": 1,"
                + " \"frame_type\": \"selfie\"}}");
        assertEquals(400, type.statusCode(), type.body());
        assertTrue(type.body().contains("frame_type"), type.body());
        assertEquals(before, ok(call("GET", "/tasks?limit=1000", null)).size(), "a refused task was stored");

        // a gain the camera cannot take is known only to the camera: the task fails, naming the range
        JsonNode gain = awaitEnd(submit("{\"action\": \"camera.expose\", \"parameters\": {\"exposure\": 0.1, \"gain\": 5000}}")
                .get("id").asText(), Duration.ofSeconds(60));
        assertEquals("failed", gain.get("status").asText(), gain.toString());
        assertTrue(gain.get("error").asText().contains("0 to 600") && gain.get("error").asText().contains("5000"),
                gain.get("error").asText());
    }
}
