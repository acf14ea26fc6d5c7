package org.orrery.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The runtime as a user meets it, on every JDK found (17 and 25 here): first start, log in,
 * add a bundle at run time through the deploy folder and through the Web Console, restart.
 */
class RuntimeLifecycleIT {

    static final Path WORK = Path.of(System.getProperty("orrery.e2e.dir", "target/e2e")).toAbsolutePath();
    static final Path DEPLOYABLE = Path.of(System.getProperty("orrery.deployable.jar",
            "../itest.deployable/target/itest.deployable-0.1.0-SNAPSHOT.jar")).toAbsolutePath();
    static final String PROBE = "/api/v1/itest/deployed-probe";
    static final String DEPLOYABLE_NAME = "org.orrery.itest.deployable";
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SAMPLE_PID = "org.orrery.itest.sample";

    static String configuration(RuntimeProcess runtime, String password) {
        return runtime.get("/system/console/configMgr/" + SAMPLE_PID + ".json", "admin", password).body();
    }

    static List<Path> jdks() throws IOException {
        return RuntimeProcess.jdks();
    }

    @Test
    void testsRunOnJdk17AndJdk25WhenBothAreInstalled() throws IOException {
        List<Path> jdks = jdks();
        assertFalse(jdks.isEmpty());
        if (Files.isDirectory(Path.of("/usr/lib/jvm/temurin-25-jdk-amd64"))) {
            assertTrue(jdks.size() >= 2, "a JDK 25 is installed but not among " + jdks);
        }
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("jdks")
    void firstStartLoginDeployAndRestart(Path javaHome) throws Exception {
        Path home = WORK.resolve("lifecycle-" + javaHome.getFileName() + "-" + UUID.randomUUID());
        int port = RuntimeProcess.freePort();
        String password;
        try (RuntimeProcess runtime = RuntimeProcess.start(javaHome, home, port).awaitReady()) {
            JsonNode health = JSON.readTree(runtime.get("/api/v1/health", null, null).body());
            assertEquals("UP", health.path("status").asText(), health.toString());

            // a generated password, readable by its owner only; admin/admin does not work
            Path passwordFile = home.resolve("etc/initial-admin-password");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)));
            password = runtime.adminPassword();
            assertTrue(runtime.console().contains(passwordFile.toString()), "the log names the password file");
            assertFalse(runtime.console().contains(password), "the log never shows the password");
            assertEquals(401, runtime.get("/system/console/bundles", null, null).statusCode());
            assertEquals(401, runtime.get("/system/console/bundles", "admin", "admin").statusCode());
            assertEquals(401, runtime.get("/system/console/bundles", "admin", password + "x").statusCode());
            assertEquals(200, runtime.get("/system/console/bundles", "admin", password).statusCode());
            String[] admin = {"admin", password};

            // a bundle dropped into deploy/ starts and its DS component registers its route
            assertEquals(404, runtime.status(PROBE, admin));
            Path dropped = home.resolve("deploy/deployable.jar");
            copyAtomically(DEPLOYABLE, dropped);
            runtime.await("the dropped bundle's route answers", Duration.ofSeconds(30), () -> runtime.status(PROBE, admin) == 200);
            assertEquals("Active", bundleState(runtime, password).orElse("absent"));
            assertEquals(401, runtime.status(PROBE, null), "routes of deployed bundles are protected too");
            assertEquals("echo: ping", echoOverWebSocket(runtime, password), "a deployed bundle's Jakarta WebSocket endpoint works");
            assertEquals(401, runtime.status("/api/v1/itest/echo", null), "its WebSocket upgrade is authenticated too");

            // removing the file uninstalls it
            Files.delete(dropped);
            runtime.await("the removed bundle's route is gone", Duration.ofSeconds(30), () -> runtime.status(PROBE, admin) == 404);
            runtime.await("the removed bundle is uninstalled", Duration.ofSeconds(10),
                    () -> bundleState(runtime, password).isEmpty());

