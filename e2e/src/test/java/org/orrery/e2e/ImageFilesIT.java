package org.orrery.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The image files tasks write, as the REST API and the file system show them: every name a result
 * gives is served by {@code GET /images}, two tasks never share a file, and the files and folders
 * are readable by their owner only.
 */
class ImageFilesIT {

    static InstrumentApi api;

    @BeforeAll
    static void start() throws Exception {
        Path home = RuntimeLifecycleIT.WORK.resolve("images-" + UUID.randomUUID());
        Files.createDirectories(home.resolve("etc"));
        // a small camera, so frames are quick
        Files.writeString(home.resolve("etc/org.orrery.devices.simulator.camera-sim.cfg"),
                "device.id=sim-camera\nname=Simulated camera\nwidth=160\nheight=120\nreadout.seconds=0.01\n");
        api = new InstrumentApi(RuntimeProcess.start(Path.of(System.getProperty("java.home")), home,
                RuntimeProcess.freePort()).awaitReady());
        api.runtime.await("the simulated camera is registered", Duration.ofSeconds(30),
                () -> api.call("GET", "/devices/sim-camera", null).statusCode() == 200);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (api != null) {
            api.runtime.close();
        }
    }

    private JsonNode expose(String body) {
        JsonNode task = api.awaitEnd(api.submit(body).get("id").asText(), Duration.ofSeconds(60));
        assertEquals("completed", task.get("status").asText(), task.toString());
        return task;
    }

    /** {@code data/images/<date>/<file>} → {@code /images/<date>/<file>}. */
    private static String route(String resultPath) {
        assertTrue(resultPath.startsWith("data/images/"), resultPath);
        return "/images/" + resultPath.substring("data/images/".length());
    }

    @Test
    void everyFileAResultNamesIsServed() {
        JsonNode task = expose("{\"action\": \"camera.expose\", \"parameters\": {\"exposure\": 0.01,"
                + " \"object\": \"x/../y+z\"}}");
        for (JsonNode file : task.at("/result/files")) {
            HttpResponse<String> got = api.call("GET", route(file.asText()), null);
            assertEquals(200, got.statusCode(), file.asText() + ": " + got.body());
        }
    }

    @Test
    void twoTasksWhoseIdsLookAlikeWriteTwoFiles() throws Exception {
        String run = Long.toString(System.nanoTime());
        JsonNode first = expose("{\"id\": \"coll.x" + run + "\", \"action\": \"camera.expose\", \"parameters\":"
                + " {\"exposure\": 0.01, \"object\": \"M42\"}}");
        Path firstFits = api.runtime.home.resolve(first.at("/result/files/0").asText());
        byte[] firstBytes = Files.readAllBytes(firstFits);
        JsonNode second = expose("{\"id\": \"coll_x" + run + "\", \"action\": \"camera.expose\", \"parameters\":"
                + " {\"exposure\": 0.01, \"object\": \"M42\"}}");
        Path secondFits = api.runtime.home.resolve(second.at("/result/files/0").asText());
        assertNotEquals(firstFits, secondFits);
        assertArrayEquals(firstBytes, Files.readAllBytes(firstFits), "the first task's frame is untouched");
        assertTrue(Files.isRegularFile(secondFits));
    }

    @Test
    void imageFilesAndFoldersAreTheOwnersOnly() throws Exception {
        JsonNode task = expose("{\"action\": \"camera.expose\", \"parameters\": {\"exposure\": 0.01}}");
        for (JsonNode file : task.at("/result/files")) {
            Path path = api.runtime.home.resolve(file.asText());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(path)), file.asText());
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(path.getParent())),
                    path.getParent().toString());
        }
        Path images = api.runtime.home.resolve("data/images");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(images)));
    }
}
