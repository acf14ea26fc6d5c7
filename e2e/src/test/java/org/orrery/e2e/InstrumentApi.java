package org.orrery.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The REST API of one runtime process, called as its admin, and checks of the FITS files it
 * writes: what the instrument tests (simulators, INDI, Alpaca) share.
 */
final class InstrumentApi {

    /** The default site's longitude (La Palma, the simulators' and the sky bundle's default), east positive. */
    static final double SITE_LONGITUDE = -17.8816;
    /** The default site's latitude, north positive. */
    static final double SITE_LATITUDE = 28.7606;

    /** The local sidereal time at the default site (hours): the right ascension on the meridian, to a few seconds. */
    static double localSiderealHours(java.time.Instant at) {
        double days = (at.toEpochMilli() - java.time.Instant.parse("2000-01-01T12:00:00Z").toEpochMilli()) / 86_400_000.0;
        double gmst = 18.697374558 + 24.06570982441908 * days;
        return (((gmst + SITE_LONGITUDE / 15) % 24) + 24) % 24;
    }

    /**
     * Configures a new home's simulated mount to slew at 60°/s instead of the default 5°/s, so a
     * slew takes a second or two rather than up to half a minute; the launcher configures the
     * other simulators, as in any new home (etc/ made before the first start leaves the home new).
     */
    static Path fastMount(Path home) throws IOException {
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/org.orrery.devices.simulator.mount-sim.cfg"),
                "device.id=sim-mount\nname=Simulated mount\nslew.rate=60\n");
        return home;
    }

    /** The FITS files of a home's image folder whose name starts with the object's, sorted; none before the first. */
    static java.util.List<Path> fitsFiles(Path home, String object) throws IOException {
        Path images = home.resolve("data/images");
        if (!Files.isDirectory(images)) {
            return java.util.List.of();
        }
        try (java.util.stream.Stream<Path> files = Files.walk(images)) {
            return files.filter(p -> p.getFileName().toString().startsWith(object)
                    && p.getFileName().toString().endsWith(".fits")).sorted().toList();
        }
    }

    static final ObjectMapper JSON = new ObjectMapper();

    final RuntimeProcess runtime;
    final String password;

    InstrumentApi(RuntimeProcess runtime) throws IOException {
        this.runtime = runtime;
        this.password = runtime.adminPassword();
    }

    HttpResponse<String> call(String method, String path, String body) {
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

    JsonNode ok(HttpResponse<String> response) {
        assertTrue(response.statusCode() < 300, response.statusCode() + " " + response.body());
        return json(response);
    }

    JsonNode awaitEnd(String id, Duration timeout) {
        JsonNode[] last = new JsonNode[1];
        runtime.await("task " + id + " ends", timeout, () -> {
            last[0] = ok(call("GET", "/tasks/" + id, null));
            String s = last[0].get("status").asText();
            return s.equals("completed") || s.equals("failed") || s.equals("cancelled");
        });
        return last[0];
    }

    /** The Web Console's thread dump. */
    String threads() {
        return runtime.get("/system/console/status-Threads.txt", "admin", password).body();
    }

    /** A bundle's id, from the Web Console. */
    long bundleId(String symbolicName) {
        JsonNode bundles = json(runtime.get("/system/console/bundles.json", "admin", password));
        for (JsonNode bundle : bundles.path("data")) {
            if (symbolicName.equals(bundle.path("symbolicName").asText())) {
                return bundle.path("id").asLong();
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }

    /** Starts or stops a bundle through the Web Console. */
    void bundleAction(long id, String action) {
        HttpResponse<String> answer = runtime.send(HttpRequest.newBuilder(runtime.uri("/system/console/bundles/" + id))
                .header("Authorization", RuntimeProcess.basic("admin", password))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("action=" + action)).build());
        assertTrue(answer.statusCode() < 400, action + " answered " + answer.statusCode() + ": " + answer.body());
    }

    JsonNode submit(String body) {
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

    /** The step {@code id} in a sequence's record tree ({@code step} and its {@code children}), or null. */
    static JsonNode step(JsonNode step, String id) {
        if (step.path("id").asText().equals(id)) {
            return step;
        }
        for (JsonNode child : step.path("children")) {
            JsonNode found = step(child, id);
            if (found != null) {
                return found;
            }
        }
        return null;
    }
}