            // installed through the Web Console, as a user does in the browser
            HttpResponse<String> upload = installThroughConsole(runtime, password, DEPLOYABLE);
            assertTrue(upload.statusCode() < 400, "console install answered " + upload.statusCode() + ": " + upload.body());
            runtime.await("the bundle installed through the console is active", Duration.ofSeconds(30),
                    () -> runtime.status(PROBE, admin) == 200);

            // configuration made in the Web Console
            HttpResponse<String> configured = runtime.send(HttpRequest.newBuilder(runtime.uri("/system/console/configMgr/" + SAMPLE_PID))
                    .header("Authorization", RuntimeProcess.basic("admin", password))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("apply=true&action=ajaxConfigManager&propertylist=answer&answer=42"))
                    .build());
            assertTrue(configured.statusCode() < 400, "configuration answered " + configured.statusCode());
            assertTrue(configuration(runtime, password).contains("\"value\":\"42\""));

            assertEquals(0, runtime.stop(), "a normal stop exits with 0");
        }

        try (RuntimeProcess again = RuntimeProcess.start(javaHome, home, port).awaitReady()) {
            assertFalse(again.console().contains("Created user"), "no new password on restart");
            assertEquals(password, again.adminPassword());
            assertEquals(200, again.get("/system/console/bundles", "admin", password).statusCode());
            assertEquals(401, again.get("/system/console/bundles", "admin", "admin").statusCode());
            again.await("the bundle installed at run time is back after the restart", Duration.ofSeconds(30),
                    () -> again.status(PROBE, new String[] {"admin", password}) == 200);
            assertTrue(configuration(again, password).contains("\"value\":\"42\""), "configuration survives the restart");
            assertTrue(Files.readString(home.resolve("logs/orrery.log")).contains("Orrery started"), "the log file is written");
        }
    }

    /** Sends "ping" to the deployed bundle's WebSocket echo endpoint and returns the answer. */
    static String echoOverWebSocket(RuntimeProcess runtime, String password) throws Exception {
        CompletableFuture<String> answer = new CompletableFuture<>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Authorization", RuntimeProcess.basic("admin", password))
                .buildAsync(URI.create("ws://127.0.0.1:" + runtime.port + "/api/v1/itest/echo"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        answer.complete(data.toString());
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        try {
            socket.sendText("ping", true).get(10, TimeUnit.SECONDS);
            return answer.get(10, TimeUnit.SECONDS);
        } finally {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
    }

    static Optional<String> bundleState(RuntimeProcess runtime, String password) {
        try {
            JsonNode bundles = JSON.readTree(runtime.get("/system/console/bundles.json", "admin", password).body());
            for (JsonNode bundle : bundles.path("data")) {
                if (DEPLOYABLE_NAME.equals(bundle.path("symbolicName").asText())) {
                    return Optional.of(bundle.path("state").asText());
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<String> installThroughConsole(RuntimeProcess runtime, String password, Path jar) throws IOException {
        String boundary = "----orrery" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        part(body, boundary, "action", "install");
        part(body, boundary, "bundlestart", "start");
        part(body, boundary, "bundlestartlevel", "1");
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"bundlefile\"; filename=\""
                + jar.getFileName() + "\"\r\nContent-Type: application/java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(jar));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(runtime.uri("/system/console/bundles"))
                .header("Authorization", RuntimeProcess.basic("admin", password))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build();
        return runtime.send(request);
    }

    private static void part(ByteArrayOutputStream body, String boundary, String name, String value) throws IOException {
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
    }

    /** Copies through a temporary name, as a careful user would, so the watcher never sees half a file. */
    static void copyAtomically(Path from, Path to) throws IOException {
        Path temp = to.resolveSibling(to.getFileName() + ".part");
        Files.copy(from, temp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(temp, to, StandardCopyOption.ATOMIC_MOVE);
    }
}
