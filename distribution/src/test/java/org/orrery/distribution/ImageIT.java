package org.orrery.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The self-contained archive starts on its own runtime image with no Java on the PATH and no
 * JAVA_HOME, and what the image's module set might miss works: the simulated devices, a camera
 * exposure with its PNG preview (java.desktop's ImageIO), the JVM metrics (java.management).
 */
class ImageIT {

    static final String PASSWORD = "image-it-password";

    @Test
    void startsWithNoJavaInstalledAndRunsACameraExposure() throws Exception {
        Path scratch = Dist.scratch("image");
        Path dist = Dist.unpack(Dist.IMAGE, scratch);
        assertEquals("rwxr-xr-x", Dist.mode(dist.resolve("runtime/bin/java")));
        int port = Dist.freePort();
        Path home = scratch.resolve("home");
        Map<String, String> environment = Map.of("PATH", Dist.pathWithoutJava(scratch), "ORRERY_HOME", home.toString(),
                "ORRERY_HTTP_PORT", Integer.toString(port), "ORRERY_ADMIN_PASSWORD", PASSWORD);
        Dist.Run version = Dist.run(List.of(dist.resolve("bin/orrery").toString(), "version"), environment, scratch);
        assertEquals(0, version.status(), version.output());
        assertTrue(version.output().contains(dist.resolve("runtime").toRealPath() + ")"), "its own Java: " + version.output());
        try (Dist.Started runtime = Dist.Started.start(List.of(dist.resolve("bin/orrery").toString()), environment, port,
                scratch.resolve("console.log"))) {
            runtime.awaitHealthy();
            String devices = runtime.get("/api/v1/devices", PASSWORD).body();
            assertTrue(devices.contains("\"sim-camera\"") && devices.contains("\"connected\""), devices);

            String submitted = runtime.post("/api/v1/tasks",
                    "{\"action\": \"camera.expose\", \"parameters\": {\"exposure\": 0.1, \"object\": \"image-it\"}}", PASSWORD).body();
            Matcher id = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(submitted);
            assertTrue(id.find(), submitted);
            String task = awaitEnd(runtime, id.group(1));
            assertTrue(task.contains("\"status\":\"completed\""), task);
            assertTrue(task.contains(".png\""), "a PNG preview: " + task);

            String metrics = runtime.get("/api/v1/metrics", PASSWORD).body();
            assertTrue(metrics.contains("jvm_memory_committed_bytes"), metrics);

            assertEquals(0, runtime.stop(), runtime.console());
            String console = runtime.console();
            assertTrue(!console.contains("ERROR") && !console.contains("NoClassDefFoundError"), console);
        }
    }

    static String awaitEnd(Dist.Started runtime, String id) throws Exception {
        Instant end = Instant.now().plusSeconds(60);
        String task = "";
        while (Instant.now().isBefore(end)) {
            task = runtime.get("/api/v1/tasks/" + id, PASSWORD).body();
            if (task.contains("\"status\":\"completed\"") || task.contains("\"status\":\"failed\"")) {
                return task;
            }
            Thread.sleep(200);
        }
        return task;
    }
}
