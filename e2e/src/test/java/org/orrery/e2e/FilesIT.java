package org.orrery.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Frames through the file store, end to end: {@code camera.expose} with gzip or encrypted frames
 * (issue 16) puts them into the store bundle's files under the home, and
 * {@code GET /api/v1/files/<path>} serves them back as FITS that fitsverify accepts, to a viewer's
 * token and never to an anonymous request; paths the store refuses are 400.
 */
class FilesIT {

    static InstrumentApi api;
    static String viewerToken;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        Path home = RuntimeLifecycleIT.WORK.resolve("files-" + UUID.randomUUID());
        Files.createDirectories(home.resolve("etc/files-keys"));
        Files.writeString(home.resolve("etc/org.orrery.devices.simulator.camera-sim.cfg"),
                "device.id=sim-camera\nname=Simulated camera\nwidth=160\nheight=120\nreadout.seconds=0.01\n");
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Path keyFile = home.resolve("etc/files-keys/k1.key");
        Files.writeString(keyFile, Base64.getEncoder().encodeToString(key));
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(home.resolve("etc/org.orrery.store.files.cfg"), "key_id=k1\n");
        api = new InstrumentApi(RuntimeProcess.start(Path.of(System.getProperty("java.home")), home,
                RuntimeProcess.freePort()).awaitReady());
        api.runtime.await("the simulated camera is registered", Duration.ofSeconds(30),
                () -> api.call("GET", "/devices/sim-camera", null).statusCode() == 200);
        api.runtime.await("the file store answers", Duration.ofSeconds(30),
                () -> api.call("GET", "/files", null).statusCode() == 200);
        // File Install hands etc/org.orrery.store.files.cfg to the store shortly after start: until then it has no key
        api.runtime.await("the file store has its key", Duration.ofSeconds(60), () -> {
            HttpResponse<String> probe = api.call("POST", "/tasks", "{\"action\": \"storage\", \"parameters\":"
                    + " {\"operation\": \"write\", \"path\": \"probe.txt\", \"data\": \"x\", \"options\":"
                    + " {\"encryption\": true}}}");
            return probe.statusCode() < 300 && "completed".equals(api.awaitEnd(InstrumentApi.json(probe).get("id")
                    .asText(), Duration.ofSeconds(30)).get("status").asText());
        });
        assertEquals(201, api.call("POST", "/users", "{\"name\": \"vw\", \"role\": \"viewer\", \"password\":"
                + " \"viewer-pass-1\"}").statusCode());
        HttpResponse<String> token = api.call("POST", "/tokens", "{\"user\": \"vw\", \"description\": \"files\"}");
        assertEquals(201, token.statusCode(), token.body());
        viewerToken = InstrumentApi.json(token).path("token").asText();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (api != null) {
            api.runtime.close();
        }
    }

    private static JsonNode expose(String parameters) {
        JsonNode task = api.awaitEnd(api.submit("{\"action\": \"camera.expose\", \"parameters\": {\"exposure\": 0.01,"
                + " \"object\": \"M42\", " + parameters + "}}").get("id").asText(), Duration.ofSeconds(60));
        assertEquals("completed", task.get("status").asText(), task.toString());
        assertEquals("FILE_STORE", task.at("/result/paths_relative_to").asText(), task.toString());
        return task;
    }

    private static HttpResponse<byte[]> get(String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(api.runtime.uri("/api/v1/files/" + path))
                .timeout(Duration.ofSeconds(20)).GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String admin() {
        return RuntimeProcess.basic("admin", api.password);
    }

    /** The FITS content served for {@code path}, checked by fitsverify from a temporary file. */
    private static byte[] servedFits(String path, String authorization) throws Exception {
        HttpResponse<byte[]> got = get(path, authorization);
        assertEquals(200, got.statusCode(), new String(got.body(), StandardCharsets.UTF_8));
        assertEquals("application/fits", got.headers().firstValue("Content-Type").orElse(""));
        Path fits = Files.createTempFile(api.runtime.home, "served-", ".fits");
        Files.write(fits, got.body());
        InstrumentApi.assertFitsVerifies(fits);
        assertEquals("M42", InstrumentApi.header(fits, "OBJECT"));
        return got.body();
    }

    private static Path onDisk(String path) {
        return api.runtime.home.resolve("data/files").resolve(path);
    }

    @Test
    void aGzipFrameIsStoredGzipAndServedAsFitsThatFitsverifyAccepts() throws Exception {
        JsonNode task = expose("\"frame_compression\": \"gzip\"");
        String path = task.at("/result/frames/0/fits").asText();
        assertTrue(path.matches("frames/\\d{4}-\\d{2}-\\d{2}/M42_[0-9a-f]{8}_001\\.fits\\.gz"), path);
        assertEquals("gzip", task.at("/result/frames/0/compression").asText());

        byte[] disk = Files.readAllBytes(onDisk(path));
        assertEquals(0x1f, disk[0] & 0xff, "the stored file starts with gzip's magic");
        assertEquals(0x8b, disk[1] & 0xff, "the stored file starts with gzip's magic");
        assertTrue(indexOf(disk, "SIMPLE  =".getBytes(StandardCharsets.US_ASCII)) < 0, "the FITS on disk is compressed");
        byte[] fits = servedFits(path, admin());
        assertTrue(disk.length < fits.length, disk.length + " bytes on disk for " + fits.length + " of FITS");
        // the .fits.gz on disk is a real gzip stream: gunzip gives the FITS, fitsverify opens it as it is
        Process gunzip = new ProcessBuilder("gzip", "-d", "-c", onDisk(path).toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] gunzipped = gunzip.getInputStream().readAllBytes();
        assertEquals(0, gunzip.waitFor(), "gzip -d accepts " + path);
        assertArrayEquals(fits, gunzipped);
        Process verify = new ProcessBuilder("fitsverify", "-q", onDisk(path).toString()).redirectErrorStream(true).start();
        String verified = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        verify.waitFor();
        assertTrue(verified.startsWith("verification OK"), "fitsverify on the .fits.gz on disk: " + verified);

        JsonNode listed = InstrumentApi.json(api.call("GET", "/files?folder=frames&recursive=true&limit=1000", null));
        JsonNode file = null;
        for (JsonNode f : listed.path("files")) {
            if (f.path("path").asText().equals(path)) {
                file = f;
            }
        }
        assertTrue(file != null, path + " is listed: " + listed);
        assertEquals("gzip", file.path("compression").asText());
        assertTrue(file.path("compressed").asBoolean());
        assertFalse(file.path("encrypted").asBoolean());
        assertEquals(fits.length, file.path("size").asLong());

        HttpResponse<byte[]> png = get(task.at("/result/frames/0/png").asText(), admin());
        assertEquals(200, png.statusCode());
        assertEquals("image/png", png.headers().firstValue("Content-Type").orElse(""));
    }

    @Test
    void anEncryptedFrameReadsBackThroughTheApiAndIsNotReadableOnDisk() throws Exception {
        JsonNode task = expose("\"frame_encrypt\": true, \"frame_compression\": \"none\"");
        String path = task.at("/result/frames/0/fits").asText();
        assertTrue(path.endsWith(".fits"), path);
        assertTrue(task.at("/result/frames/0/encrypted").asBoolean(), task.toString());
        byte[] fits = servedFits(path, "Bearer " + viewerToken);
        byte[] disk = Files.readAllBytes(onDisk(path));
        assertTrue(indexOf(disk, "SIMPLE  =".getBytes(StandardCharsets.US_ASCII)) < 0, "no FITS header in plain");
        assertTrue(indexOf(disk, java.util.Arrays.copyOfRange(fits, 2880, 2880 + 64)) < 0, "no pixel data in plain");
        byte[] png = Files.readAllBytes(onDisk(task.at("/result/frames/0/png").asText()));
        assertTrue(indexOf(png, "IHDR".getBytes(StandardCharsets.US_ASCII)) < 0, "the preview is encrypted too");
    }

    @Test
    void aViewersTokenMayReadAndAnAnonymousRequestMayNot() throws Exception {
        JsonNode task = expose("\"frame_compression\": \"zstd\"");
        String path = task.at("/result/frames/0/fits").asText();
        assertTrue(path.endsWith(".fits.zst"), path);
        servedFits(path, "Bearer " + viewerToken);
        HttpResponse<byte[]> anonymous = get(path, null);
        assertEquals(401, anonymous.statusCode());
        assertTrue(indexOf(anonymous.body(), "SIMPLE".getBytes(StandardCharsets.US_ASCII)) < 0);
        assertEquals(401, get("", null).statusCode(), "nor list");
        HttpResponse<byte[]> wrong = get(path, "Bearer orrery_nope_nope");
        assertEquals(401, wrong.statusCode());
    }

    @Test
    void pathsTheStoreRefusesAre400NamingThem() throws Exception {
        for (String hostile : new String[] { "CON", "frames/nul.txt", "frames/.orrery-tmp-1", "a:b", "a%5Cb",
                "frames/x%00y", "frames/%E2%88%95etc" }) {
            HttpResponse<byte[]> got = get(hostile, admin());
            String body = new String(got.body(), StandardCharsets.UTF_8);
            assertEquals(400, got.statusCode(), hostile + ": " + body);
            assertFalse(body.contains("SIMPLE"), body);
        }
        HttpResponse<byte[]> con = get("frames/CON", admin());
        assertTrue(new String(con.body(), StandardCharsets.UTF_8).contains("'frames/CON' is not a file path the file"
                + " store accepts"), new String(con.body(), StandardCharsets.UTF_8));
        for (String escaping : new String[] { "../etc/passwd", "frames/../../etc/org.orrery.store.files.cfg",
                "%2e%2e/etc/passwd" }) {
            HttpResponse<byte[]> got = get(escaping, admin());
            assertTrue(got.statusCode() == 400 || got.statusCode() == 404, escaping + ": " + got.statusCode());
            assertFalse(new String(got.body(), StandardCharsets.UTF_8).contains("key_id"), escaping);
        }
        assertEquals(404, get("frames/none.fits", admin()).statusCode());
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
